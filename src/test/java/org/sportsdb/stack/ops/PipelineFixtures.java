package org.sportsdb.stack.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sportsdb.stack.dev.TestStack;

/** What the pipeline-check tests set up: a validator source topic with records, and a checkpoint in Spark's layout. */
public final class PipelineFixtures {

    private PipelineFixtures() {
    }

    /** Creates the topic (one partition) on the shared test broker and sends {@code records} records to it. */
    public static void topicWithRecords(String topic, int records) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        send(topic, records);
    }

    /** Sends {@code n} small JSON records to an existing topic and waits until the broker has them. */
    public static void send(String topic, int n) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStack.broker().bootstrap());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "{\"i\":" + i + "}")).get();
            }
        }
    }

    /**
     * A Spark structured-streaming checkpoint (the layout a real one has: offsets/N = "v1", batch metadata, one JSON
     * line of source offsets; commits/N marks the batch done) whose last committed batch read the topic's partition 0
     * up to {@code offset}, committed at {@code at}.
     */
    public static void committedBatch(Path dir, long batch, String topic, long offset, Instant at) throws Exception {
        Files.createDirectories(dir.resolve("offsets"));
        Files.createDirectories(dir.resolve("commits"));
        Files.writeString(dir.resolve("offsets").resolve(Long.toString(batch)), "v1\n"
                + "{\"batchWatermarkMs\":0,\"batchTimestampMs\":" + at.toEpochMilli() + ",\"conf\":{}}\n"
                + "{\"" + topic + "\":{\"0\":" + offset + "}}");
        Path commit = dir.resolve("commits").resolve(Long.toString(batch));
        Files.writeString(commit, "v1\n{\"nextBatchWatermarkMs\":0}");
        Files.setLastModifiedTime(commit, FileTime.from(at));
    }
}
