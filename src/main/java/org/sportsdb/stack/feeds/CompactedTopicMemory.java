package org.sportsdb.stack.feeds;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key → value memory kept in a compacted Kafka topic, so it survives restarts and moves with the cluster, not the
 * machine: read once, from the beginning, at the first use; each {@link #put} written to the topic (acks=all).
 * Reading and writing give up after {@code timeout} ({@code feeds.state.timeout-ms}): a read that did not reach the
 * topic's end fails naming the topic ({@link KafkaUnavailableException} when Kafka did not answer) and is tried again
 * at the next use; a write that fails is counted per feed ({@code state_writes_failed} in {@link FeedCounters}) and
 * logged at WARN with the topic and the number of keys not written.
 */
public final class CompactedTopicMemory extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopicMemory.class);
    /** Failed writes coming one after the other are logged in one line at most this often. */
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final String what;
    private final Duration timeout;
    private final FeedCounters counters;
    private Map<String, String> values;
    private KafkaProducer<String, String> producer;
    /**
     * Failed writes not logged yet, the first one's time, the last error; when the last line was logged. Guarded by
     * {@link #logLock}, not by this memory's lock, which a read holds for as long as it waits for Kafka: the producer's
     * own thread reports the writes.
     */
    private final Object logLock = new Object();
    private long unlogged;
    private Instant unloggedSince;
    private String lastError;
    private long lastLogged = System.nanoTime() - LOG_EVERY.toNanos();

    /** {@code what} names the memory in the logs ("league seasons"). */
    public CompactedTopicMemory(Map<String, Object> clientProperties, String topic, String what, Duration timeout, FeedCounters counters) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.what = what;
        this.timeout = timeout;
        this.counters = counters;
    }

    public String topic() {
        return topic;
    }

    public String get(String key) {
        return remembered().get(key);
    }

    /**
     * Remembers the value for the run of {@code feed}, written before this returns: a failed write is counted, logged
     * and thrown ({@link KafkaUnavailableException} when Kafka did not answer), naming the topic; the key is then not
     * remembered.
     */
    public void put(String key, String value, String feed) {
        Map<String, String> remembered = remembered();
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeFailed(feed, e);
            throw new IllegalStateException(what + ": interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | KafkaException e) {
            Throwable error = e instanceof ExecutionException ? e.getCause() : e;
            writeFailed(feed, error);
            String message = what + ": could not write " + key + " to " + topic + ": " + error;
            if (KafkaUnavailableException.isKafkaUnavailable(error)) {
                throw new KafkaUnavailableException(topic, message, error);
            }
            throw new IllegalStateException(message, error);
        }
        remembered.put(key, value);
        writeSucceeded();
    }

    /**
     * Remembers the value at once for the run of {@code feed}; the write to the topic completes in the background. A
     * write that fails is counted and logged: after a restart that key is as if never remembered (asked again, never
     * skipped).
     */
    public void putSoon(String key, String value, String feed) {
        remembered().put(key, value);
        producer().send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                writeFailed(feed, error);
            } else {
                writeSucceeded();
            }
        });
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
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, left(deadline)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, left(deadline));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, left(deadline)) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new KafkaUnavailableException(topic, what + ": could not read " + topic + " to its end within "
                            + timeout.toMillis() + " ms (feeds.state.timeout-ms)", null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        loaded.remove(record.key());
                    } else {
                        loaded.put(record.key(), record.value());
                    }
                }
            }
        } catch (KafkaException e) {
            String message = what + ": could not read " + topic + ": " + e;
            if (KafkaUnavailableException.isKafkaUnavailable(e)) {
                throw new KafkaUnavailableException(topic, what + ": could not read " + topic + " within " + timeout.toMillis()
                        + " ms (feeds.state.timeout-ms): " + e, e);
            }
            throw new IllegalStateException(message, e);
        }
        LOG.info("{}: {} remembered in {}", what, loaded.size(), topic);
        return loaded;
    }

    /** What is left of the timeout until the deadline (at least 1 ms: the call then fails at once). */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /**
     * A failed write: counted for the feed at once (sportsdb_feed_decisions_total{decision="state_writes_failed"}); logged
     * at WARN with the number of keys at once, or, while failures keep coming, at most once every {@link #LOG_EVERY}
     * (the next failure or success after that logs the keys not logged yet).
     */
    private void writeFailed(String feed, Throwable error) {
        counters.count(feed, "state_writes_failed");
        String line = null;
        synchronized (logLock) {
            if (unlogged == 0) {
                unloggedSince = Instant.now();
            }
            unlogged++;
            lastError = String.valueOf(error);
            if (System.nanoTime() - lastLogged >= LOG_EVERY.toNanos()) {
                line = unloggedLine();
            }
        }
        if (line != null) {
            LOG.warn("{}", line);
        }
    }

    /** A write that succeeded: the failures before it not logged yet are logged now. */
    private void writeSucceeded() {
        String line;
        synchronized (logLock) {
            if (unlogged == 0) {
                return;
            }
            line = unloggedLine() + "; writes succeed again";
        }
        LOG.warn("{}", line);
    }

    private String unloggedLine() {
        String line = what + ": " + unlogged + (unlogged == 1 ? " key" : " keys") + " not written to " + topic + " since "
                + LocalTime.ofInstant(unloggedSince, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                + " UTC (after a restart they are asked again, never skipped): " + lastError;
        unlogged = 0;
        lastLogged = System.nanoTime();
        return line;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            // a write waits for metadata, and for its acknowledgement, at most the memory's timeout
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            props.put("max.block.ms", Integer.toString(millis));
            props.put("request.timeout.ms", Integer.toString(Math.min(30_000, millis)));
            props.put("delivery.timeout.ms", Integer.toString(millis));
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
        synchronized (logLock) {
            if (unlogged > 0) {
                LOG.warn("{}", unloggedLine());
            }
        }
    }
}
