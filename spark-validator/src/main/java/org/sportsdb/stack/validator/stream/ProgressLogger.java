package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.sportsdb.stack.validator.metrics.BatchFigures;

/**
 * Logs one line per micro-batch ({@link BatchFigures#line}): input rows, output rows, unchanged re-polls dropped by the
 * de-duplication as counted where they were dropped (the only drop: input = output + dropped_unchanged, and the line
 * says UNACCOUNTED with the difference when not), state entries, batch duration.
 */
public final class ProgressLogger extends StreamingQueryListener {

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        System.err.println("validator: query " + event.name() + " started, id " + event.id());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        BatchFigures f = BatchFigures.of(event.progress());
        if (f.input() == 0) {
            return;
        }
        System.err.println(f.line());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        System.err.println("validator: query " + event.id() + " terminated"
                + (event.exception().isDefined() ? " with " + event.exception().get() : ""));
    }
}
