package org.sportsdb.stack.triage;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A write-ahead record of one segment: the files it publishes (paths relative to the root), the
 * offsets to commit once they are visible, and how many of the offsets it commits past were deleted by
 * Kafka retention before they were read: the topic's total ({@code lostToRetention}, what the run counts) and per
 * partition ({@code lostToRetentionByPartition}, what each partition's commit adds to the total its metadata
 * carries). Written after the temporary files are complete.
 *
 * <p>An entry journaled by a version without the per-partition counts (the field absent, read as null) puts its
 * topic total on its lowest partition: the topic's total in the commit metadata stays right, only its split over the
 * partitions is not known.
 */
public record JournalEntry(String runId, int segment, String topic, List<FileMove> files,
                           Map<Integer, Long> nextOffsets, long lostToRetention,
                           Map<Integer, Long> lostToRetentionByPartition) {

    public JournalEntry {
        if (lostToRetentionByPartition == null) {
            lostToRetentionByPartition = lostToRetention == 0 || nextOffsets.isEmpty() ? Map.of()
                    : Map.of(Collections.min(nextOffsets.keySet()), lostToRetention);
        } else {
            lostToRetentionByPartition = Collections.unmodifiableMap(new TreeMap<>(lostToRetentionByPartition));
        }
        long sum = lostToRetentionByPartition.values().stream().mapToLong(Long::longValue).sum();
        if (sum != lostToRetention) {
            throw new IllegalArgumentException("journal entry " + runId + "/" + segment + " of " + topic + ": "
                    + lostToRetention + " offsets lost to retention, but " + lostToRetentionByPartition + " per partition");
        }
    }

    /** An entry whose topic total is the sum of {@code lostByPartition}. */
    public JournalEntry(String runId, int segment, String topic, List<FileMove> files, Map<Integer, Long> nextOffsets,
                        Map<Integer, Long> lostByPartition) {
        this(runId, segment, topic, files, nextOffsets,
                lostByPartition.values().stream().mapToLong(Long::longValue).sum(), lostByPartition);
    }

    /** A complete temporary file and its final name, both relative to the triage root. */
    public record FileMove(String temp, String target, long rows) {
    }

    /** The offsets of {@code partition} this segment's commit moves past that retention deleted unread. */
    public long lostToRetention(int partition) {
        return lostToRetentionByPartition.getOrDefault(partition, 0L);
    }

    public String fileName() {
        return String.format("%s-%05d.json", runId, segment);
    }
}
