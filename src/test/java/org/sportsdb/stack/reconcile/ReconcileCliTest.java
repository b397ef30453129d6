package org.sportsdb.stack.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.CommandOutput;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;

/**
 * {@code ./stack reconcile} as a command (docs/reconcile.md): the ledger on stdout and exit 0 when every record is
 * accounted for, 1 when some are not (their offsets printed), 2 on bad arguments (before or after the start), 3 when
 * the ledger cannot be built; on the real broker, the application started with its beans only.
 */
class ReconcileCliTest {

    private final CommandOutput output = new CommandOutput();

    private int run(Map<String, String> settings, String... args) {
        return output.run((out, err) -> ReconcileCli.run(args, settings, out, err));
    }

    @Test
    void exitStatusZeroOneTwoAndThreeAsDocumented() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        String feed = "soccer.clitest" + run;
        String auditTopic = "validator.audit.clitest" + run;
        String bootstrap = TestStack.broker().bootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(feed, 1, (short) 1), new NewTopic(auditTopic, 1, (short) 1))).all().get();
        }
        Path triageRoot = Files.createTempDirectory(Path.of("target"), "reconcile-cli-triage-");
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap", bootstrap);
        settings.put("reconcile.audit-topic", auditTopic);
        settings.put("reconcile.triage-root", triageRoot.toString());
        settings.put("reconcile.triage-group-id", "triage-clitest" + run);
        settings.put("warehouse.enabled", "false");

        assertEquals(2, run(settings, "--topic"));
        assertTrue(output.err().startsWith(ReconcileCli.USAGE), output.err());
        assertEquals(2, run(settings, "--since", "1h", "--from", "2026-12-01T06:00:00Z"));
        assertTrue(output.err().startsWith("reconcile: --since or --from, not both"), output.err());
        assertEquals(2, run(settings, "--since", "soon"), "a window the started command cannot read");
        assertEquals(2, run(settings, "--topic", "soccer.evnt"), "a mistyped topic");
        assertTrue(output.err().startsWith("reconcile: no topic soccer.evnt") && output.err().contains(ReconcileCli.USAGE), output.err());
        assertTrue(output.err().startsWith("reconcile: ") && output.err().contains(ReconcileCli.USAGE), output.err());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(feed, 0, "k" + i, "{\"n\":" + i + "}")).get();
            }
            producer.send(audit(auditTopic, feed, "q:1", 1, 2, 4)).get(); // offsets 0-1 in no validator batch

            assertEquals(1, run(settings, "--topic", feed), output.err());
            assertTrue(output.out().contains("unaccounted: 2 records") && output.out().contains("validator " + feed + "-0: 0-1"), output.out());

            producer.send(audit(auditTopic, feed, "q:0", 0, 0, 2)).get();
            assertEquals(0, run(settings, "--topic", feed), output.err());
            assertTrue(output.out().contains("unaccounted: 0"), output.out());

            // a batch whose sink wrote one row fewer than the validator passed on to it
            for (int i = 4; i < 6; i++) {
                producer.send(new ProducerRecord<>(feed, 0, "k" + i, "{\"n\":" + i + "}")).get();
            }
            producer.send(new ProducerRecord<>(auditTopic, "q:2", "{\"query_id\":\"q\",\"batch_id\":2,\"ranges\":[{\"topic\":\"" + feed
                    + "\",\"partition\":0,\"from\":4,\"until\":6}],\"input_rows\":2,\"sink_rows\":1,\"topics\":{\"" + feed
                    + "\":{\"read\":2,\"validated\":2,\"rejected\":0,\"dropped\":0}}}")).get();
            assertEquals(1, run(settings, "--topic", feed), output.err());
            assertTrue(output.out().contains("validator batch 2: 2 rows passed on to the sink, 1 written by it: 1 row unaccounted, offsets "
                    + feed + "-0: 4-5"), output.out());
        }

        Path unreadable = Files.createDirectories(triageRoot.resolve("date=2026-12-01").resolve("topic=rejected." + feed));
        Files.writeString(unreadable.resolve("part-0.parquet"), "not a parquet file");
        assertEquals(3, run(settings, "--topic", feed));
        assertTrue(output.err().startsWith("reconcile failed: ") && output.err().contains("is not a Parquet file"), output.err());
        assertEquals("", output.out());
    }

    @Test
    void kafkaUnreachableIsExitThreeWithinTheKafkaTimeoutNamingTheBroker() throws Exception {
        String bootstrap = "127.0.0.1:" + KafkaBroker.freePort(); // nothing listens there
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap", bootstrap);
        settings.put("reconcile.kafka-timeout-ms", "3000");
        settings.put("reconcile.triage-root", Files.createTempDirectory(Path.of("target"), "reconcile-cli-nokafka-").toString());
        settings.put("warehouse.enabled", "false");

        long started = System.nanoTime();
        // preemptive: a command that waits for Kafka without end fails here instead of holding the build
        int status = assertTimeoutPreemptively(Duration.ofSeconds(50), () -> run(settings));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertEquals(3, status, output.err());
        // the application's start and stop, and one Kafka timeout: not a wait per Kafka call of the ledger
        assertTrue(millis < 25_000, "exit 3 came after " + millis + " ms; reconcile.kafka-timeout-ms was 3000");
        assertTrue(output.err().startsWith("reconcile failed: "), output.err());
        assertTrue(output.err().contains("Kafka") && output.err().contains(bootstrap), "names Kafka and where it was looked for: " + output.err());
        assertEquals("", output.out());
    }

    /** The chain's settings for one run of the command, without the warehouse; {@code auditTopic} as the ledger reads it. */
    private static Map<String, String> settings(String bootstrap, String auditTopic, Path triageRoot, String triageGroup) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap", bootstrap);
        settings.put("reconcile.audit-topic", auditTopic);
        settings.put("reconcile.triage-root", triageRoot.toString());
        settings.put("reconcile.triage-group-id", triageGroup);
        settings.put("warehouse.enabled", "false");
        return settings;
    }

    private static String topicWithRecords(String bootstrap, String topic, int records) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "{\"n\":" + i + "}")).get();
            }
        }
        return topic;
    }

    /**
     * No audit record where the ledger looks for them (the validator writes none, VALIDATOR_AUDIT_TOPIC=off, or
     * another topic than reconcile.audit-topic) while the input holds records: the validator stage cannot be
     * accounted, exit 3 with the reason, not "lag" and exit 0 for ever.
     */
    @Test
    void noAuditRecordWhileTheInputHoldsRecordsIsExitThree() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        String bootstrap = TestStack.broker().bootstrap();
        String feed = topicWithRecords(bootstrap, "soccer.clinoaudit" + run, 3);
        String auditTopic = "validator.audit.clinoaudit" + run; // never created: the validator writes its records elsewhere
        Map<String, String> settings = settings(bootstrap, auditTopic, Files.createTempDirectory(Path.of("target"), "reconcile-cli-noaudit-"),
                "triage-clinoaudit" + run);

        assertEquals(3, run(settings, "--topic", feed), output.out() + output.err());
        assertTrue(output.out().contains("could not be accounted") && output.out().contains("no audit record on " + auditTopic)
                && output.out().contains(feed + " holds 3 records"), output.out());
        assertTrue(output.err().contains("the validator stage could not be accounted"), output.err());
    }

    /**
     * The triage's group has committed nothing on a rejected topic that holds records (another group id in
     * reconcile's environment, the triage never ran, its offsets expired): the triage stage cannot be accounted, exit 3
     * naming the group and the topic; with the triage off (triage.enabled=false) the ledger says it is off, exit 0.
     */
    @Test
    void aStageWhoseGroupCommittedNothingIsExitThreeUnlessTheStageIsOff() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        String bootstrap = TestStack.broker().bootstrap();
        String feed = topicWithRecords(bootstrap, "soccer.clinocommit" + run, 2);
        String auditTopic = topicWithRecords(bootstrap, "validator.audit.clinocommit" + run, 0);
        String triageGroup = "triage-clinocommit" + run;
        topicWithRecords(bootstrap, "rejected." + feed, 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(audit(auditTopic, feed, "q:0", 0, 0, 2)).get();
        }
        Path root = Files.createTempDirectory(Path.of("target"), "reconcile-cli-nocommit-");
        Map<String, String> settings = settings(bootstrap, auditTopic, root, triageGroup);

        // before the triage's first run (its root has no _triage folder yet): lag, with a note, not a stage that
        // cannot be accounted (the first rejected record of a day is not an alarm until 06:00)
        assertEquals(0, run(settings, "--topic", feed), output.out() + output.err());
        assertTrue(output.out().contains("the triage has not run yet"), output.out());

        // the triage has run (every run creates _triage and commits every partition it matches), but not there
        Files.createDirectories(root.resolve("_triage"));
        assertEquals(3, run(settings, "--topic", feed), output.out() + output.err());
        assertTrue(output.out().contains("no commit of group " + triageGroup + " on rejected." + feed + ", which holds 2 records"), output.out());
        assertTrue(output.err().contains("the triage stage could not be accounted"), output.err());

        settings.put("triage.enabled", "false");
        assertEquals(0, run(settings, "--topic", feed), output.out() + output.err());
        assertTrue(output.out().contains("triage not checked (triage.enabled=false)"), output.out());
    }

    /**
     * The triage committed past rejected records, but reconcile.triage-root does not lead to its files (a missing
     * path, an unmounted volume: an empty directory without the triage's _triage folder): the ledger cannot be built,
     * exit 3 naming the root, not every triaged offset reported unaccounted.
     */
    @Test
    void aTriageRootThatDoesNotLeadToTheTriagesFilesIsExitThree() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        String bootstrap = TestStack.broker().bootstrap();
        String feed = topicWithRecords(bootstrap, "soccer.clinoroot" + run, 2);
        String auditTopic = topicWithRecords(bootstrap, "validator.audit.clinoroot" + run, 0);
        String triageGroup = "triage-clinoroot" + run;
        String rejected = topicWithRecords(bootstrap, "rejected." + feed, 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(audit(auditTopic, feed, "q:0", 0, 0, 2)).get();
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.alterConsumerGroupOffsets(triageGroup, Map.of(new org.apache.kafka.common.TopicPartition(rejected, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(2))).all().get();
        }
        Path missing = Path.of("target", "reconcile-cli-noroot-" + run).toAbsolutePath();
        assertEquals(3, run(settings(bootstrap, auditTopic, missing, triageGroup), "--topic", feed), output.out() + output.err());
        assertTrue(output.err().startsWith("reconcile failed: ") && output.err().contains(missing.toString())
                && output.err().contains("reconcile.triage-root"), output.err());
        assertEquals("", output.out());

        Path unmounted = Files.createTempDirectory(Path.of("target"), "reconcile-cli-unmounted-").toAbsolutePath();
        assertEquals(3, run(settings(bootstrap, auditTopic, unmounted, triageGroup), "--topic", feed), output.out() + output.err());
        assertTrue(output.err().contains(unmounted.toString()), output.err());
    }

    /** One validator batch as the validator audits it: offsets [from, until) of partition 0, all unchanged re-polls. */
    private static ProducerRecord<String, String> audit(String auditTopic, String feed, String key, long batch, long from, long until) {
        return new ProducerRecord<>(auditTopic, key, "{\"query_id\":\"q\",\"batch_id\":" + batch
                + ",\"ranges\":[{\"topic\":\"" + feed + "\",\"partition\":0,\"from\":" + from + ",\"until\":" + until + "}]"
                + ",\"input_rows\":" + (until - from) + ",\"output\":{\"other\":0,\"total\":0},\"dropped_duplicates\":" + (until - from)
                + ",\"dropped_late\":0}");
    }
}
