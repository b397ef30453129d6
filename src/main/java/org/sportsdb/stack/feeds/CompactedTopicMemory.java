package org.sportsdb.stack.feeds;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key → value memory kept in a compacted Kafka topic, so it survives restarts and moves with the cluster, not the
 * machine: read once, from the beginning, at the first use; each {@link #put} written to the topic (acks=all).
 */
public final class CompactedTopicMemory extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicMemory.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final String what;
    private final AtomicLong writesFailed = new AtomicLong();
    private Map<String, String> values;
    private KafkaProducer<String, String> producer;

    /** {@code what} names the memory in the logs ("league seasons"). */
    public CompactedTopicMemory(Map<String, Object> clientProperties, String topic, String what) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.what = what;
    }

    public String topic() {
        return topic;
    }

    public String get(String key) {
        return remembered().get(key);
    }

    /** Remembers the value, written before this returns (a failed write throws). */
    public void put(String key, String value) throws ExecutionException, InterruptedException {
        producer().send(new ProducerRecord<>(topic, key, value)).get();
        remembered().put(key, value);
    }

    /**
     * Remembers the value at once; the write to the topic completes in the background. A write that fails is counted
     * ({@link #writesFailed}) and logged: after a restart that key is as if never remembered (asked again, never skipped).
     */
    public void putSoon(String key, String value) {
        remembered().put(key, value);
        producer().send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null && writesFailed.incrementAndGet() == 1) {
                LOG.warn("{}: could not write {} to {} (more failures counted, not logged): {}", what, key, topic, error.toString());
            }
        });
    }

    public long writesFailed() {
        return writesFailed.get();
    }

    /** The remembered values, read from the topic at the first use. */
    public synchronized Map<String, String> remembered() {
        if (values == null) {
            values = load();
        }
        return values;
    }

    private Map<String, String> load() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("isolation.level", "read_committed");
        Map<String, String> loaded = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, LOAD_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LOAD_TIMEOUT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + LOAD_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        loaded.remove(record.key());
                    } else {
                        loaded.put(record.key(), record.value());
                    }
                }
            }
        }
        LOG.info("{}: {} remembered in {}", what, loaded.size(), topic);
        return loaded;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    protected synchronized void doStop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
