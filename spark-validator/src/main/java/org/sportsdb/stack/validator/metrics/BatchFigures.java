package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.validator.audit.BatchCounts;

/**
 * The counts of one micro-batch: rows read (Spark's input rows), rows written (the sink's), unchanged re-polls dropped
 * as counted where the de-duplication dropped them ({@link BatchCounts}; -1 when the batch has no counts), the rows
 * none of these account for ({@code input - output - unchanged}: 0 unless rows were lost between the validation and
 * the sink), state size and duration. The drops are not the difference of input and output: a difference can never
 * show a loss.
 */
public record BatchFigures(long batchId, long input, long output, long unchanged, long unaccounted, long stateRows,
                           long durationMs) {

    public static BatchFigures of(StreamingQueryProgress p) {
        BatchCounts.Batch counts = BatchCounts.of(p);
        long stateRows = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            stateRows += s.numRowsTotal();
        }
        long output = Math.max(0, p.sink().numOutputRows());
        long unchanged = counts == null ? -1 : counts.total(BatchCounts.DROPPED);
        long unaccounted = counts == null ? 0 : p.numInputRows() - output - unchanged;
        return new BatchFigures(p.batchId(), p.numInputRows(), output, unchanged, unaccounted, stateRows,
                p.durationMs().getOrDefault("triggerExecution", 0L));
    }

    /** The batch's log line: input, output, dropped_unchanged (counted), state, duration, and any unaccounted rows. */
    public String line() {
        return String.format("validator: batch %d input=%d output=%d dropped_unchanged=%s state_rows=%d duration_ms=%d%s",
                batchId, input, output, unchanged < 0 ? "uncounted" : Long.toString(unchanged), stateRows, durationMs,
                unaccounted == 0 ? "" : " UNACCOUNTED=" + unaccounted + " (read, not written and not dropped as unchanged:"
                        + " lost between the validation and the sink; see the batch's audit record)");
    }
}
