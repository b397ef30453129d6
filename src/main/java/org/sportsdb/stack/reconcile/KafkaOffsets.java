package org.sportsdb.stack.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the reconciler asks Kafka: partitions and their log start / end offsets, the first offset at a time, a
 * consumer group's committed offsets, the audit records and the warehouse's refused-record headers. Reads data only
 * for the two small topics (audit, refusals); everything else is offsets.
 */
public final class KafkaOffsets implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Duration timeout;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;

    /** @param timeout how long to wait for each answer of Kafka (a request, a listing, the offsets of a group) */
    public KafkaOffsets(Map<String, Object> clientProperties, Duration timeout) {
        this.timeout = timeout;
        String millis = Long.toString(timeout.toMillis());
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // every call of the clients is bounded by the ledger's timeout, those that take no timeout of their own too
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties a = new Properties();
        clientProperties.forEach((k, v) -> {
            if (!k.startsWith("key.") && !k.startsWith("value.") && !k.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                a.put(k, v);
            }
        });
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        try {
            this.admin = Admin.create(a);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    public List<TopicPartition> partitions(String topic) {
        return consumer.listTopics(timeout).getOrDefault(topic, List.of()).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .sorted((x, y) -> Integer.compare(x.partition(), y.partition())).toList();
    }

    /** A topic's {@code cleanup.policy} ("delete", "compact", "compact,delete"), as the broker has it. */
    public String cleanupPolicy(String topic) {
        org.apache.kafka.common.config.ConfigResource resource =
                new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
        try {
            org.apache.kafka.clients.admin.ConfigEntry e = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).get(resource).get("cleanup.policy");
            return e == null || e.value() == null ? "delete" : e.value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaException("cannot read the cleanup.policy of " + topic + ": " + cause.getMessage(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("the configs of " + topic + " did not come", e);
        }
    }

    /** The names of the topics on the broker. */
    public java.util.Set<String> topics() {
        return consumer.listTopics(timeout).keySet();
    }

    public Map<TopicPartition, Long> beginning(List<TopicPartition> parts) {
        return consumer.beginningOffsets(parts, timeout);
    }

    public Map<TopicPartition, Long> end(List<TopicPartition> parts) {
        return consumer.endOffsets(parts, timeout);
    }

    /** The first offset of each partition whose record timestamp is at or after {@code epochMillis} (end when none). */
    public Map<TopicPartition, Long> firstAtOrAfter(List<TopicPartition> parts, long epochMillis) {
        Map<TopicPartition, Long> query = parts.stream().collect(Collectors.toMap(p -> p, p -> epochMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> end = end(parts);
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition p : parts) {
            OffsetAndTimestamp o = found.get(p);
            out.put(p, o == null ? end.get(p) : o.offset());
        }
        return out;
    }

    /** Committed offsets of a group (absent partitions: nothing committed). */
    public Map<TopicPartition, Long> committed(String group, List<TopicPartition> parts) {
        Map<TopicPartition, Long> out = new HashMap<>();
        commits(group, parts).forEach((p, o) -> out.put(p, o.offset()));
        return out;
    }

    /** The metadata of a group's commits on {@code parts} (a partition without a commit or metadata is left out). */
    public Map<TopicPartition, String> committedMetadata(String group, List<TopicPartition> parts) {
        Map<TopicPartition, String> out = new HashMap<>();
        commits(group, parts).forEach((p, o) -> {
            if (o.metadata() != null && !o.metadata().isEmpty()) {
                out.put(p, o.metadata());
            }
        });
        return out;
    }

    private Map<TopicPartition, OffsetAndMetadata> commits(String group, List<TopicPartition> parts) {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            for (TopicPartition p : parts) {
                OffsetAndMetadata o = m.get(p);
                if (o != null) {
                    out.put(p, o);
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            // Kafka's own failure (a timeout, the group coordinator not available): a failure of Kafka, as the
            // consumer's are
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaException("cannot read the committed offsets of group " + group + ": " + cause.getMessage(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("the committed offsets of group " + group + " did not come", e);
        }
    }

    /**
     * The audit records, the latest per key (a replayed batch counts once; a tombstone removes its batch); a
     * counts-lost record only when its batch's full record is not there (it was written after all).
     */
    public Audits auditBatches(String topic) {
        Map<String, AuditBatch> latest = new LinkedHashMap<>();
        long[] newest = {-1};
        readAll(topic, r -> {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(key);
                return;
            }
            newest[0] = Math.max(newest[0], r.timestamp());
            try {
                latest.put(key, AuditBatch.parse(key, JSON.readTree(r.value())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable audit record " + topic + "-" + r.partition() + "@" + r.offset(), e);
            }
        });
        return new Audits(latest.values().stream().filter(b -> b.fullRecordKey() == null || !latest.containsKey(b.fullRecordKey())).toList(),
                latest.isEmpty() ? -1 : newest[0]);
    }

    /**
     * The audit records as {@link #auditBatches} keeps them, and the timestamp of the newest record written (-1: none):
     * the validator writes a batch's record right after the batch's output.
     */
    public record Audits(List<AuditBatch> batches, long newestMillis) {
    }

    /** How many records of {@code topic} (all partitions) carry a timestamp at or after {@code epochMillis}. */
    public long recordsAtOrAfter(String topic, long epochMillis) {
        List<TopicPartition> parts = partitions(topic);
        if (parts.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> first = firstAtOrAfter(parts, epochMillis);
        Map<TopicPartition, Long> end = end(parts);
        return parts.stream().mapToLong(p -> end.get(p) - first.get(p)).sum();
    }

    /** Refusals of the warehouse: source partition → offsets, and reason → records (from the record headers). */
    public Refusals refusals(String rejectedTopic, String sourceTopic) {
        Refusals out = new Refusals(new TreeMap<>(), new TreeMap<>());
        readAll(rejectedTopic, r -> {
            String topic = header(r, "warehouse.source.topic");
            if (!sourceTopic.equals(topic)) {
                return;
            }
            int partition = Integer.parseInt(header(r, "warehouse.source.partition"));
            long offset = Long.parseLong(header(r, "warehouse.source.offset"));
            if (out.offsets().computeIfAbsent(partition, k -> new OffsetRanges()).add(offset, offset + 1) > 0) {
                return;  // the same refusal published again (a retry after its publication): one refused record, one reason
            }
            out.reasons().merge(reasonOf(header(r, "warehouse.error")), 1L, Long::sum);
        });
        return out;
    }

    /**
     * The {@code payload_hash} of the validated records at {@code offsets} of one partition (at most {@code max}
     * records read; records without one are left out).
     */
    public Map<Long, Hashed> payloadHashes(String topic, int partition, OffsetRanges offsets, int max) {
        Map<Long, Hashed> out = new TreeMap<>();
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        int read = 0;
        for (long[] range : offsets.first(Integer.MAX_VALUE)) {
            consumer.seek(tp, range[0]);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(tp, timeout) < range[1] && read < max && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= range[1] || read >= max) {
                        break;
                    }
                    read++;
                    Hashed hashed = hashed(r.value());
                    if (hashed != null) {
                        out.put(r.offset(), hashed);
                    }
                }
            }
        }
        consumer.unsubscribe();
        return out;
    }

    /**
     * A validated record's {@code payload_hash} and {@code ingested_at} (the poller's time, epoch seconds, in
     * milliseconds truncated as the warehouse stores it; null when it has none).
     */
    public record Hashed(String hash, Long ingestedAtMillis) {
    }

    /** Decimals read exactly, so that ingested_at's milliseconds are those the warehouse computes from the same text. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static Hashed hashed(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode v = EXACT.readTree(value);
            com.fasterxml.jackson.databind.JsonNode h = v.get("payload_hash");
            if (h == null || !h.isTextual()) {
                return null;
            }
            com.fasterxml.jackson.databind.JsonNode at = v.get("ingested_at");
            Long millis = at != null && at.isNumber() ? at.decimalValue().movePointRight(3).longValue() : null;
            return new Hashed(h.asText(), millis);
        } catch (java.io.IOException | ArithmeticException e) {
            return null;
        }
    }

    public record Refusals(Map<Integer, OffsetRanges> offsets, Map<String, Long> reasons) {
    }

    /** "Code: 41" of a ClickHouse error message, else its first 60 characters. */
    static String reasonOf(String error) {
        if (error == null || error.isBlank()) {
            return "unknown";
        }
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("Code: ?(\\d+)").matcher(error);
        if (code.find()) {
            return "Code: " + code.group(1);
        }
        return error.length() > 60 ? error.substring(0, 60) + "…" : error;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void readAll(String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> action) {
        List<TopicPartition> parts = partitions(topic);
        if (parts.isEmpty()) {
            return;
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = end(parts);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (parts.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + topic);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(action);
        }
        consumer.unsubscribe();
    }

    @Override
    public void close() {
        try {
            consumer.close(timeout);
        } finally {
            admin.close(timeout);
        }
    }
}
