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
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    /** Offsets of one partition that retention deleted before the warehouse read them: [from, until). */
    public record ExpiredOffsets(String topic, int partition, long from, long until) {
        public long count() {
            return until - from;
        }
    }

    /** The commit metadata that carries a partition's count of offsets expired before ingestion (read by the ledger). */
    public static final String EXPIRED_METADATA = "expired-before-ingestion=";

    private final KafkaConsumer<String, byte[]> consumer;
    private final java.util.function.Consumer<ExpiredOffsets> onExpired;
    /** Per partition committed by this consumer: offsets expired before ingestion so far (carried in every commit's metadata). */
    private final Map<TopicPartition, Long> expiredTotals = new HashMap<>();

    public IngestConsumer(Map<String, Object> clientProperties, String groupId, Pattern topics, int batchSize) {
        this(clientProperties, groupId, topics, batchSize, expired -> { });
    }

    /**
     * {@code onExpired} hears of every range of offsets that retention deleted before this consumer read them (its
     * position, or the group's commit, below the log start); they are also logged, and counted in the commit metadata.
     */
    public IngestConsumer(Map<String, Object> clientProperties, String groupId, Pattern topics, int batchSize,
            java.util.function.Consumer<ExpiredOffsets> onExpired) {
        this.onExpired = onExpired;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put("group.id", groupId);
        props.put("enable.auto.commit", "false");
        // never a silent jump: a position below the log start is an OffsetOutOfRangeException named here (expired), a
        // partition the group never committed a NoOffsetForPartitionException read from its start
        props.put("auto.offset.reset", "none");
        props.put("isolation.level", "read_committed");
        props.put("max.poll.records", Integer.toString(batchSize));
        props.put("key.deserializer", StringDeserializer.class.getName());
        // values as the bytes on the wire: the warehouse sends them on as they are, never decoded
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        consumer.subscribe(topics);
        LOG.info("warehouse consumer of group {} subscribed to the topics matching {}", groupId, topics.pattern());
    }

    /** Polls until {@code batchSize} records are there, or the assigned partitions have no lag left, or {@code batchTimeout} has passed. */
    public List<ConsumerRecord<String, byte[]>> poll(int batchSize, Duration batchTimeout) {
        return poll(batchSize, Long.MAX_VALUE, batchTimeout);
    }

    /**
     * A batch: waits up to {@code maxWait} for the first records, then polls on back to back while the assigned
     * partitions still have records to read (lag), until the batch has {@code maxRecords} records or
     * {@code maxBytes} bytes of values, or {@code maxWait} has passed since the first records came. Caught up (no
     * lag), the batch is what came: a record that arrives alone is written at once, not after a timer.
     */
    public List<ConsumerRecord<String, byte[]>> poll(int maxRecords, long maxBytes, Duration maxWait) {
        Batch batch = new Batch(maxRecords, maxBytes);
        batch.take(carried);
        if (batch.isEmpty()) {
            batch.take(pollOnce(maxWait));
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!batch.isEmpty() && !batch.isFull() && lag() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            batch.take(pollOnce(Duration.ofNanos(left)));
        }
        return batch.records;
    }

    /** One poll; a partition without a commit starts at its log start, a position below it is named as expired first. */
    private Iterable<ConsumerRecord<String, byte[]>> pollOnce(Duration wait) {
        for (int tries = 0; ; tries++) {
            try {
                return consumer.poll(wait);
            } catch (NoOffsetForPartitionException e) {
                LOG.info("warehouse consumer: no committed offset for {}: reading from the log start", e.partitions());
                consumer.seekToBeginning(e.partitions());
            } catch (OffsetOutOfRangeException e) {
                expired(e.offsetOutOfRangePartitions());
            }
            if (tries > 100) {
                throw new IllegalStateException("the warehouse consumer cannot find a position to read from");
            }
        }
    }

    /**
     * Positions out of the log's range: below its start, the records in between were deleted by retention unread (named,
     * counted); past its end, the log is read again from its start.
     */
    private void expired(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(positions.keySet());
        Map<TopicPartition, Long> end = consumer.endOffsets(positions.keySet());
        for (Map.Entry<TopicPartition, Long> p : positions.entrySet()) {
            TopicPartition tp = p.getKey();
            long at = p.getValue();
            long start = begin.get(tp);
            if (at < start) {
                ExpiredOffsets expired = new ExpiredOffsets(tp.topic(), tp.partition(), at, start);
                LOG.warn("validated records expired before ingestion: {} offsets {}-{} ({} records) were deleted by retention before the "
                        + "warehouse read them; reading on from {}", tp, at, start - 1, expired.count(), start);
                expiredTotals.put(tp, expiredTotal(tp) + expired.count());
                onExpired.accept(expired);
                consumer.seek(tp, start);
            } else {
                // the topic was created again, or its log cut back: what it holds now is read from its start (a record
                // read twice is stored once: the raw tables keep one row per key and version), none is skipped
                LOG.warn("warehouse consumer: position {} of {} is past the log's end {} (topic created again, or its log "
                        + "cut back): reading the log again from its start {}", at, tp, end.get(tp), start);
                consumer.seek(tp, start);
            }
        }
    }

    /** The partition's count of offsets expired before ingestion, as its last commit's metadata says (once per partition). */
    private long expiredTotal(TopicPartition tp) {
        Long known = expiredTotals.get(tp);
        if (known == null) {
            OffsetAndMetadata last = consumer.committed(Set.of(tp)).get(tp);
            known = expiredCount(last == null ? null : last.metadata());
            expiredTotals.put(tp, known);
        }
        return known;
    }

    /** The count in a commit's metadata ({@link #EXPIRED_METADATA}N); 0 when none. */
    public static long expiredCount(String metadata) {
        if (metadata == null || !metadata.startsWith(EXPIRED_METADATA)) {
            return 0;
        }
        try {
            return Long.parseLong(metadata.substring(EXPIRED_METADATA.length()).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Records polled beyond a full batch, in order: the start of the next batch. */
    private final ArrayDeque<ConsumerRecord<String, byte[]>> carried = new ArrayDeque<>();

    /** A batch being filled; what does not fit is carried to the next. */
    private final class Batch {
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        final int maxRecords;
        final long maxBytes;
        long bytes;

        Batch(int maxRecords, long maxBytes) {
            this.maxRecords = maxRecords;
            this.maxBytes = maxBytes;
        }

        void take(Iterable<ConsumerRecord<String, byte[]>> polled) {
            List<ConsumerRecord<String, byte[]>> more = new ArrayList<>();
            polled.forEach(more::add);
            carried.clear();
            for (ConsumerRecord<String, byte[]> r : more) {
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
    public long commit(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        offsets.replaceAll((tp, at) -> {
            long expired = expiredTotal(tp);
            return expired == 0 ? at : new OffsetAndMetadata(at.offset(), EXPIRED_METADATA + expired);
        });
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

    /** Pauses the partitions and rewinds each to the given offset: their records come again after {@link #release()}. */
    public void hold(Map<TopicPartition, Long> from) {
        unread(from);
        consumer.pause(from.keySet());
    }

    /** Rewinds each partition to the given offset: its records from there come again with the next polls. */
    public void unread(Map<TopicPartition, Long> from) {
        carried.removeIf(r -> from.containsKey(new TopicPartition(r.topic(), r.partition())));
        from.forEach(consumer::seek);
    }

    /** The first offset of each partition among the records. */
    public static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> from = new HashMap<>();
        records.forEach(r -> from.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min));
        return from;
    }

    /** Resumes every held partition. */
    public void release() {
        consumer.resume(consumer.paused());
    }

    /** Records left to read on the assigned partitions that are not paused (what the last polls saw). */
    public long lag() {
        long lag = carried.size();
        Set<TopicPartition> paused = consumer.paused();
        for (TopicPartition tp : consumer.assignment()) {
            if (paused.contains(tp)) {
                continue;
            }
            lag += consumer.currentLag(tp).orElse(0);
        }
        return lag;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
