package org.sportsdb.stack.warehouse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse's Kafka consumer: subscribes to the validated topics by pattern, collects a batch
 * (records, bytes and time bounded; see {@link #poll(int, long, Duration)}), commits a batch's offsets synchronously
 * once it is in the warehouse, and on a failure rewinds to the committed offsets so the next poll
 * delivers the same records again. Used by one thread at a time (the ingest route's timer).
 */
public final class IngestConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestConsumer.class);

    private final KafkaConsumer<String, String> consumer;

    public IngestConsumer(Map<String, Object> clientProperties, String groupId, Pattern topics, int batchSize) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put("group.id", groupId);
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        props.put("max.poll.records", Integer.toString(batchSize));
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        LOG.info("warehouse consumer of group {} subscribed to the topics matching {}", groupId, topics.pattern());
    }

    /** Polls until {@code batchSize} records are there, or the assigned partitions have no lag left, or {@code batchTimeout} has passed. */
    public List<ConsumerRecord<String, String>> poll(int batchSize, Duration batchTimeout) {
        return poll(batchSize, Long.MAX_VALUE, batchTimeout);
    }

    /**
     * A batch: waits up to {@code maxWait} for the first records, then polls on back to back while the assigned
     * partitions still have records to read (lag), until the batch has {@code maxRecords} records or
     * {@code maxBytes} bytes of values, or {@code maxWait} has passed since the first records came. Caught up (no
     * lag), the batch is what came: a record that arrives alone is written at once, not after a timer.
     */
    public List<ConsumerRecord<String, String>> poll(int maxRecords, long maxBytes, Duration maxWait) {
        Batch batch = new Batch(maxRecords, maxBytes);
        batch.take(carried);
        if (batch.isEmpty()) {
            batch.take(consumer.poll(maxWait));
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!batch.isEmpty() && !batch.isFull() && lag() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            batch.take(consumer.poll(Duration.ofNanos(left)));
        }
        return batch.records;
    }

    /** Records polled beyond a full batch, in order: the start of the next batch. */
    private final ArrayDeque<ConsumerRecord<String, String>> carried = new ArrayDeque<>();

    /** A batch being filled; what does not fit is carried to the next. */
    private final class Batch {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        final int maxRecords;
        final long maxBytes;
        long bytes;

        Batch(int maxRecords, long maxBytes) {
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
        }

        void take(Iterable<ConsumerRecord<String, String>> polled) {
            List<ConsumerRecord<String, String>> more = new ArrayList<>();
            polled.forEach(more::add);
            carried.clear();
            for (ConsumerRecord<String, String> r : more) {
                if (isFull()) {
                    carried.add(r);
                } else {
                    records.add(r);
                    bytes += Math.max(0, r.serializedValueSize());
                }
            }
        }

        boolean isEmpty() {
            return records.isEmpty();
        }

        boolean isFull() {
            return records.size() >= maxRecords || bytes >= maxBytes;
        }
    }

    /** Commits the offsets after the given records; returns the lag left on the assigned partitions. */
    public long commit(List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        if (!offsets.isEmpty()) {
            LOG.debug("committing {}", offsets);
            consumer.commitSync(offsets);
        }
        return lag();
    }

    /** Seeks every assigned partition back to its committed offset (or the beginning when none). */
    public void rewind() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata at = committed.get(tp);
            LOG.debug("rewinding {} to {}", tp, at);
            carried.clear();
            if (at == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, at.offset());
            }
        }
    }

    private long lag() {
        long lag = carried.size();
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
