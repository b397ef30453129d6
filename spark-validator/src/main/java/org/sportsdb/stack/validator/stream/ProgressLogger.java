package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Logs one line per micro-batch: input rows, output rows, de-duplication drops (duplicates, and rows later than the
 * watermark), batch duration. Everything the validator drops is counted here.
 */
public final class ProgressLogger extends StreamingQueryListener {

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        System.err.println("validator: query " + event.name() + " started, id " + event.id());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        if (p.numInputRows() == 0) {
            return;
        }
        long duplicates = 0;
        long late = 0;
        long stateRows = 0;
        for (StateOperatorProgress s : p.stateOperators()) {
            duplicates += s.customMetrics().getOrDefault("numDroppedDuplicateRows", 0L);
            late += s.numRowsDroppedByWatermark();
            stateRows += s.numRowsTotal();
        }
        System.err.printf("validator: batch %d input=%d output=%d dropped_duplicates=%d dropped_late=%d state_rows=%d duration_ms=%d%n",
                p.batchId(), p.numInputRows(), p.sink().numOutputRows(), duplicates, late, stateRows,
                p.durationMs().getOrDefault("triggerExecution", 0L));
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        System.err.println("validator: query " + event.id() + " terminated"
                + (event.exception().isDefined() ? " with " + event.exception().get() : ""));
    }
}
