package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** The counts of one micro-batch, read from its progress: in, out, dropped as duplicates, dropped as late, state size, duration. */
public record BatchFigures(long batchId, long input, long output, long duplicates, long late, long stateRows, long durationMs) {

    /**
     * Duplicates are the repeats the validation tasks dropped inside the batch (input rows that never reached the
     * de-duplication state: input minus the rows it kept, dropped as duplicates or dropped as late) plus those the
     * state dropped.
     */
    public static BatchFigures of(StreamingQueryProgress p) {
        long duplicates = 0;
        long late = 0;
        long stateRows = 0;
        long reachedState = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            long dropped = s.customMetrics().getOrDefault("numDroppedDuplicateRows", 0L);
            duplicates += dropped;
            late += s.numRowsDroppedByWatermark();
            stateRows += s.numRowsTotal();
            reachedState += s.numRowsUpdated() + dropped + s.numRowsDroppedByWatermark();
        }
        if (p.stateOperators().length > 0) {
            duplicates += Math.max(0, p.numInputRows() - reachedState);
        }
        return new BatchFigures(p.batchId(), p.numInputRows(), Math.max(0, p.sink().numOutputRows()), duplicates, late,
                stateRows, p.durationMs().getOrDefault("triggerExecution", 0L));
    }
}
