package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** The counts of one micro-batch, read from its progress: in, out, dropped as duplicates, dropped as late, state size, duration. */
public record BatchFigures(long batchId, long input, long output, long duplicates, long late, long stateRows, long durationMs) {

    public static BatchFigures of(StreamingQueryProgress p) {
        long duplicates = 0;
        long late = 0;
        long stateRows = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            duplicates += s.customMetrics().getOrDefault("numDroppedDuplicateRows", 0L);
            late += s.numRowsDroppedByWatermark();
            stateRows += s.numRowsTotal();
        }
        return new BatchFigures(p.batchId(), p.numInputRows(), Math.max(0, p.sink().numOutputRows()), duplicates, late,
                stateRows, p.durationMs().getOrDefault("triggerExecution", 0L));
    }
}
