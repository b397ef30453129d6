package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.execution.streaming.runtime.StreamingQueryWrapper;
import org.apache.spark.sql.execution.streaming.runtime.TERMINATED$;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.hadoop.util.ShutdownHookManager;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Ends a streaming query between two micro-batches when the JVM is asked to stop (SIGTERM, SIGINT: {@code docker stop},
 * Ctrl-C): the batch running then finishes, writes its output and its commit, and no further batch starts; only then
 * does Spark's own shutdown stop the context. Spark 4 has no setting for this ({@code StreamingQuery.stop()} interrupts
 * the running batch, which is then replayed at the next start: its rows written twice).
 * <p>
 * How: a hook in Hadoop's shutdown sequence (which Spark's own runs in), at a priority above Spark's so it runs
 * before the SparkContext stops, marks the query terminated without interrupting it (the state
 * {@code StreamingQuery.stop()} sets before it interrupts). The micro-batch loop checks that state before each batch;
 * a batch not yet executing its data when the mark comes stops there, before it writes anything (so it is replayed
 * without duplicates); a batch already writing completes and commits. The hook then waits for the query's end, at
 * most {@code wait} (VALIDATOR_STOP_WAIT; the hook's own time limit, instead of Hadoop's 30 s default), after which it
 * stops the query the usual way. The container's stop grace period must be longer, or the JVM is killed first.
 */
public final class StopBetweenBatches {
    /** Above the priority of Spark's shutdown hook in Hadoop's manager (FileSystem's 10 + 30): runs before it. */
    static final int PRIORITY = 60;

    private StopBetweenBatches() {
    }

    /**
     * Installs the hook for {@code query}: the query ends between batches, then {@code afterwards} runs (still before
     * the SparkContext stops); returns the hook's handle (for {@link #remove}).
     */
    public static Runnable onShutdown(StreamingQuery query, Duration wait, Duration afterwardsWait, Runnable afterwards) {
        Runnable hook = () -> {
            stopAfterRunningBatch(query, wait);
            afterwards.run();
        };
        ShutdownHookManager.get().addShutdownHook(hook, PRIORITY, wait.plus(afterwardsWait).plusSeconds(15).toSeconds(),
                java.util.concurrent.TimeUnit.SECONDS);
        return hook;
    }

    public static void remove(Runnable hook) {
        ShutdownHookManager.get().removeShutdownHook(hook);
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
