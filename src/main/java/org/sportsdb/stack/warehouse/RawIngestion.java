package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route ({@code routes/warehouse-ingest.yaml}, bean {@code warehouseIngest}):
 * poll a batch of validated records, insert them per topic into the raw tables, then, after the
 * refused rows are on their rejected topics, commit the batch's offsets.
 * <p>
 * A batch that fails is <b>kept</b>: when the warehouse cannot take it now (a transient server error such as
 * 252 TOO_MANY_PARTS or 241 MEMORY_LIMIT_EXCEEDED, no answer) or its refused rows could not be published,
 * nothing is committed and the next runs retry the same records (only the topics not written yet), after
 * {@code retryDelay}, doubling up to {@code maxRetryDelay}, until they succeed. Nothing is polled meanwhile.
 * The retries are counted by server code and the warehouse shows as degraded ({@link WarehouseStats}).
 * Only when the commit itself fails (e.g. the group rebalanced during a retry longer than the consumer's
 * max.poll.interval.ms) is the batch dropped and the consumer rewound to its committed offsets: the records
 * come again from Kafka, and rows inserted twice collapse in the raw tables.
 * <p>
 * Two batches are in hand at a time while there is a backlog: the batch being inserted (on the {@code warehouse-insert}
 * thread) and the next one, polled and made into lines meanwhile on the route's thread, so the warehouse's work on one
 * batch and the reading and mapping of the next overlap. The next batch is never committed before the one before it
 * (commits name their offsets; the route commits one batch at a time, in order) and it is given back to Kafka (its
 * partitions rewound to its first offsets) whenever the consumer is rewound or a table is held.
 */
public final class RawIngestion implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(RawIngestion.class);
    /** Exchange property: this timer run has polled once already. */
    private static final String LOOPING = "warehouseIngestLooping";

    private final Supplier<IngestConsumer> consumerFactory;
    private final RawTableNames names;
    private final RawBatchWriter writer;
    private final WarehouseStats stats;
    private final int batchSize;
    private final long batchMaxBytes;
    private final Duration batchTimeout;
    private final Duration retryDelay;
    private final Duration maxRetryDelay;
    private IngestConsumer consumer;
    /** The polled batch not committed yet (retried until it is), or null. */
    private PendingBatch pending;
    /** The batch polled and prepared while {@link #pending} was being inserted (a backlog), or null. */
    private PendingBatch next;
    /** Runs the inserts of a batch, one at a time, while the route's thread reads the next. */
    private ExecutorService inserter;
    private Duration nextRetryDelay;
    private long retryNotBefore = System.nanoTime();
    /** Tables stopped by a permanent error, their records held by the consumer. */
    private final java.util.Set<String> held = new java.util.TreeSet<>();
    private long retryHeldNotBefore;
    private volatile boolean migrationApplied;
    /** Records left to read after the last committed batch: the route polls again at once while there are. */
    private long lagAfterLastBatch;

    public RawIngestion(Supplier<IngestConsumer> consumerFactory, RawTableNames names, RawBatchWriter writer,
            WarehouseStats stats, int batchSize, long batchMaxBytes, Duration batchTimeout, Duration retryDelay, Duration maxRetryDelay) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("warehouse.batch.size must be at least 1, was " + batchSize);
        }
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("warehouse.ingest.max-retry-delay-ms (" + maxRetryDelay.toMillis()
                    + ") must not be below warehouse.ingest.retry-delay-ms (" + retryDelay.toMillis() + ")");
        }
        this.consumerFactory = consumerFactory;
        this.names = names;
        this.writer = writer;
        this.stats = stats;
        this.batchSize = batchSize;
        this.batchMaxBytes = batchMaxBytes;
        this.batchTimeout = batchTimeout;
        this.retryDelay = retryDelay;
        this.maxRetryDelay = maxRetryDelay;
        this.nextRetryDelay = retryDelay;
    }

    /**
     * Writes the kept batch, or polls a new one and writes it; the rows the warehouse refused are in the result.
     * While it is being inserted, the next batch is polled and prepared when records are left to read.
     * Nothing during the retry delay after a failure.
     */
    public synchronized IngestBatch pollAndWrite() {
        if (System.nanoTime() - retryNotBefore < 0) {
            return new IngestBatch(List.of(), List.of());
        }
        if (pending == null) {
            if (consumer == null) {
                consumer = consumerFactory.get();
                held.clear();
            }
            if (!held.isEmpty() && (migrationApplied || System.nanoTime() - retryHeldNotBefore >= 0)) {
                LOG.info("warehouse tables {} tried again ({})", held, migrationApplied ? "a migration was applied" : "retry delay over");
                consumer.release();
                held.clear();
            }
            migrationApplied = false;
            if (next != null) {
                pending = next;
                next = null;
            } else {
                List<ConsumerRecord<String, byte[]>> records = consumer.poll(batchSize, batchMaxBytes, batchTimeout);
                if (records.isEmpty()) {
                    lagAfterLastBatch = 0;
                    return new IngestBatch(List.of(), List.of());
                }
                pending = prepare(records);
            }
        }
        PendingBatch writing = pending;
        Future<List<TopicWrite>> inserting = inserter().submit(() -> writeTopics(writing));
        if (next == null && consumer.lag() > 0) {
            List<ConsumerRecord<String, byte[]>> more = consumer.poll(batchSize, batchMaxBytes, batchTimeout);
            next = more.isEmpty() ? null : prepare(more);
        }
        List<TopicWrite> writes = awaitWrites(inserting);
        RuntimeException failure = null;
        for (TopicWrite write : writes) {
            if (write.error() instanceof WarehouseTableException e) {
                hold(write.topic(), writing.byTopic.get(write.topic()).rows, e);
            } else if (write.error() != null) {
                failure = write.error();
            } else {
                written(writing, write.topic(), write.result());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new IngestBatch(pending.records, pending.refused);
    }

    private PendingBatch prepare(List<ConsumerRecord<String, byte[]>> records) {
        PendingBatch batch = new PendingBatch(records);
        records.forEach(r -> batch.byTopic.computeIfAbsent(r.topic(), t -> new TopicRecords()).rows.add(r));
        batch.byTopic.forEach((topic, part) -> part.prepared = writer.prepare(names.tableOf(topic), part.rows));
        return batch;
    }

    /** One topic's INSERT: its result, or the error that stopped it (a table's permanent one, or the batch's). */
    private record TopicWrite(String topic, RawBatchWriter.Result result, RuntimeException error) {
    }

    /** On the insert thread: the batch's topics not written yet, in order, until one fails for a reason not its table's. */
    private List<TopicWrite> writeTopics(PendingBatch batch) {
        List<TopicWrite> writes = new ArrayList<>();
        for (Map.Entry<String, TopicRecords> topic : batch.unwritten().entrySet()) {
            try {
                writes.add(new TopicWrite(topic.getKey(), writer.write(topic.getValue().prepared), null));
            } catch (WarehouseTableException e) {
                writes.add(new TopicWrite(topic.getKey(), null, e));
            } catch (RuntimeException e) {
                writes.add(new TopicWrite(topic.getKey(), null, e));
                break;
            }
        }
        return writes;
    }

    private static List<TopicWrite> awaitWrites(Future<List<TopicWrite>> inserting) {
        try {
            return inserting.get();
        } catch (InterruptedException e) {
            inserting.cancel(true);
            Thread.currentThread().interrupt();
            throw new WarehouseUnavailableException("interrupted while the warehouse took a batch", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void written(PendingBatch batch, String topic, RawBatchWriter.Result result) {
        String table = names.tableOf(topic);
        batch.written(topic, result.refused());
        stats.tableTookRows(table);
        stats.inserted(table, result.inserted());
        if (result.inserts() > 1) {
            stats.batchSplit(result.inserts());
        }
        result.refused().forEach(r -> LOG.warn("{} refused {}[{}]@{}: {}", table, r.record().topic(), r.record().partition(),
                r.record().offset(), r.error()));
    }

    private synchronized ExecutorService inserter() {
        if (inserter == null) {
            inserter = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "warehouse-insert");
                thread.setDaemon(true);
                return thread;
            });
        }
        return inserter;
    }

    /** The batch read ahead goes back to Kafka: its partitions rewound to its first offsets, read again later. */
    private void giveBackNext() {
        if (next != null) {
            if (consumer != null) {
                consumer.unread(IngestConsumer.firstOffsets(next.records));
            }
            next.release();  // never submitted for writing
            next = null;
        }
    }

    /**
     * A permanent error of one table (it or a column is unknown to the server): its records leave the batch, are held
     * (their partitions paused and rewound, nothing of them committed) and come again after the next migration or
     * {@code maxRetryDelay}; the other tables go on. Named in the log and the counters (an alert), not retried in a loop.
     */
    private void hold(String topic, List<ConsumerRecord<String, byte[]>> records, WarehouseTableException e) {
        giveBackNext();  // it may hold later records of the held partitions: never commit past the held ones
        pending.drop(topic);
        Map<org.apache.kafka.common.TopicPartition, Long> from = IngestConsumer.firstOffsets(records);
        consumer.hold(from);
        held.add(e.table());
        retryHeldNotBefore = System.nanoTime() + maxRetryDelay.toNanos();
        String reason = "server code " + WarehouseErrorCodes.describe(e.serverCode()) + ": " + e.getMessage();
        stats.tableStopped(e.table(), reason);
        LOG.error("warehouse table {} stopped: {}; the {} records of {} from {} are held, not committed, until a migration is applied "
                + "(or for {} s); the other tables go on", e.table(), reason, records.size(), topic, from, maxRetryDelay.toSeconds());
    }

    /** A migration was applied: the held tables are tried again before the next poll. */
    public void migrationApplied() {
        migrationApplied = true;
    }

    /** Commits the batch's offsets (its rows are inserted and its refused rows published). */
    public synchronized void commit(IngestBatch batch) {
        if (batch.records().isEmpty()) {
            if (pending != null && pending.records.isEmpty()) {
                pending = null;  // every topic of the batch was held: nothing to commit, the next batch is polled
            }
            return;  // else nothing polled, or the kept batch waits for its retry delay
        }
        long lag;
        try {
            lag = consumer.commit(batch.records());
        } catch (RuntimeException e) {
            // the group may have moved on (a retry longer than max.poll.interval.ms): start again from the committed offsets
            LOG.warn("committing the warehouse batch of {} records failed ({}); it comes again from Kafka", batch.records().size(),
                    ErrorText.of(e));
            pending = null;
            rewindConsumer();
            throw e;
        }
        pending.release();
        pending = null;
        lagAfterLastBatch = lag + (next == null ? 0 : next.records.size());
        nextRetryDelay = retryDelay;
        stats.batchWritten(batch.records().size());
        stats.refused(batch.refused().size());
        stats.committed(batch.records().size(), lag);
        stats.recovered();
    }

    /**
     * The ingest route's loop condition: true for a timer run's first batch, then as long as the last batch was
     * committed with records left behind it (lag) and the application is not stopping. So a backlog is read batch
     * after batch with no pause; the timer's period is the wait only when there is nothing to read (or after a failure).
     */
    public synchronized boolean keepPolling(Exchange exchange) {
        if (exchange.getProperty(LOOPING, false, Boolean.class)) {
            return lagAfterLastBatch > 0 && pending == null && !exchange.getContext().isStopping();
        }
        exchange.setProperty(LOOPING, true);
        return true;
    }

    /** After a failure: nothing of the batch is committed; it is kept and retried after the (growing) retry delay. */
    public synchronized void retryLater(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Duration delay = nextRetryDelay;
        lagAfterLastBatch = 0;
        retryNotBefore = System.nanoTime() + delay.toNanos();
        nextRetryDelay = delay.multipliedBy(2).compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay.multipliedBy(2);
        WarehouseUnavailableException unavailable = WarehouseUnavailableException.in(error);
        int code = unavailable == null ? -1 : unavailable.serverCode();
        String message = unavailable == null ? ErrorText.of(error) : unavailable.getMessage();
        stats.batchFailed(code, message);
        int kept = pending == null ? 0 : pending.records.size();
        if (unavailable != null) {
            LOG.warn("warehouse batch of {} records kept, not committed, retried in {} ms: server code {}: {}", kept, delay.toMillis(),
                    WarehouseErrorCodes.describe(code), message);
        } else {
            LOG.warn("warehouse batch of {} records kept, not committed, retried in {} ms: {}", kept, delay.toMillis(), message);
        }
    }

    private void rewindConsumer() {
        next = null;  // the rewind reads it again
        if (consumer != null) {
            try {
                consumer.rewind();
            } catch (RuntimeException e) {
                // never poll on past an uncommitted batch: a new consumer starts at the committed offsets
                LOG.warn("cannot rewind the warehouse consumer ({}); reopening it", e.getMessage());
                closeConsumer();
            }
        }
    }

    @Override
    public void start() {
        // the consumer is created on the first poll, on the route's thread
    }

    @Override
    public synchronized void stop() {
        pending = null;
        next = null;
        if (inserter != null) {
            inserter.shutdownNow();
            inserter = null;
        }
        closeConsumer();
        writer.close();
    }

    private void closeConsumer() {
        next = null;  // not committed: a new consumer reads it again
        if (consumer != null) {
            IngestConsumer closing = consumer;
            consumer = null;
            try {
                closing.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the warehouse consumer failed: {}", e.getMessage());
            }
        }
    }

    /** A polled batch by topic (each topic's records prepared for its INSERT), which topics are in the warehouse already, and the rows refused so far. */
    private static final class PendingBatch {
        List<ConsumerRecord<String, byte[]>> records;
        final Map<String, TopicRecords> byTopic = new LinkedHashMap<>();
        final List<RefusedRow> refused = new ArrayList<>();
        /** Topics written, their lines kept until the commit. */
        final List<TopicRecords> done = new ArrayList<>();

        PendingBatch(List<ConsumerRecord<String, byte[]>> records) {
            this.records = List.copyOf(records);
        }

        Map<String, TopicRecords> unwritten() {
            return new LinkedHashMap<>(byTopic);
        }

        /** The topic's records leave the batch (held by the consumer, committed later). */
        void drop(String topic) {
            byTopic.remove(topic).prepared.release();  // its INSERT is over: the records come again from Kafka
            records = records.stream().filter(r -> !r.topic().equals(topic)).toList();
        }

        void written(String topic, List<RefusedRow> refusedRows) {
            done.add(byTopic.remove(topic));
            refused.addAll(refusedRows);
        }

        /** Its lines back to the pool: only when no INSERT of it is running or will run (committed, or never submitted). */
        void release() {
            done.forEach(t -> t.prepared.release());
            done.clear();
            byTopic.values().forEach(t -> t.prepared.release());
            byTopic.clear();
        }
    }

    /** One topic's records of a batch and their lines. */
    private static final class TopicRecords {
        final List<ConsumerRecord<String, byte[]>> rows = new ArrayList<>();
        RawBatchWriter.Prepared prepared;
    }
}
