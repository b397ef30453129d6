package org.sportsdb.stack.ops.alerts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;

/**
 * The validator's progress as its Spark checkpoint records it: the Kafka source does not commit offsets to a
 * consumer group, so the last committed batch of the checkpoint is the truth. {@code commits/N} marks batch N
 * done; {@code offsets/N} holds "v1", the batch metadata, then one JSON line per source:
 * {@code {"soccer.league":{"0":10,"1":9}, ...}}, the end offsets of batch N (exclusive).
 */
final class ValidatorCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Long>>> SOURCE_OFFSETS = new TypeReference<>() {
    };

    /** The last committed batch: its id, when its commit file was written, and the offsets it read up to. */
    record Committed(long batchId, Instant committedAt, Map<TopicPartition, Long> offsets) {
    }

    private ValidatorCheckpoint() {
    }

    /** Empty when the checkpoint has no committed batch yet (or does not exist). */
    static Optional<Committed> lastCommitted(Path checkpointDir) throws IOException {
        Path commits = checkpointDir.resolve("commits");
        if (!Files.isDirectory(commits)) {
            return Optional.empty();
        }
        long last = -1;
        try (Stream<Path> files = Files.list(commits)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
                    last = Math.max(last, Long.parseLong(name));
                }
            }
        }
        if (last < 0) {
            return Optional.empty();
        }
        Instant at = Files.getLastModifiedTime(commits.resolve(Long.toString(last))).toInstant();
        List<String> lines = Files.readAllLines(checkpointDir.resolve("offsets").resolve(Long.toString(last)));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            if (line.isBlank() || !line.trim().startsWith("{")) {
                continue;
            }
            JSON.readValue(line, SOURCE_OFFSETS).forEach((topic, partitions) ->
                    partitions.forEach((partition, offset) -> offsets.put(new TopicPartition(topic, Integer.parseInt(partition)), offset)));
        }
        return Optional.of(new Committed(last, at, offsets));
    }
}
