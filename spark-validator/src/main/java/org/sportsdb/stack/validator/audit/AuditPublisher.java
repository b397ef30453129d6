package org.sportsdb.stack.validator.audit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one {@link AuditRecord} per micro-batch of the validator query (the query of its checkpoint; other queries
 * are ignored) to the audit topic, from the driver, after the batch, with the batch's {@link BatchCounts}.
 * <p>
 * After each write for the query of its checkpoint it records the batch id in the checkpoint folder (the marker of
 * {@link CheckpointBatches}). When that query starts (synchronously, before its first batch), every committed batch
 * above the marker is one whose record was never written (the driver stopped between the commit and the write, or
 * the write failed): it gets a counts-lost record rebuilt from the checkpoint's offsets log
 * ({@link AuditRecord#countsLost}), so the reconciler accounts for its offsets instead of showing a gap.
 * A write that fails is logged with the batch's full record and counted ({@link #failures()}), and the record is kept
 * in the checkpoint folder (pending, see {@link CheckpointBatches}) and written after the next batch's record, or at the
 * next start, with its counts: it does not depend on Spark's offsets log, which is purged after about 100 batches.
 * Only when it cannot even be kept does the marker stay before it for the rest of the run (then the next start
 * rebuilds it without counts, as long as the offsets log still has it).
 * <p>
 * The checkpoint folder is read and written through Hadoop's file system API, so a cluster checkpoint ({@code hdfs://},
 * {@code s3a://}) works as a local one.
 */
public final class AuditPublisher extends StreamingQueryListener implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong recovered = new AtomicLong();
    private final CheckpointBatches checkpoint;
    /** Id of the running query of {@link #checkpoint} (null: none yet); the marker follows only its batches. */
    private volatile UUID checkpointQuery;
    /** A write of the checkpoint query failed this run: the marker stays before it, the next start recovers it. */
    private volatile boolean markerHeld;
    /** Run id → the id of the last batch whose progress event was handled (lock and condition of {@link #awaitHandled}). */
    private final Map<UUID, Long> handled = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** A publisher of a local checkpoint folder. */
    public AuditPublisher(Map<String, String> kafkaOptions, String topic, Path checkpointDir) {
        this(kafkaOptions, topic, checkpointDir.toString(), new org.apache.hadoop.conf.Configuration());
    }

    /**
     * @param kafkaOptions  the query's Kafka options (Spark's "kafka."-prefixed client settings)
     * @param checkpointDir the validator query's checkpoint folder, as Spark is given it (a path or a URI)
     * @param hadoopConf    the file system settings (the SparkContext's hadoopConfiguration)
     */
    public AuditPublisher(Map<String, String> kafkaOptions, String topic, String checkpointDir, org.apache.hadoop.conf.Configuration hadoopConf) {
        Map<String, Object> config = new HashMap<>();
        kafkaOptions.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                config.put(k.substring("kafka.".length()), v);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "validator-audit");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.checkpoint = new CheckpointBatches(checkpointDir, hadoopConf);
    }

    /** The publisher of VALIDATOR_AUDIT_TOPIC, or null when it is 'off'. */
    public static AuditPublisher forKnob(Map<String, String> kafkaOptions, String checkpointDir, org.apache.hadoop.conf.Configuration hadoopConf) {
        String topic = ValidatorKnobs.AUDIT_TOPIC.value();
        if (topic == null || topic.equalsIgnoreCase("off")) {
            System.err.println("validator: no audit records (VALIDATOR_AUDIT_TOPIC=off): ./stack reconcile cannot account for this run");
            return null;
        }
        System.err.println("validator: one audit record per batch to " + topic);
        return new AuditPublisher(kafkaOptions, topic, checkpointDir, hadoopConf);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        if (!event.id().toString().equals(checkpoint.queryId())) {
            return;
        }
        checkpointQuery = event.id();
        markerHeld = false;
        writePending();
        auditCommittedBatchesWithoutRecord(event.id().toString(), event.name());
    }

    /** Writes the kept records of batches whose write failed, oldest first; stops at the first failure. */
    private void writePending() {
        for (Map.Entry<Long, String[]> p : checkpoint.pending().entrySet()) {
            try {
                producer.send(new ProducerRecord<>(topic, p.getValue()[0], p.getValue()[1])).get(30, TimeUnit.SECONDS);
                checkpoint.written(p.getKey());
                recovered.incrementAndGet();
                System.err.println("validator: the audit record of batch " + p.getKey() + ", kept after its write failed, written now");
            } catch (Exception e) {
                System.err.println("validator: the kept audit record of batch " + p.getKey() + " still NOT written to " + topic + " (" + e
                        + "); tried again after the next batch");
                return;
            }
        }
    }

    /** The counts-lost records of the committed batches above the marker (see the class comment). */
    private void auditCommittedBatchesWithoutRecord(String queryId, String queryName) {
        for (long batch : checkpoint.committedAfter(checkpoint.lastAudited())) {
            Map<String, Map<Integer, Long>> start = checkpoint.startOffsets(batch);
            Map<String, Map<Integer, Long>> end = checkpoint.endOffsets(batch);
            if (start == null || end == null) {
                System.err.println("validator: batch " + batch + " was committed without its audit record, and its offsets are no longer in "
                        + checkpoint.dir() + ": ./stack reconcile will show them as a gap");
                continue;
            }
            String value = AuditRecord.countsLost(queryId, queryName, batch, checkpoint.timestamp(batch), start, end);
            try {
                if (value != null) {
                    producer.send(new ProducerRecord<>(topic, AuditRecord.countsLostKey(queryId, batch), value)).get(30, TimeUnit.SECONDS);
                    recovered.incrementAndGet();
                    System.err.println("validator: batch " + batch + " was committed but its audit record never written (the validator stopped in"
                            + " between): written without its counts: " + value);
                }
                checkpoint.markAudited(batch);
            } catch (Exception e) {
                failures.incrementAndGet();
                System.err.println("validator: the counts-lost audit record of batch " + batch + " NOT written to " + topic + " (" + e
                        + "); the next start tries again: " + value);
                return;
            }
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        try {
            if (p.id().equals(checkpointQuery)) {
                audit(p);
            }
        } finally {
            synchronized (handled) {
                handled.put(p.runId(), p.batchId());
                handled.notifyAll();
            }
        }
    }

    /**
     * Waits until the progress event of batch {@code batchId} of run {@code runId} has been handled (its audit record
     * written or its failure logged): the listener bus delivers events after the query has moved on, even after it
     * ended. False when it did not come within {@code timeout}.
     */
    public boolean awaitHandled(UUID runId, long batchId, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (handled) {
            while (handled.getOrDefault(runId, -1L) < batchId) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(handled, left);
            }
            return true;
        }
    }

    private void audit(StreamingQueryProgress p) {
        BatchCounts all = BatchCounts.current();
        BatchCounts.Batch counts = all == null ? null : all.take(p.id().toString(), p.batchId());
        String value = AuditRecord.value(p, counts, p.batchId() == 0 ? checkpoint.startOffsets(0) : Map.of());
        if (value == null) {
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, AuditRecord.key(p), value)).get(30, TimeUnit.SECONDS);
            published.incrementAndGet();
            writePending();
        } catch (Exception e) {
            failures.incrementAndGet();
            try {
                checkpoint.keepPending(p.batchId(), AuditRecord.key(p), value);
                System.err.println("validator: audit record of batch " + p.batchId() + " NOT written to " + topic + " (" + e
                        + "); kept in " + checkpoint.dir() + ", written after the next batch's: " + value);
            } catch (Exception keep) {
                markerHeld = true;
                System.err.println("validator: audit record of batch " + p.batchId() + " NOT written to " + topic + " (" + e
                        + ") nor kept (" + keep + "); the next start writes it without its counts: " + value);
                return;
            }
        }
        if (!markerHeld) {
            try {
                checkpoint.markAudited(p.batchId());
            } catch (Exception e) {
                // the next start writes a counts-lost record for it too, which the reconciler ignores beside this one
                System.err.println("validator: audit marker of batch " + p.batchId() + " not written in " + checkpoint.dir() + ": " + e);
            }
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        producer.flush();
    }

    public long published() {
        return published.get();
    }

    /** Counts-lost records written at the start for batches committed without their audit record. */
    public long recovered() {
        return recovered.get();
    }

    public long failures() {
        return failures.get();
    }

    /**
     * Closes the publisher once the progress event of {@code query}'s last batch has been handled (at most
     * {@code wait}): the listener bus delivers it after the query has ended, so closing at once would lose the last
     * batch's record. The last batch is the last trigger that ran one ({@link #lastBatchRun}): a trigger that found
     * nothing new (an idle validator stopped, a start with nothing to read) has a progress Spark may never post, and
     * waiting for it held every such stop for the whole {@code wait}. Safe to call twice.
     *
     * @return false when the last batch's progress did not come within {@code wait} (its record is then written without
     *         its counts at the next start)
     */
    public boolean closeAfterLastBatchOf(org.apache.spark.sql.streaming.StreamingQuery query, java.time.Duration wait) {
        if (closed.get()) {
            return true;
        }
        StreamingQueryProgress last = lastBatchRun(query.recentProgress());
        boolean handledInTime = true;
        try {
            if (last != null && !awaitHandled(last.runId(), last.batchId(), wait)) {
                handledInTime = false;
                System.err.println("validator: the progress of batch " + last.batchId() + " did not reach the audit publisher within "
                        + wait + ": its audit record is written without its counts at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handledInTime = false;
        }
        close();
        return handledInTime;
    }

    /**
     * The progress of the last trigger that ran a batch (it has an {@code addBatch} time; Spark posts the event of every
     * such trigger), or null when none of {@code recent} did.
     */
    static StreamingQueryProgress lastBatchRun(StreamingQueryProgress[] recent) {
        for (int i = recent.length - 1; i >= 0; i--) {
            if (recent[i].durationMs().containsKey("addBatch")) {
                return recent[i];
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }
}
