package org.sportsdb.stack.validator.audit;

import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit counts of the validator's micro-batches, counted where they happen: per source topic the rows the
 * validation read ({@link #READ}), and the rows the de-duplication passed on to the sink as validated
 * ({@link #VALIDATED}) or rejected ({@link #REJECTED}) or dropped as unchanged re-polls ({@link #DROPPED}, in the
 * validation task for a repeat inside it, in the state for the others); per source partition the first offset read.
 * <p>
 * A Spark accumulator: each task counts into its own copy with plain {@code long} increments on arrays it looked up
 * once per topic (no aggregate expression per row, no extra pass); the driver merges the copies when the tasks end,
 * before the batch's progress event, and {@link AuditPublisher} takes a batch's counts with {@link #take}. A task's
 * counts are kept under (query, batch, stage, partition) and a copy merged again for the same key replaces the first
 * one: a task run again (a retried or recomputed stage) counts once.
 */
public final class BatchCounts extends AccumulatorV2<BatchCounts.TaskCounts, Map<BatchCounts.TaskKey, BatchCounts.TaskCounts>> {
    private static final long serialVersionUID = 1L;
    public static final int READ = 0;
    public static final int VALIDATED = 1;
    public static final int REJECTED = 2;
    public static final int DROPPED = 3;
    /** Names of the four counts in the audit record, by index. */
    public static final String[] NAMES = {"read", "validated", "rejected", "dropped"};
    /** Spark's local properties of a streaming query's jobs (StreamExecution.QUERY_ID_KEY, MicroBatchExecution.BATCH_ID_KEY). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";
    static final String BATCH_ID_PROPERTY = "streaming.sql.batchId";
    /** Beyond this many task entries nobody takes (no audit publisher), the oldest batches are forgotten. */
    static final int MAX_ENTRIES = 20_000;

    private static BatchCounts registered;
    private static SparkContext registeredWith;

    private final HashMap<TaskKey, TaskCounts> tasks = new HashMap<>();
    /** The batches taken last ({@link #take}), so the other listeners of the same progress still read their counts. */
    private final java.util.LinkedHashMap<String, Batch> taken = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Batch> eldest) {
            return size() > 100;
        }
    };

    /** One task's place: its query and batch (Spark's local properties), its stage and partition. */
    public record TaskKey(String queryId, long batchId, int stageId, int partitionId) implements Serializable {
    }

    /** One task's counts: source topic → the four counts, "topic-partition" → the first offset read. */
    public static final class TaskCounts implements Serializable {
        private static final long serialVersionUID = 1L;
        final HashMap<String, long[]> byTopic = new HashMap<>();
        final HashMap<String, Long> firstOffsets = new HashMap<>();

        /** The four counts of a source topic, to increment in place. */
        public long[] of(String topic) {
            return byTopic.computeIfAbsent(topic, t -> new long[NAMES.length]);
        }

        public void firstOffset(String topic, int partition, long offset) {
            firstOffsets.merge(topic + "-" + partition, offset, Math::min);
        }

        void addAll(TaskCounts other) {
            other.byTopic.forEach((t, c) -> {
                long[] mine = of(t);
                for (int i = 0; i < c.length; i++) {
                    mine[i] += c[i];
                }
            });
            other.firstOffsets.forEach((tp, o) -> firstOffsets.merge(tp, o, Math::min));
        }
    }

    /** The counts of one batch: source topic → {read, validated, rejected, dropped}; "topic-partition" → first offset read. */
    public record Batch(Map<String, long[]> byTopic, Map<String, Long> firstOffsets) {
        public long total(int count) {
            return byTopic.values().stream().mapToLong(c -> c[count]).sum();
        }
    }

    /** The accumulator of this Spark context (registered on the first call). */
    public static synchronized BatchCounts of(SparkContext sc) {
        if (registered == null || registeredWith != sc) {
            registered = new BatchCounts();
            sc.register(registered, "validator-batch-counts");
            registeredWith = sc;
        }
        return registered;
    }

    /** The accumulator registered last (null: no validator query started in this JVM). */
    static synchronized BatchCounts current() {
        return registered;
    }

    /**
     * The counts of the running task (call on an executor, inside a task of a streaming query); null outside a
     * streaming task (a batch job over a file), where nothing is counted.
     */
    public TaskCounts forCurrentTask() {
        TaskContext tc = TaskContext.get();
        if (tc == null) {
            return null;
        }
        String query = tc.getLocalProperty(QUERY_ID_PROPERTY);
        String batch = tc.getLocalProperty(BATCH_ID_PROPERTY);
        if (query == null || batch == null) {
            return null;
        }
        TaskKey key = new TaskKey(query, Long.parseLong(batch), tc.stageId(), tc.partitionId());
        synchronized (this) {
            return tasks.computeIfAbsent(key, k -> new TaskCounts());
        }
    }

    /**
     * The counts of the batch of {@code progress}, counted where they happened, without taking them (the audit publisher
     * takes them); null when no validator query of this JVM counted anything in that batch.
     */
    public static Batch of(org.apache.spark.sql.streaming.StreamingQueryProgress progress) {
        BatchCounts all = current();
        return all == null ? null : all.peek(progress.id().toString(), progress.batchId());
    }

    /** The counts of a batch, taken or not (null when no task of it counted anything). */
    synchronized Batch peek(String queryId, long batchId) {
        Batch done = taken.get(queryId + ":" + batchId);
        return done != null ? done : sum(queryId, batchId, false);
    }

    /** Removes and returns the counts of a batch (null when no task of it counted anything). */
    public synchronized Batch take(String queryId, long batchId) {
        Batch batch = sum(queryId, batchId, true);
        if (batch != null) {
            taken.put(queryId + ":" + batchId, batch);
        }
        return batch;
    }

    /**
     * The summed task counts of a batch (null when none); with {@code remove}, that batch's entries and those of the
     * batches before it are removed.
     */
    private Batch sum(String queryId, long batchId, boolean remove) {
        TaskCounts sum = null;
        for (Iterator<Map.Entry<TaskKey, TaskCounts>> it = tasks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TaskKey, TaskCounts> e = it.next();
            if (e.getKey().queryId().equals(queryId) && e.getKey().batchId() <= batchId) {
                if (remove) {
                    it.remove();
                }
                if (e.getKey().batchId() == batchId) {
                    if (sum == null) {
                        sum = new TaskCounts();
                    }
                    sum.addAll(e.getValue());
                }
            }
        }
        return sum == null ? null : new Batch(new TreeMap<>(sum.byTopic), new TreeMap<>(sum.firstOffsets));
    }

    @Override
    public synchronized boolean isZero() {
        return tasks.isEmpty();
    }

    @Override
    public AccumulatorV2<TaskCounts, Map<TaskKey, TaskCounts>> copy() {
        BatchCounts c = new BatchCounts();
        synchronized (this) {
            c.tasks.putAll(tasks);
        }
        return c;
    }

    @Override
    public synchronized void reset() {
        tasks.clear();
    }

    @Override
    public void add(TaskCounts v) {
        TaskCounts mine = forCurrentTask();
        if (mine != null) {
            mine.addAll(v);
        }
    }

    /** A task's copy replaces what an earlier run of the same task (same query, batch, stage, partition) reported. */
    @Override
    public synchronized void merge(AccumulatorV2<TaskCounts, Map<TaskKey, TaskCounts>> other) {
        tasks.putAll(other.value());
        if (tasks.size() > MAX_ENTRIES) {
            long newest = tasks.keySet().stream().mapToLong(TaskKey::batchId).max().orElse(0);
            tasks.keySet().removeIf(k -> k.batchId() < newest - 100);
        }
    }

    @Override
    public synchronized Map<TaskKey, TaskCounts> value() {
        return new HashMap<>(tasks);
    }
}
