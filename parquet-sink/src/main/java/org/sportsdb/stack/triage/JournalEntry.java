package org.sportsdb.stack.triage;

import java.util.List;
import java.util.Map;

/**
 * A write-ahead record of one segment: the files it publishes (paths relative to the root), the
 * offsets to commit once they are visible, and how many of the offsets it commits past were deleted by
 * Kafka retention before they were read. Written after the temporary files are complete.
 */
public record JournalEntry(String runId, int segment, String topic, List<FileMove> files,
                           Map<Integer, Long> nextOffsets, long lostToRetention) {

    /** A complete temporary file and its final name, both relative to the triage root. */
    public record FileMove(String temp, String target, long rows) {
    }

    public String fileName() {
        return String.format("%s-%05d.json", runId, segment);
    }
}
