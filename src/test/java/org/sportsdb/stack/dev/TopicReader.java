package org.sportsdb.stack.dev;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what landed on a topic between two points in time: {@link #mark()} remembers the end
 * offsets, {@link #readSinceMark()} returns every record written after them (up to the end
 * offsets at the time of the call, so it never waits for records that are not there).
 */
public final class TopicReader implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private Map<TopicPartition, Long> mark = new HashMap<>();

    public TopicReader(String bootstrap, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("isolation.level", "read_committed");
        this.consumer = new KafkaConsumer<>(props);
        mark();
    }

    public TopicReader mark() {
        mark = consumer.endOffsets(partitions());
        return this;
    }

    /** Reads from the topic's first offsets on (a compacted memory topic read whole). */
    public TopicReader fromStart() {
        mark = new HashMap<>();
        return this;
    }

    public List<ConsumerRecord<String, String>> readSinceMark() {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, mark.getOrDefault(tp, 0L)));
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " up to " + end + " within 30 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    private List<TopicPartition> partitions() {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
