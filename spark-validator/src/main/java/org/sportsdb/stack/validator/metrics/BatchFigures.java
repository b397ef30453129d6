package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The counts of one micro-batch, read from its progress: in, out, dropped as unchanged re-polls, state size, duration.
 * The de-duplication is the only stage that drops rows, so unchanged = input - output.
 */
public record BatchFigures(long batchId, long input, long output, long unchanged, long stateRows, long durationMs) {

    public static BatchFigures of(StreamingQueryProgress p) {
        long stateRows = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            stateRows += s.numRowsTotal();
        }
        long output = Math.max(0, p.sink().numOutputRows());
        return new BatchFigures(p.batchId(), p.numInputRows(), output, Math.max(0, p.numInputRows() - output),
                stateRows, p.durationMs().getOrDefault("triggerExecution", 0L));
    }
}
