package org.sportsdb.stack.validator.audit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the validator's (local) checkpoint folder tells about its batches, read the way Spark writes it: the query id
 * ({@code metadata}), the committed batch ids ({@code commits/<id>}), each batch's end offsets and timestamp
 * ({@code offsets/<id>}: a version line, the batch metadata, one line of Kafka offsets per source), the query's
 * starting offsets ({@code sources/0/0}); and the audit marker {@value #MARKER}, which {@link AuditPublisher} keeps:
 * the id of the last batch whose audit record was written, every earlier committed one written too.
 */
final class CheckpointBatches {
    static final String MARKER = "last-audited-batch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    CheckpointBatches(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The query id the checkpoint belongs to, or null before the query's first start. */
    String queryId() {
        List<String> lines = lines(dir.resolve("metadata"));
        try {
            return lines == null || lines.isEmpty() ? null : JSON.readTree(lines.get(0)).path("id").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable checkpoint metadata in " + dir, e);
        }
    }

    /** The committed batch ids above {@code batch}, in order. */
    List<Long> committedAfter(long batch) {
        Path commits = dir.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(commits)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
                    .filter(id -> id > batch).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + commits, e);
        }
    }

    /** The Kafka offsets the batch read up to, or null when its offsets log entry is gone (purged). */
    Map<String, Map<Integer, Long>> endOffsets(long batch) {
        List<String> lines = lines(dir.resolve("offsets").resolve(Long.toString(batch)));
        if (lines == null) {
            return null;
        }
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        for (String source : lines.subList(Math.min(2, lines.size()), lines.size())) {
            AuditRecord.offsets(source).forEach((topic, parts) -> out.computeIfAbsent(topic, t -> new TreeMap<>()).putAll(parts));
        }
        return out;
    }

    /**
     * The Kafka offsets the batch started from: the previous batch's end offsets, for the first batch the query's
     * starting offsets (none known: empty); null when the previous batch's offsets log entry is gone (purged).
     */
    Map<String, Map<Integer, Long>> startOffsets(long batch) {
        if (batch > 0) {
            return endOffsets(batch - 1);
        }
        List<String> lines = lines(dir.resolve("sources").resolve("0").resolve("0"));
        return lines == null || lines.size() < 2 ? Map.of() : AuditRecord.offsets(lines.get(1));
    }

    /** The batch's timestamp (epoch millis, its offsets log entry), or -1 when unknown. */
    long timestamp(long batch) {
        List<String> lines = lines(dir.resolve("offsets").resolve(Long.toString(batch)));
        try {
            return lines == null || lines.size() < 2 ? -1 : JSON.readTree(lines.get(1)).path("batchTimestampMs").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The id of the last batch whose audit record was written (every committed one before it too), -1 when none. */
    long lastAudited() {
        List<String> lines = lines(dir.resolve(MARKER));
        return lines == null || lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    }

    /** Records that the audit records of every committed batch up to {@code batch} are written (replaced atomically). */
    void markAudited(long batch) throws IOException {
        Path tmp = dir.resolve("." + MARKER + ".tmp");
        Files.writeString(tmp, batch + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The lines of a checkpoint file (Spark's leading NUL byte of source offsets dropped), null when it is absent. */
    private static List<String> lines(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.replace("\0", "").lines().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
