package org.sportsdb.stack.reconcile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.triage.Knobs;
import org.sportsdb.stack.triage.TriageJob;
import org.sportsdb.stack.triage.TriageResult;
import org.sportsdb.stack.warehouse.RawTableNames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on a real broker: retention deletes rejected records before the triage read them, a real triage run
 * commits past them, a later run commits new records, and the ledger names the deleted ones as a drop of the triage
 * stage with their count, which it reads from the triage group's commit metadata.
 */
class TriageLostToRetentionLedgerTest {

    @Test
    void rejectedRecordsRetentionDeletedBeforeTheTriageReadThemAreNamedWithTheirCount() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        String feed = "soccer.rlost" + run;
        String validated = "validated." + feed;
        String rejected = "rejected." + feed;
        String auditTopic = "validator.audit.rlost" + run;
        String triageGroup = "triage-rlost" + run;
        String bootstrap = TestStack.broker().bootstrap();
        Path triageRoot = Files.createTempDirectory(Path.of("target"), "reconcile-triage-lost-");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                     new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(feed, 1, (short) 1), new NewTopic(validated, 1, (short) 1),
                    new NewTopic(rejected, 1, (short) 1), new NewTopic(auditTopic, 1, (short) 1))).all().get();
            // the validator rejected all 8 records of the feed, in one batch
            for (int i = 0; i < 8; i++) {
                producer.send(new ProducerRecord<>(feed, 0, "k" + i, "{\"n\":" + i + "}")).get();
            }
            producer.send(new ProducerRecord<>(auditTopic, "q:0", "{\"query_id\":\"q\",\"batch_id\":0,\"ranges\":[{\"topic\":\"" + feed
                    + "\",\"partition\":0,\"from\":0,\"until\":8}],\"input_rows\":8,\"output\":{\"" + validated + "\":0,\"" + rejected
                    + "\":8,\"other\":0,\"total\":8},\"dropped_duplicates\":0,\"dropped_late\":0}")).get();

            // the triage reads rejected 0-1; retention deletes 0-5 before it reads 2-5; then 6-7 arrive
            rejectOffsets(producer, rejected, 0, 2);
            assertEquals(2, triage(bootstrap, triageGroup, triageRoot, rejected).totalRecords());
            rejectOffsets(producer, rejected, 2, 6);
            admin.deleteRecords(Map.of(new TopicPartition(rejected, 0), RecordsToDelete.beforeOffset(6))).all().get();
            assertEquals(4, triage(bootstrap, triageGroup, triageRoot, rejected).lostToRetention());
            rejectOffsets(producer, rejected, 6, 8);
            assertEquals(2, triage(bootstrap, triageGroup, triageRoot, rejected).totalRecords());
        }

        Reconciler reconciler = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", bootstrap), List.of(feed), auditTopic,
                "ingest-rlost" + run, null, new RawTableNames("raw_", "rejected.warehouse."), triageGroup, triageRoot,
                java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(feed) + "(\\..*)?$")));
        Ledger ledger = reconciler.run(null, feed);
        String text = ledger.render();

        assertTrue(text.contains("rejected records lost to retention before the triage read them: 4 (" + rejected + ": 4)"), text);
        TopicLedger t = ledger.topic(feed);
        assertEquals(4, t.triageExpired(), text);
        assertEquals(2, t.triaged(), "the records still in the log are in the triage's files: " + text);
        assertEquals(0, t.triageLag(), text);
        assertEquals(0, ledger.unaccounted(), text);
    }

    /** Rejected records of offsets [from, until) of partition 0, as the validator writes them. */
    private static void rejectOffsets(KafkaProducer<String, String> producer, String rejected, int from, int until) throws Exception {
        for (int i = from; i < until; i++) {
            producer.send(new ProducerRecord<>(rejected, 0, "r" + i, "{\"_rejection\":{\"reasons\":[\"required:idEvent\"],\"partition\":0,"
                    + "\"offset\":" + i + "}}")).get();
        }
    }

    /** One real triage run of the rejected topic under the group, into the root. */
    private static TriageResult triage(String bootstrap, String group, Path root, String rejected) {
        Properties knobs = new Properties();
        knobs.setProperty("triage.root", root.toString());
        knobs.setProperty("triage.topic.pattern", rejected.replace(".", "\\."));
        knobs.setProperty("triage.poll.idle-timeout-ms", "20000");
        return new TriageJob(Map.of("bootstrap.servers", bootstrap, "group.id", group), new Knobs(Map.of(), knobs)).runOnce();
    }
}
