package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.execution.streaming.runtime.TERMINATED$;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Ends a streaming query between two micro-batches when the JVM is asked to stop (SIGTERM, SIGINT: {@code docker stop},
 * Ctrl-C): the batch running then finishes, writes its output and its commit, and no further batch starts; only then
 * does Spark's own shutdown stop the context. Spark 4 has no setting for this ({@code StreamingQuery.stop()} interrupts
 * the running batch, which is then replayed at the next start: its rows written twice).
 * <p>
 * How: a hook in Spark's shutdown sequence, run before the one that stops the SparkContext, marks the query
 * terminated without interrupting it (the state {@code StreamingQuery.stop()} sets before it interrupts). The
 * micro-batch loop checks that state before each batch; a batch not yet executing its data when the mark comes
 * stops there, before it writes anything (so it is replayed without duplicates); a batch already writing completes and
 * commits. The hook then waits for the query's end, at most {@code wait}, after which it stops the query the usual way.
 * A shutdown hook of the JVM has at most Hadoop's {@code hadoop.service.shutdown.timeout} (30 s) and the container
 * its stop grace period: a batch longer than those is cut and replayed.
 */
public final class StopBetweenBatches {
    /** Above Spark's SparkContext shutdown priority (50): runs before the context stops. */
    static final int PRIORITY = 60;

    private StopBetweenBatches() {
    }

    /**
     * Installs the hook for {@code query}: the query ends between batches, then {@code afterwards} runs (still before
     * the SparkContext stops); returns the hook's handle (for {@link #remove}).
     */
    public static Object onShutdown(StreamingQuery query, Duration wait, Runnable afterwards) {
        return ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
            stopAfterRunningBatch(query, wait);
            afterwards.run();
            return BoxedUnit.UNIT;
        });
    }

    public static void remove(Object hook) {
        ShutdownHookManager.removeShutdownHook(hook);
    }

    /** Lets the running batch finish and commit, then ends the query (see the class comment). */
    public static void stopAfterRunningBatch(StreamingQuery query, Duration wait) {
        if (!query.isActive()) {
            return;
        }
        System.err.println("validator: stop requested: the running batch finishes and commits, then the query ends");
        if (query instanceof StreamingQueryWrapper w) {
            w.streamingQuery().state().set(TERMINATED$.MODULE$);
        }
        try {
            if (query.awaitTermination(wait.toMillis())) {
                System.err.println("validator: stopped between batches (last batch " + lastBatch(query) + ")");
                return;
            }
            System.err.println("validator: the running batch did not finish within " + wait + ": stopped (that batch is replayed at the next start)");
        } catch (Exception e) {
            System.err.println("validator: the query ended with " + e);
        }
        try {
            query.stop();
        } catch (TimeoutException e) {
            System.err.println("validator: the query did not stop: " + e);
        }
    }

    private static String lastBatch(StreamingQuery query) {
        return query.lastProgress() == null ? "none" : Long.toString(query.lastProgress().batchId());
    }
}
