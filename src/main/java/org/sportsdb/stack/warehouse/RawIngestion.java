package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the ingest route ({@code routes/warehouse-ingest.yaml}, bean {@code warehouseIngest}):
 * poll a batch of validated records, insert them per topic into the raw tables, then, after the
 * refused rows are on their rejected topics, commit the batch's offsets. On any failure the consumer
 * is rewound to the committed offsets: the same records come again on the next run.
 */
public final class RawIngestion implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(RawIngestion.class);

    private final Supplier<IngestConsumer> consumerFactory;
    private final RawTableNames names;
    private final RawBatchWriter writer;
    private final WarehouseStats stats;
    private final int batchSize;
    private final Duration batchTimeout;
    private final Duration retryDelay;
    private IngestConsumer consumer;
    private long retryNotBefore = System.nanoTime();

    public RawIngestion(Supplier<IngestConsumer> consumerFactory, RawTableNames names, RawBatchWriter writer,
            WarehouseStats stats, int batchSize, Duration batchTimeout, Duration retryDelay) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("warehouse.batch.size must be at least 1, was " + batchSize);
        }
        this.consumerFactory = consumerFactory;
        this.names = names;
        this.writer = writer;
        this.stats = stats;
        this.batchSize = batchSize;
        this.batchTimeout = batchTimeout;
        this.retryDelay = retryDelay;
    }

    /** Polls one batch and writes it; the rows the warehouse refused are in the result. Nothing during the retry delay after a failure. */
    public synchronized IngestBatch pollAndWrite() {
        if (System.nanoTime() - retryNotBefore < 0) {
            return new IngestBatch(List.of(), List.of());
        }
        if (consumer == null) {
            consumer = consumerFactory.get();
        }
        List<ConsumerRecord<String, String>> records = consumer.poll(batchSize, batchTimeout);
        Map<String, List<ConsumerRecord<String, String>>> byTopic = new LinkedHashMap<>();
        records.forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
        List<RefusedRow> refused = new ArrayList<>();
        byTopic.forEach((topic, rows) -> {
            String table = names.tableOf(topic);
            RawBatchWriter.Result result = writer.write(table, rows);
            stats.inserted(table, result.inserted());
            refused.addAll(result.refused());
            result.refused().forEach(r -> LOG.warn("{} refused {}[{}]@{}: {}", table, r.record().topic(), r.record().partition(),
                    r.record().offset(), r.error()));
        });
        if (!records.isEmpty()) {
            stats.batchWritten();
        }
        return new IngestBatch(records, refused);
    }

    /** Commits the batch's offsets (its rows are inserted and its refused rows published). */
    public synchronized void commit(IngestBatch batch) {
        if (batch.records().isEmpty()) {
            return;
        }
        long lag = consumer.commit(batch.records());
        stats.refused(batch.refused().size());
        stats.committed(batch.records().size(), lag);
    }

    /** After a failure: nothing of the batch is committed; rewind so it is delivered again. */
    public synchronized void rewind(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        stats.batchFailed();
        retryNotBefore = System.nanoTime() + retryDelay.toNanos();
        LOG.warn("warehouse batch not committed, will be redelivered in {} ms: {}", retryDelay.toMillis(), ErrorText.of(error));
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
        closeConsumer();
    }

    private void closeConsumer() {
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
}
