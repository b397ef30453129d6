package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one triage run: per-topic counts of what it committed (segments of an earlier, interrupted run
 * that its recovery committed included), and what that recovery did ({@code recoveredFiles} published from the
 * journal, {@code orphanTempFiles} incomplete temporary files removed).
 */
public record TriageResult(String runId, Instant triagedAt, Map<String, TopicCounts> topics,
                           int recoveredFiles, int orphanTempFiles, Duration elapsed) {

    public long totalRecords() {
        return topics.values().stream().mapToLong(TopicCounts::records).sum();
    }

    public List<Path> files() {
        return topics.values().stream().flatMap(c -> c.files().stream()).toList();
    }

    public long lostToRetention() {
        return topics.values().stream().mapToLong(TopicCounts::lostToRetention).sum();
    }

    /** One line for the route's log. */
    public String summary() {
        String perTopic = topics.entrySet().stream()
                .filter(e -> e.getValue().records() > 0 || e.getValue().lostToRetention() > 0)
                .map(e -> e.getKey() + "=" + e.getValue().records())
                .collect(Collectors.joining(", ", "{", "}"));
        return String.format("run %s: %d records in %d files from %d topics %s; recovered files %d; "
                        + "orphan temp files removed %d; lost to retention %d; %d ms",
                runId, totalRecords(), files().size(), topics.size(), perTopic, recoveredFiles,
                orphanTempFiles, lostToRetention(), elapsed.toMillis());
    }
}
