package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelExecutionException;
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
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.Management;
import org.sportsdb.stack.dev.MetricsText;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;

/**
 * A triage run in the application that fails for one topic after another topic was drained: the drained topic's
 * records and files are committed, so the metrics count them, and the failure mail says what was committed and
 * which topic failed.
 */
class TriageFailedRunInTheAppTest {

    private static final String SUBJECT = "[sportsdb-stack] ";
    private static final Instant RECORD_TIME = Instant.parse("2026-10-05T12:00:00Z");

    @Test
    void aRunFailingForOneTopicCountsAndMailsWhatItCommitted() throws Exception {
        String run = Long.toString(System.nanoTime());
        String drained = "rejected.soccer.failedrun" + run + ".a_drained";
        String blocked = "rejected.soccer.failedrun" + run + ".b_blocked";
        String group = "triage-failed-run-" + run;
        Path root = Files.createTempDirectory(Path.of("target"), "triage-failed-run-");
        // the blocked topic's day folder is a file: its segment cannot be published, in this run or the next
        Files.createDirectories(root.resolve("date=2026-10-05"));
        Files.writeString(root.resolve("date=2026-10-05").resolve("topic=" + blocked), "not a folder");

        GreenMail smtp = SmtpServer.start();
        Management management = new Management();
        Map<String, String> settings = management.enableIn(TestStack.settings("http://127.0.0.1:9"));
        SmtpServer.alertsTo(settings, smtp.getSmtp().getPort(), "oncall@ops.test");
        settings.put("triage.enabled", "false");
        settings.put("triage.root", root.toString());
        settings.put("triage.timezone", "UTC");
        settings.put("triage.topic.pattern", "rejected\\.soccer\\.failedrun" + run + "\\..*");
        settings.put("triage.kafka.group.id", group);

        Properties client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.broker().bootstrap());
        Main app = null;
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(drained, 1, (short) 1), new NewTopic(blocked, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            send(drained, 2);
            send(blocked, 1);

            app = TestStack.startApp(settings);
            ProducerTemplate template = app.getCamelContext().createProducerTemplate();
            assertThrows(CamelExecutionException.class, () -> template.requestBody("direct:triage", (Object) null));
            template.close();

            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(2L, committed.get(new TopicPartition(drained, 0)).offset(), "the drained topic is committed: " + committed);
            assertFalse(committed.containsKey(new TopicPartition(blocked, 0)), "the blocked topic is not: " + committed);

            MetricsText scrape = management.scrapeUntil("the failed run's counts",
                    s -> s.value("sportsdb_triage_runs_total", "outcome", "failed").orElse(0) >= 1
                            && s.value("sportsdb_triage_records_total", "topic", drained).isPresent());
            assertEquals(1, scrape.require("sportsdb_triage_runs_total", "outcome", "failed"));
            assertEquals(2, scrape.require("sportsdb_triage_records_total", "topic", drained), "the committed records are counted");
            assertEquals(1, scrape.require("sportsdb_triage_files_total", "topic", drained), "the published file is counted");
            assertEquals(0, scrape.value("sportsdb_triage_records_total", "topic", blocked).orElse(0), "nothing of the blocked topic");

            Eventually.await("the triage mail", Duration.ofSeconds(60), () -> !triageMails(smtp).isEmpty());
            MimeMessage mail = triageMails(smtp).get(0);
            String text = mail.getSubject() + "\n" + GreenMailUtil.getBody(mail);
            assertTrue(text.contains(blocked), "the mail names the failed topic: " + text);
            assertTrue(text.contains("committed before the failure: 2 records in 1 file"), "the mail says what was committed: " + text);
            assertTrue(text.contains(drained + "=2"), "per topic: " + text);
            assertFalse(text.contains("committed nothing"), text);
        } finally {
            if (app != null) {
                app.stop();
            }
            smtp.stop();
        }
    }

    private static void send(String topic, int n) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.broker().bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < n; i++) {
                String rejected = "{\"idTeam\":\"" + i + "\",\"ingested_at\":1765000000,\"_rejection\":{\"reasons\":[\"required:idTeam\"]}}";
                producer.send(new ProducerRecord<>(topic, 0, RECORD_TIME.toEpochMilli(), Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                        rejected.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<MimeMessage> triageMails(GreenMail smtp) {
        return SmtpServer.mails(smtp).stream().filter(m -> {
            try {
                return m.getSubject().startsWith(SUBJECT + "triage:");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
