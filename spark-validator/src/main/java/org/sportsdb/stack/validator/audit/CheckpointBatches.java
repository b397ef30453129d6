package org.sportsdb.stack.validator.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the validator's checkpoint folder tells about its batches, read the way Spark writes it and through Hadoop's
 * file system API (a local path, {@code file:}, {@code hdfs://}, {@code s3a://}: wherever Spark keeps the checkpoint):
 * the query id ({@code metadata}), the committed batch ids ({@code commits/<id>}), each batch's end offsets and
 * timestamp ({@code offsets/<id>}: a version line, the batch metadata, one line of Kafka offsets per source), the
 * query's starting offsets ({@code sources/0/0}); and what {@link AuditPublisher} keeps there: the audit marker
 * {@value #MARKER} (the id of the last batch whose audit record was written, every earlier committed one written too
 * or kept pending), and {@value #PENDING}/&lt;batch id&gt;, the full audit record of a batch whose write failed, until
 * it is written (Spark purges its own offsets log after {@code spark.sql.streaming.minBatchesToRetain} batches; these
 * stay).
 */
final class CheckpointBatches {
    static final String MARKER = "last-audited-batch";
    static final String PENDING = "audit-pending";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final FileSystem fs;

    CheckpointBatches(String dir, Configuration conf) {
        this.dir = new Path(dir);
        try {
            this.fs = this.dir.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for the checkpoint " + dir, e);
        }
    }

    String dir() {
        return dir.toString();
    }

    /** The query id the checkpoint belongs to, or null before the query's first start. */
    String queryId() {
        List<String> lines = lines(new Path(dir, "metadata"));
        try {
            return lines == null || lines.isEmpty() ? null : JSON.readTree(lines.get(0)).path("id").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable checkpoint metadata in " + dir, e);
        }
    }

    /** The committed batch ids above {@code batch}, in order. */
    List<Long> committedAfter(long batch) {
        return batchFiles(new Path(dir, "commits")).stream().filter(id -> id > batch).toList();
    }

    /** The Kafka offsets the batch read up to, or null when its offsets log entry is gone (purged). */
    Map<String, Map<Integer, Long>> endOffsets(long batch) {
        List<String> lines = lines(new Path(new Path(dir, "offsets"), Long.toString(batch)));
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
        List<String> lines = lines(new Path(new Path(new Path(dir, "sources"), "0"), "0"));
        return lines == null || lines.size() < 2 ? Map.of() : AuditRecord.offsets(lines.get(1));
    }

    /** The batch's timestamp (epoch millis, its offsets log entry), or -1 when unknown. */
    long timestamp(long batch) {
        List<String> lines = lines(new Path(new Path(dir, "offsets"), Long.toString(batch)));
        try {
            return lines == null || lines.size() < 2 ? -1 : JSON.readTree(lines.get(1)).path("batchTimestampMs").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The id of the last batch whose audit record was written (every committed one before it too), -1 when none. */
    long lastAudited() {
        List<String> lines = lines(new Path(dir, MARKER));
        if (lines == null) {
            lines = lines(new Path(dir, "." + MARKER + ".tmp")); // stopped between the two steps of markAudited
        }
        return lines == null || lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    }

    /** Records that the audit records of every committed batch up to {@code batch} are written (or pending). */
    void markAudited(long batch) throws IOException {
        Path tmp = new Path(dir, "." + MARKER + ".tmp");
        write(tmp, batch + "\n");
        fs.delete(new Path(dir, MARKER), false);
        if (!fs.rename(tmp, new Path(dir, MARKER))) {
            throw new IOException("cannot rename " + tmp + " to " + MARKER);
        }
    }

    /** Keeps the full audit record of a batch whose write failed, until {@link #written}. */
    void keepPending(long batch, String key, String value) throws IOException {
        write(new Path(new Path(dir, PENDING), Long.toString(batch)), key + "\n" + value + "\n");
    }

    /** The pending audit records, by batch id: {key, value}. */
    Map<Long, String[]> pending() {
        Map<Long, String[]> out = new TreeMap<>();
        for (long batch : batchFiles(new Path(dir, PENDING))) {
            List<String> lines = lines(new Path(new Path(dir, PENDING), Long.toString(batch)));
            if (lines != null && lines.size() >= 2) {
                out.put(batch, new String[] {lines.get(0), lines.get(1)});
            }
        }
        return out;
    }

    /** A pending record has been written: forget it. */
    void written(long batch) throws IOException {
        fs.delete(new Path(new Path(dir, PENDING), Long.toString(batch)), false);
    }

    private void write(Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The numeric file names of a folder (batch ids), sorted; empty when it does not exist. */
    private List<Long> batchFiles(Path folder) {
        try {
            List<Long> out = new ArrayList<>();
            for (FileStatus f : fs.listStatus(folder)) {
                String n = f.getPath().getName();
                if (n.matches("\\d+")) {
                    out.add(Long.parseLong(n));
                }
            }
            out.sort(null);
            return out;
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The lines of a checkpoint file (Spark's leading NUL byte of source offsets dropped), null when it is absent. */
    private List<String> lines(Path file) {
        try (var in = fs.open(file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\0", "").lines().filter(l -> !l.isBlank()).toList();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
