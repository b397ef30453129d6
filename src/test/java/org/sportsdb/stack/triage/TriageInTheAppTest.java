package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.TestStack;

/**
 * The triage as the application runs it (routes/triage.yaml, bean triageJob): it reads with the application's Kafka
 * connection, and commits what it triaged under the triage's consumer group ({@code triage.kafka.group.id},
 * TRIAGE_KAFKA_GROUP_ID), the group the ledger reads ({@code reconcile.triage-group-id} defaults to the same variable).
 */
class TriageInTheAppTest {

    @Test
    void aTriageRunCommitsUnderTheTriageGroupTheLedgerReads() throws Exception {
        String run = Long.toString(System.nanoTime());
        String topic = "rejected.soccer.triagegroup" + run;
        String group = "triage-of-this-test-" + run;
        Path root = Files.createTempDirectory(Path.of("target"), "triage-in-app-");
        Map<String, String> settings = TestStack.settings("http://127.0.0.1:9");
        settings.put("triage.enabled", "false");
        settings.put("triage.root", root.toString());
        settings.put("triage.topic.pattern", topic.replace(".", "\\."));
        settings.put("triage.kafka.group.id", group);
        settings.put("reconcile.triage-group-id", group);

        Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.broker().bootstrap());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            client.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            client.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client)) {
                String rejected = "{\"idTeam\":\"1\",\"ingested_at\":1765000000,\"_rejection\":{\"reasons\":[\"required:idTeam\"]}}";
                producer.send(new ProducerRecord<>(topic, "1".getBytes(StandardCharsets.UTF_8),
                        rejected.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }

            Main app = TestStack.startApp(settings);
            try {
                ProducerTemplate template = app.getCamelContext().createProducerTemplate();
                template.requestBody("direct:triage", (Object) null);
            } finally {
                app.stop();
            }

            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = committed.get(new TopicPartition(topic, 0));
            assertEquals(1L, offset == null ? null : offset.offset(),
                    "the triaged record is committed under " + group + " (committed: " + committed + ")");
        }
    }
}
