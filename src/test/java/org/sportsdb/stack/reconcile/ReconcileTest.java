package org.sportsdb.stack.reconcile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.triage.Knobs;
import org.sportsdb.stack.triage.TriageJob;
import org.sportsdb.stack.triage.TriageResult;
import org.sportsdb.stack.warehouse.IngestConsumer;
import org.sportsdb.stack.warehouse.RawTableNames;
import org.sportsdb.stack.warehouse.WarehouseDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger on a real broker, real triage Parquet files (parquet-sink) and the real ClickHouse engine (the embedded
 * warehouse, a raw table with the pipeline's columns and engine): the chain is written
 * as the pipeline writes it (feed records, the validator's audit records and output topics, raw rows with their
 * Kafka coordinates and the ingestion group's commit, a warehouse refusal, a triage run). Everything accounted
 * for gives 0; then rows deleted from the raw table, a Parquet file deleted and an audit batch removed are named
 * by their exact offsets, and a batch audited twice (a replay) counts once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcileTest {
    /** Names of this run (a rerun of the class gets new ones). */
    static String feed;
    static String validated;
    static String rejected;
    static String refused;
    static String auditTopic;
    static String ingestGroup;
    static String triageGroup;
    static String table;
    static Path triageRoot;
    static EmbeddedWarehouse engine;
    static WarehouseDataSource warehouse;
    static KafkaProducer<String, String> producer;
    static Reconciler reconciler;
    /** The validated.* offsets written to the raw table, per partition. */
    static final List<long[]> rawRows = new ArrayList<>();

    @BeforeAll
    static void buildTheChain() throws Exception {
        String run = Long.toString(System.nanoTime() % 100_000_000);
        feed = "soccer.rtest" + run;
        validated = "validated." + feed;
        rejected = "rejected." + feed;
        refused = "rejected.warehouse." + feed;
        auditTopic = "validator.audit.rtest" + run;
        ingestGroup = "ingest-rtest" + run;
        triageGroup = "triage-rtest" + run;
        table = "raw_rtest" + run;
        String bootstrap = TestStack.broker().bootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(feed, 2, (short) 1), new NewTopic(validated, 2, (short) 1),
                    new NewTopic(rejected, 2, (short) 1), new NewTopic(refused, 1, (short) 1), new NewTopic(auditTopic, 1, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer());
        triageRoot = Files.createTempDirectory(Path.of("target"), "reconcile-triage-");
        engine = EmbeddedWarehouse.start();
        warehouse = new WarehouseDataSource(engine.jdbcUrl(), "default", "");
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            // the pipeline columns and the engine of the raw tables (warehouse/migrations/V002), keyed on the hash only
            s.execute("CREATE TABLE " + table + " (kafka_topic LowCardinality(String), kafka_partition Int32, kafka_offset Int64,"
                    + " payload_hash String, ingested_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree(ingested_at) ORDER BY payload_hash");
        }
        // the feeds: 10 records on each partition of soccer.*
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 10; i++) {
                send(feed, p, "k" + i, "{\"n\":" + i + "}");
            }
        }
        // the validator, two batches: [0,6) and [6,10) of each partition; per batch 2 validated and 1 rejected per
        // partition, the rest unchanged re-polls dropped
        audit("q:0", 0, 0, 6, 4, 2, 6);
        audit("q:1", 1, 6, 10, 4, 2, 2);
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 4; i++) {
                // the poller's ingested_at (epoch seconds), which the raw row keeps
                send(validated, p, "v" + i, "{\"v\":" + i + ",\"payload_hash\":\"" + hash(p, i) + "\",\"ingested_at\":"
                        + System.currentTimeMillis() / 1000 + "}");
            }
            for (int i = 0; i < 2; i++) {
                send(rejected, p, "r" + i, "{\"_rejection\":{\"reasons\":[\"required:idEvent\"],\"topic\":\"" + feed + "\",\"partition\":" + p + ",\"offset\":" + i + "}}");
            }
        }
        // the warehouse: every validated record in the raw table but validated-1@3, which it refused
        for (int p = 0; p < 2; p++) {
            for (int o = 0; o < 4; o++) {
                if (p == 1 && o == 3) {
                    refuse(p, o);
                } else {
                    insertRaw(p, o);
                }
            }
        }
        commit(ingestGroup, validated, 4);
        // the triage: a real run into Parquet
        Properties knobs = new Properties();
        knobs.setProperty("triage.root", triageRoot.toString());
        knobs.setProperty("triage.topic.pattern", rejected.replace(".", "\\."));
        knobs.setProperty("triage.poll.idle-timeout-ms", "20000");
        TriageResult result = new TriageJob(Map.of("bootstrap.servers", bootstrap, "group.id", triageGroup), new Knobs(Map.of(), knobs)).runOnce();
        assertEquals(4, result.totalRecords());
        // the validator reads the feed and the topics named after it (this run's topics only)
        reconciler = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", bootstrap), List.of(feed), auditTopic,
                ingestGroup, warehouse, new RawTableNames("raw_", "rejected.warehouse."), triageGroup, triageRoot,
                java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(feed) + "(\\..*)?$")));
    }

    @AfterAll
    static void stopWarehouse() {
        if (engine != null) {
            engine.close();
        }
        producer.close();
    }

    static RecordMetadata send(String topic, int partition, String key, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    }

    /** One audit record as the validator writes it: the same range on both partitions. */
    static void audit(String key, long batch, long from, long until, long validatedRows, long rejectedRows, long dropped) throws Exception {
        String ranges = "[{\"topic\":\"" + feed + "\",\"partition\":0,\"from\":" + from + ",\"until\":" + until + "},"
                + "{\"topic\":\"" + feed + "\",\"partition\":1,\"from\":" + from + ",\"until\":" + until + "}]";
        producer.send(new ProducerRecord<>(auditTopic, key, "{\"query_id\":\"q\",\"batch_id\":" + batch + ",\"ranges\":" + ranges
                + ",\"input_rows\":" + 2 * (until - from) + ",\"output\":{\"" + validated + "\":" + validatedRows + ",\"" + rejected + "\":" + rejectedRows
                + ",\"other\":0,\"total\":" + (validatedRows + rejectedRows) + "},\"dropped_duplicates\":" + dropped + ",\"dropped_late\":0}")).get();
    }

    static void insertRaw(int partition, long offset) throws Exception {
        try (Connection c = warehouse.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, now64(3))")) {
            s.setString(1, validated);
            s.setInt(2, partition);
            s.setLong(3, offset);
            s.setString(4, hash(partition, offset));
            s.executeUpdate();
        }
    }

    static String hash(int partition, long offset) {
        return "h" + partition + "-" + offset;
    }

    static void refuse(int partition, long offset) throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(refused, "k", "{}");
        r.headers().add("warehouse.error", "Code: 27. Cannot parse input".getBytes(StandardCharsets.UTF_8));
        r.headers().add("warehouse.source.topic", validated.getBytes(StandardCharsets.UTF_8));
        r.headers().add("warehouse.source.partition", Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        r.headers().add("warehouse.source.offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        producer.send(r).get();
    }

    static void commit(String group, String topic, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(offset));
            offsets.put(new TopicPartition(topic, 1), new OffsetAndMetadata(offset));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        }
    }

    @Test
    @Order(1)
    void everyRecordIsAccountedFor() throws Exception {
        Ledger ledger = reconciler.run(null, null);
        TopicLedger t = ledger.topic(feed);
        assertEquals(20, t.published());
        assertEquals(8, t.validated());
        assertEquals(4, t.rejected());
        assertEquals(8, t.dropped());
        assertEquals(0, t.validatorLag());
        assertEquals(7, t.inRaw());
        assertEquals(1, t.refused());
        assertEquals(Map.of("Code: 27", 1L), t.refusedReasons());
        assertEquals(0, t.ingestLag());
        assertEquals(4, t.triaged());
        assertEquals(Map.of("required:idEvent", 4L), t.rejectedReasons());
        assertEquals(0, t.triageLag());
        assertEquals(0, ledger.unaccounted(), ledger.render());
        assertTrue(ledger.render().contains("unaccounted: 0"), ledger.render());
    }

    @Test
    @Order(2)
    void recordsNotYetProcessedAreLagNotGaps() throws Exception {
        send(feed, 0, "late", "{}");           // not audited yet
        send(validated, 0, "new", "{}");       // not ingested yet (the group's commit is behind)
        send(rejected, 1, "new", "{\"_rejection\":{\"reasons\":[\"type:x\"]}}"); // not triaged yet
        Ledger ledger = reconciler.run(null, null);
        TopicLedger t = ledger.topic(feed);
        assertEquals(1, t.validatorLag());
        assertEquals(1, t.ingestLag());
        assertEquals(1, t.triageLag());
        assertEquals(0, ledger.unaccounted(), ledger.render());
    }

    @Test
    @Order(3)
    void aBatchAuditedTwiceCountsOnce() throws Exception {
        audit("q:1", 1, 6, 10, 4, 2, 2); // the validator replayed batch 1 after a restart
        TopicLedger t = reconciler.run(null, null).topic(feed);
        assertEquals(8, t.validated());
        assertEquals(4, t.rejected());
        assertEquals(8, t.dropped());
    }

    @Test
    @Order(4)
    void aRecordTheRawTableCollapsedIntoAnIdenticalRowIsInRaw() throws Exception {
        insertRaw(0, 4); // the record of step 2, ingested now
        // validated-0@5 repeats validated-0@0 (same payload_hash): a replayed batch. Both rows inserted, then the
        // ReplacingMergeTree merge keeps the later one: offset 0 has no row of its own any more
        send(validated, 0, "v0", "{\"v\":0,\"payload_hash\":\"" + hash(0, 0) + "\"}");
        try (Connection c = warehouse.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " VALUES (?, 0, 5, ?, now64(3) + 1)")) {
            s.setString(1, validated);
            s.setString(2, hash(0, 0));
            s.executeUpdate();
        }
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            s.execute("OPTIMIZE TABLE " + table + " FINAL");
            try (java.sql.ResultSet rs = s.executeQuery("SELECT count() FROM " + table + " WHERE kafka_partition = 0 AND kafka_offset = 0")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "the merge removed the row of offset 0");
            }
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.alterConsumerGroupOffsets(ingestGroup, Map.of(new TopicPartition(validated, 0), new OffsetAndMetadata(6))).all().get();
        }
        Ledger ledger = reconciler.run(null, null);
        TopicLedger t = ledger.topic(feed);
        assertEquals(0, ledger.unaccounted(), ledger.render());
        assertEquals(9, t.inRaw());
        assertEquals(1, t.inRawAsIdenticalRow());
        assertEquals(0, t.ingestLag());
    }

    @Test
    @Order(5)
    void deletedRawRowsAMissingParquetFileAndASkippedBatchAreNamedByTheirOffsets() throws Exception {
        try (Connection c = warehouse.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + " WHERE kafka_partition = 0 AND kafka_offset IN (1, 2)");
        }
        Path file;
        try (Stream<Path> files = Files.walk(triageRoot)) {
            file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.delete(file); // the only file: all 4 triaged rejected records
        producer.send(new ProducerRecord<>(auditTopic, "q:0", null)).get(); // batch 0's audit gone: offsets 0-5 of both partitions

        Ledger ledger = reconciler.run(null, null);
        TopicLedger t = ledger.topic(feed);
        assertEquals("1-2", t.gaps().get(Ledger.WAREHOUSE).get(0).toString());
        assertEquals(null, t.gaps().get(Ledger.WAREHOUSE).get(1));
        assertEquals("0-1", t.gaps().get(Ledger.TRIAGE).get(0).toString());
        assertEquals("0-1", t.gaps().get(Ledger.TRIAGE).get(1).toString());
        assertEquals("0-5", t.gaps().get(Ledger.VALIDATOR).get(0).toString());
        assertEquals("0-5", t.gaps().get(Ledger.VALIDATOR).get(1).toString());
        assertEquals(2 + 4 + 12, ledger.unaccounted());
        String text = ledger.render();
        assertTrue(text.contains("warehouse " + validated + "-0: 1-2"), text);
        assertTrue(text.contains("validator " + feed + "-1: 0-5"), text);
        assertTrue(text.contains("triage    " + rejected + "-1: 0-1"), text);
    }

    @Test
    @Order(6)
    void thePeriodicRunPublishesItsFiguresAndCountsARunThatCannotBeBuilt() throws Exception {
        ReconcileStats stats = new ReconcileStats();
        assertEquals(-1, stats.getUnaccounted(), "before the first run");
        ReconcileBeans.runPeriodic(reconciler, stats, null, java.time.Clock.systemUTC());
        assertEquals(18, stats.getUnaccounted());
        assertEquals(1, stats.getValidatorLag());
        assertEquals(0, stats.getIngestLag());
        assertEquals(1, stats.getTriageLag());
        assertTrue(stats.getLastRunEpochSeconds() > 0);
        assertEquals(0, stats.getFailures());

        engine.stop(); // the warehouse unreachable: no ledger, the figures of the last one stay, the failure is counted
        try {
            ReconcileBeans.runPeriodic(reconciler, stats, null, java.time.Clock.systemUTC());
            assertEquals(1, stats.getFailures());
            assertEquals(18, stats.getUnaccounted());
        } finally {
            engine.restart();
        }
    }

    @Test
    @Order(7)
    void offsetsReadTwiceByAValidatorWhoseCheckpointWasResetAreNamed() throws Exception {
        audit("q2:0", 0, 6, 10, 4, 2, 2); // another query id (a new checkpoint) read batch 1's offsets again
        Ledger ledger = reconciler.run(null, null);
        assertEquals(8, ledger.topic(feed).processedTwice());
        assertTrue(ledger.render().contains("read twice by the validator (its checkpoint was reset; counted twice above): 8 offsets"),
                ledger.render());
    }

    @Test
    @Order(8)
    void aBatchCommittedWithoutItsAuditRecordIsAccountedAsProcessedWithItsCountsLost() throws Exception {
        String lostFeed = feed + ".lost";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(lostFeed, 1, (short) 1))).all().get();
        }
        for (int i = 0; i < 8; i++) {
            send(lostFeed, 0, "k" + i, "{\"n\":" + i + "}");
        }
        // batch 0 audited; the validator stopped after batch 1's commit ([4, 6)), before its audit record; restarted,
        // its batch 2 audited
        producer.send(new ProducerRecord<>(auditTopic, "q3:0", "{\"query_id\":\"q3\",\"batch_id\":0,\"ranges\":[{\"topic\":\"" + lostFeed
                + "\",\"partition\":0,\"from\":0,\"until\":4}],\"input_rows\":4,\"output\":{\"validated." + lostFeed
                + "\":3,\"other\":0,\"total\":3},\"dropped_duplicates\":1}")).get();
        producer.send(new ProducerRecord<>(auditTopic, "q3:2", "{\"query_id\":\"q3\",\"batch_id\":2,\"ranges\":[{\"topic\":\"" + lostFeed
                + "\",\"partition\":0,\"from\":6,\"until\":8}],\"input_rows\":2,\"output\":{\"rejected." + lostFeed
                + "\":2,\"other\":0,\"total\":2},\"dropped_duplicates\":0}")).get();
        Ledger gap = reconciler.run(null, lostFeed);
        assertEquals("4-5", gap.topic(lostFeed).gaps().get(Ledger.VALIDATOR).get(0).toString(), gap.render());

        // the fix: that start found batch 1 committed above its audit marker and wrote the batch's offsets without counts
        producer.send(new ProducerRecord<>(auditTopic, "q3:1:counts-lost", "{\"query_id\":\"q3\",\"query_name\":\"soccer-validator\",\"batch_id\":1,"
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"validator_version\":\"0.1.0\",\"counts_lost\":true,\"ranges\":[{\"topic\":\"" + lostFeed
                + "\",\"partition\":0,\"from\":4,\"until\":6}]}")).get();
        Ledger ledger = reconciler.run(null, lostFeed);
        TopicLedger t = ledger.topic(lostFeed);
        String text = ledger.render();
        assertEquals(0, ledger.unaccounted(), text);
        assertEquals(2, t.countsLost());
        assertEquals(Map.of(1L, Map.of(0, OffsetRanges.of(4, 6))).toString(), t.countsLostBatches().toString());
        assertEquals(3, t.validated());
        assertEquals(2, t.rejected());
        assertEquals(1, t.dropped(), "the counts-lost offsets are not counted as dropped");
        assertEquals(0, t.validatorLag());
        assertTrue(text.contains("processed, counts lost: validator stopped after batch 1's commit, before its audit record: 2 offsets ("
                + lostFeed + "-0: 4-5)"), text);
        assertTrue(text.contains("unaccounted: 0"), text);

        // its full record was written after all (the validator stopped before its marker): the full record counts
        producer.send(new ProducerRecord<>(auditTopic, "q3:1", "{\"query_id\":\"q3\",\"batch_id\":1,\"ranges\":[{\"topic\":\"" + lostFeed
                + "\",\"partition\":0,\"from\":4,\"until\":6}],\"input_rows\":2,\"output\":{\"validated." + lostFeed
                + "\":2,\"other\":0,\"total\":2},\"dropped_duplicates\":0}")).get();
        Ledger full = reconciler.run(null, lostFeed);
        assertEquals(0, full.topic(lostFeed).countsLost(), full.render());
        assertEquals(5, full.topic(lostFeed).validated());
        assertEquals(0, full.topic(lostFeed).processedTwice());
        assertEquals(0, full.unaccounted(), full.render());
    }

    /** A topic of its own for one test, one partition, {@code records} records. */
    static String topicWithRecords(String suffix, int records) throws Exception {
        return topicWithRecords(suffix, records, Map.of());
    }

    /** {@link #topicWithRecords(String, int)} with topic configs (e.g. cleanup.policy=compact). */
    static String topicWithRecords(String suffix, int records, Map<String, String> configs) throws Exception {
        String topic = feed + "." + suffix;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get();
        }
        for (int i = 0; i < records; i++) {
            send(topic, 0, "k" + i, "{\"n\":" + i + "}");
        }
        return topic;
    }

    /** An audit record of the current format: one range of partition 0, the four counts of its topic, the sink's rows. */
    static void countedAudit(String key, long batch, String topic, long from, long until, boolean first, long read, long validated,
                             long rejected, long dropped, long sinkRows) throws Exception {
        countedAudit(auditTopic, null, key, batch, topic, from, until, first, read, validated, rejected, dropped, sinkRows);
    }

    /** {@link #countedAudit} on {@code toTopic}, written at {@code timestamp} (null: now). */
    static void countedAudit(String toTopic, Long timestamp, String key, long batch, String topic, long from, long until, boolean first,
                             long read, long validated, long rejected, long dropped, long sinkRows) throws Exception {
        producer.send(new ProducerRecord<>(toTopic, null, timestamp, key, "{\"query_id\":\"q\",\"batch_id\":" + batch + ",\"ranges\":[{\"topic\":\""
                + topic + "\",\"partition\":0,\"from\":" + from + ",\"until\":" + until + (first ? ",\"first\":true" : "") + "}],"
                + "\"input_rows\":" + read + ",\"sink_rows\":" + sinkRows + ",\"topics\":{\"" + topic + "\":{\"read\":" + read
                + ",\"validated\":" + validated + ",\"rejected\":" + rejected + ",\"dropped\":" + dropped + "}}}")).get();
    }

    @Test
    @Order(9)
    void aRowLostInsideTheValidatorOrOnItsWayToTheSinkIsUnaccountedWithItsBatchAndOffsets() throws Exception {
        String topic = topicWithRecords("counted", 12);
        countedAudit("q9:0", 0, topic, 0, 6, true, 6, 3, 1, 2, 4);
        Ledger balanced = reconciler.run(null, topic);
        assertEquals(0, balanced.unaccounted(), balanced.render());
        assertEquals(2, balanced.topic(topic).dropped(), "the drops as counted, not covered - written");

        countedAudit("q9:1", 1, topic, 6, 10, false, 4, 2, 0, 1, 2);   // one row lost between the validation and the dedup
        countedAudit("q9:2", 2, topic, 10, 12, false, 2, 2, 0, 0, 1);  // one row passed on to the sink, not written
        Ledger ledger = reconciler.run(null, topic);
        String text = ledger.render();
        assertEquals(2, ledger.unaccounted(), text);
        assertEquals(1, ledger.topic(topic).unbalanced().size(), text);
        assertEquals(1, ledger.unbalancedBatches().size(), text);
        assertTrue(text.contains("validator batch 1: read 4, validated 2 + rejected 0 + dropped 1: 1 row unaccounted, offsets " + topic + "-0: 6-9"), text);
        assertTrue(text.contains("validator batch 2: 2 rows passed on to the sink, 1 written by it: 1 row unaccounted, offsets " + topic + "-0: 10-11"), text);
    }

    @Test
    @Order(10)
    void offsetsBeforeTheValidatorsStartAndOffsetsItDidNotReadAreNamedPerTopic() throws Exception {
        String topic = topicWithRecords("started", 8, Map.of("cleanup.policy", "compact"));
        // the query started at offset 3 (startingOffsets); of [3, 6) one offset was not there to read (compacted)
        countedAudit("q10:0", 0, topic, 3, 6, true, 2, 2, 0, 0, 2);
        countedAudit("q10:1", 1, topic, 6, 8, false, 2, 1, 1, 0, 2);
        Ledger ledger = reconciler.run(null, topic);
        TopicLedger t = ledger.topic(topic);
        String text = ledger.render();
        assertEquals(0, ledger.unaccounted(), text);
        assertEquals(8, t.published());
        assertEquals(3, t.validated());
        assertEquals(1, t.rejected());
        assertEquals(0, t.dropped());
        assertEquals(1, t.notRead(), text);
        assertEquals(Map.of(0, OffsetRanges.of(0, 3)).toString(), t.beforeStart().toString());
        assertTrue(text.contains("not read by the validator (compacted, or deleted by retention first), per topic: " + topic + "=1"), text);
        assertTrue(text.contains("before the validator's starting offsets (VALIDATOR_STARTING_OFFSETS, Spark's startingOffsets, or a partition it found later): " + topic + "-0: 0-2"), text);
    }

    @Test
    @Order(11)
    void aTopicWithoutAContractIsInTheLedgerAndAMistypedTopicIsRefused() throws Exception {
        String topic = topicWithRecords("mystery", 3);
        countedAudit("q11:0", 0, topic, 0, 3, true, 3, 0, 3, 0, 3); // no contract: all rejected (to rejected.soccer.unknown)
        Ledger ledger = reconciler.run(null, null);
        TopicLedger t = ledger.topic(topic);
        assertEquals(3, t.published(), ledger.render());
        assertEquals(3, t.rejected());
        assertEquals(0, t.unaccounted());
        Reconciler.UnknownTopicException e = org.junit.jupiter.api.Assertions.assertThrows(Reconciler.UnknownTopicException.class,
                () -> reconciler.run(null, feed + ".mistyped"));
        assertTrue(e.getMessage().contains(topic), "the topics in scope are listed: " + e.getMessage());
    }

    @Test
    @Order(12)
    void aRefusalPublishedAgainOnARetryCountsOnce() throws Exception {
        // the ingestion published the refusal of validated-1@3, then its commit failed: the batch came again and the
        // same refusal was published a second time
        refuse(1, 3);
        TopicLedger t = reconciler.run(null, feed).topic(feed);
        assertEquals(1, t.refused());
        assertEquals(Map.of("Code: 27", 1L), t.refusedReasons(), "one refused record, one reason");
    }

    @Test
    @Order(13)
    void validatedRecordsExpiredBeforeIngestionAreNamedFromTheIngestionsCommits() throws Exception {
        // what the ingestion commits after it found 3 offsets of validated-0 deleted by retention before it read them
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.alterConsumerGroupOffsets(ingestGroup, Map.of(new TopicPartition(validated, 0),
                    new OffsetAndMetadata(4, IngestConsumer.EXPIRED_METADATA + 3))).all().get();
        }
        Ledger ledger = reconciler.run(null, feed);
        assertEquals(3, ledger.topic(feed).warehouseExpired());
        assertTrue(ledger.render().contains("validated records expired before ingestion (deleted by retention before the warehouse read them): 3 ("
                + validated + ": 3)"), ledger.render());
    }

    /** --topic: the summary's drops are the topic's own part of each batch, as its row counts them, not the batch's. */
    @Test
    @Order(14)
    void theSummaryOfOneTopicCountsThatTopicsPartOfEachBatch() throws Exception {
        String a = topicWithRecords("summary-a", 6);
        String b = topicWithRecords("summary-b", 4, Map.of("cleanup.policy", "compact"));
        // one batch over both topics: a's 6 rows, 2 of them unchanged re-polls; b's 4 offsets, 3 rows read (1 compacted
        // away), 3 unchanged re-polls
        producer.send(new ProducerRecord<>(auditTopic, "q14:0", "{\"query_id\":\"q\",\"batch_id\":0,\"ranges\":["
                + "{\"topic\":\"" + a + "\",\"partition\":0,\"from\":0,\"until\":6,\"first\":true},"
                + "{\"topic\":\"" + b + "\",\"partition\":0,\"from\":0,\"until\":4,\"first\":true}],"
                + "\"input_rows\":9,\"sink_rows\":4,\"topics\":{"
                + "\"" + a + "\":{\"read\":6,\"validated\":3,\"rejected\":1,\"dropped\":2},"
                + "\"" + b + "\":{\"read\":3,\"validated\":0,\"rejected\":0,\"dropped\":3}}}")).get();
        Ledger ledger = reconciler.run(null, a);
        String text = ledger.render();
        assertEquals(2, ledger.topic(a).dropped(), text);
        assertTrue(text.contains("dropped by the validator: 2 unchanged re-polls; 0 offsets compacted or expired before it read them"), text);
        Ledger ofB = reconciler.run(null, b);
        assertTrue(ofB.render().contains("dropped by the validator: 3 unchanged re-polls; 1 offsets compacted or expired before it read them"),
                ofB.render());
    }

    @Test
    @Order(15)
    void thePeriodicRunCountsARunWithKafkaUnreachableAndKeepsTheLastFigures() throws Exception {
        ReconcileStats stats = new ReconcileStats();
        ReconcileBeans.runPeriodic(reconciler, stats, null, java.time.Clock.systemUTC());
        assertEquals(0, stats.getFailures());
        long unaccounted = stats.getUnaccounted();
        long validatorLag = stats.getValidatorLag();
        long ingestLag = stats.getIngestLag();
        long triageLag = stats.getTriageLag();
        long lastRun = stats.getLastRunEpochSeconds();
        assertTrue(unaccounted >= 0 && lastRun > 0);

        // the same chain, its broker gone: nothing listens where the ledger looks for it
        Reconciler noKafka = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", "127.0.0.1:" + KafkaBroker.freePort()),
                List.of(feed), auditTopic, ingestGroup, warehouse, new RawTableNames("raw_", "rejected.warehouse."), triageGroup,
                triageRoot, ReconcileSettings.VALIDATOR_SOURCE_TOPICS, java.time.Duration.ofSeconds(3)));
        long started = System.nanoTime();
        ReconcileBeans.runPeriodic(noKafka, stats, null, java.time.Clock.systemUTC());
        long millis = java.time.Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertTrue(millis < 15_000, "the run failed after " + millis + " ms; the Kafka timeout was 3 s");
        assertEquals(1, stats.getFailures(), "the run that could not be built is counted");
        assertEquals(unaccounted, stats.getUnaccounted(), "the last ledger's figures stay");
        assertEquals(validatorLag, stats.getValidatorLag());
        assertEquals(ingestLag, stats.getIngestLag());
        assertEquals(triageLag, stats.getTriageLag());
        assertEquals(lastRun, stats.getLastRunEpochSeconds(), "the last run is the last one that was built");
    }

    /**
     * The validator's audit records stopped after a batch (VALIDATOR_AUDIT_TOPIC=off, another audit topic, its publisher
     * failing) while it went on writing validated records: the input past the last audited batch is not lag, the
     * validator stage cannot be accounted.
     */
    @Test
    @Order(16)
    void outputWrittenLongAfterTheLastAuditRecordMeansTheValidatorStageCannotBeAccounted() throws Exception {
        String topic = topicWithRecords("stopped", 4);
        String audits = auditTopic + ".stopped";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("validated." + topic, 1, (short) 1), new NewTopic(audits, 1, (short) 1))).all().get();
        }
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        // batch 0, an hour ago: offsets 0-1 validated, written just before its audit record
        for (int i = 0; i < 2; i++) {
            producer.send(new ProducerRecord<>("validated." + topic, 0, hourAgo - 1000, "k" + i, "{}")).get();
        }
        countedAudit(audits, hourAgo, "qs:0", 0, topic, 0, 2, true, 2, 2, 0, 0, 2);
        Reconciler ledgerOfTopic = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", TestStack.broker().bootstrap()),
                List.of(topic), audits, ingestGroup, null, new RawTableNames("raw_", "rejected.warehouse."), triageGroup, triageRoot,
                java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(topic) + "$")));
        Ledger waiting = ledgerOfTopic.run(null, null);
        assertEquals(2, waiting.topic(topic).validatorLag(), waiting.render());
        assertTrue(!waiting.render().contains("could not be accounted"), "offsets 2-3 wait for the next batch: " + waiting.render());

        // the validator wrote offsets 2-3's records half an hour ago, and no audit record since
        long halfAnHourAgo = System.currentTimeMillis() - 1_800_000;
        for (int i = 2; i < 4; i++) {
            producer.send(new ProducerRecord<>("validated." + topic, 0, halfAnHourAgo, "k" + i, "{}")).get();
        }
        String text = ledgerOfTopic.run(null, null).render();
        assertTrue(text.contains("could not be accounted") && text.contains("validated." + topic + " holds 2 records written after the newest audit record")
                && text.contains(audits), text);
    }

    /**
     * A batch being written after a quiet hour: its output is on the output topic before its audit record, however long
     * ago the previous batch's was. Output younger than the grace is lag, not a stage that cannot be accounted.
     */
    @Test
    @Order(22)
    void outputOfTheBatchBeingWrittenAfterAQuietHourIsLag() throws Exception {
        String topic = topicWithRecords("quiet", 4);
        String audits = auditTopic + ".quiet";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("validated." + topic, 1, (short) 1), new NewTopic(audits, 1, (short) 1))).all().get();
        }
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 2; i++) {
            producer.send(new ProducerRecord<>("validated." + topic, 0, hourAgo - 1000, "k" + i, "{}")).get();
        }
        countedAudit(audits, hourAgo, "qq:0", 0, topic, 0, 2, true, 2, 2, 0, 0, 2);
        for (int i = 2; i < 4; i++) {
            send("validated." + topic, 0, "k" + i, "{}");   // the batch of offsets 2-3, its audit record not yet written
        }
        Reconciler ledgerOfTopic = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", TestStack.broker().bootstrap()),
                List.of(topic), audits, ingestGroup, null, new RawTableNames("raw_", "rejected.warehouse."), triageGroup, triageRoot,
                java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(topic) + "$")));
        Ledger ledger = ledgerOfTopic.run(null, null);
        assertEquals(2, ledger.topic(topic).validatorLag(), ledger.render());
        assertTrue(!ledger.render().contains("could not be accounted"), "a batch being written: " + ledger.render());
    }

    /**
     * On a topic without compaction an offset a batch covered but did not read must have been deleted by retention
     * before the batch ran, so it lies below the log start now: offsets not read while still retained were skipped
     * (Spark with failOnDataLoss=false), a loss named with its batch; offsets below the log start are not.
     */
    @Test
    @Order(17)
    void offsetsABatchDidNotReadThoughStillRetainedOnATopicWithoutCompactionAreUnaccounted() throws Exception {
        String topic = topicWithRecords("skipped", 8);   // cleanup.policy=delete, nothing deleted: log start 0
        countedAudit("q17:0", 0, topic, 0, 4, true, 4, 4, 0, 0, 4);
        countedAudit("q17:1", 1, topic, 4, 8, false, 3, 3, 0, 0, 3);   // 3 rows read of 4 offsets, all 4 still there
        Ledger ledger = reconciler.run(null, topic);
        String text = ledger.render();
        assertEquals(1, ledger.unaccounted(), text);
        assertEquals(0, ledger.topic(topic).notRead(), text);
        assertTrue(text.contains("validator batch 1: read 3 rows from 4 offsets, 0 of them below the log start (deleted by retention),"
                + " cleanup.policy=delete (nothing compacted): 1 row unaccounted, offsets " + topic + "-0: 4-7"), text);

        // retention deleted offsets 0-1 before the validator started there: its first batch read 2 rows of 0-3
        String expired = topicWithRecords("expired", 6);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.deleteRecords(Map.of(new TopicPartition(expired, 0), org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(2)))
                    .all().get();
        }
        countedAudit("q17e:0", 0, expired, 0, 4, true, 2, 2, 0, 0, 2);
        countedAudit("q17e:1", 1, expired, 4, 6, false, 2, 2, 0, 0, 2);
        Ledger afterRetention = reconciler.run(null, expired);
        assertEquals(0, afterRetention.unaccounted(), afterRetention.render());
        assertEquals(2, afterRetention.topic(expired).notRead(), afterRetention.render());
    }

    /**
     * A state that came back (A, then B, then A again): the raw row of the first A has the same payload_hash as the
     * second, but the ReplacingMergeTree keeps the row of the latest ingested_at, so a row ingested before the record
     * was polled cannot be the one it collapsed into: the second A, lost, is a gap, not "in raw as an identical row".
     */
    @Test
    @Order(18)
    void aLostRecordWhoseStateCameBackIsAGapNotAnIdenticalRow() throws Exception {
        long identicalBefore = reconciler.run(null, feed).topic(feed).inRawAsIdenticalRow();
        // validated-1@0's state again, polled an hour after the first (its row's ingested_at), never ingested
        long offset = send(validated, 1, "v0", "{\"v\":0,\"payload_hash\":\"" + hash(1, 0) + "\",\"ingested_at\":"
                + (System.currentTimeMillis() / 1000 + 3600) + "}").offset();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.alterConsumerGroupOffsets(ingestGroup, Map.of(new TopicPartition(validated, 1), new OffsetAndMetadata(offset + 1))).all().get();
        }
        Ledger ledger = reconciler.run(null, feed);
        String text = ledger.render();
        assertEquals(Long.toString(offset), String.valueOf(ledger.topic(feed).gaps().getOrDefault(Ledger.WAREHOUSE, Map.of()).get(1)), text);
        assertEquals(identicalBefore, ledger.topic(feed).inRawAsIdenticalRow(), text);
        assertTrue(text.contains("warehouse " + validated + "-1: " + offset), text);
    }

    /**
     * The ledger reads the commits of another group than the ingestion's (warehouse.ingest.group-id differs in its
     * environment; or the topic is not in warehouse.ingest.topics, or the group's offsets expired): no commit on a
     * validated topic that holds records is not lag, the warehouse stage cannot be accounted.
     */
    @Test
    @Order(19)
    void aValidatedTopicTheIngestionGroupNeverCommittedCannotBeAccounted() throws Exception {
        Reconciler otherGroup = new Reconciler(new ReconcileSettings(Map.of("bootstrap.servers", TestStack.broker().bootstrap()),
                List.of(feed), auditTopic, ingestGroup + "-other", warehouse, new RawTableNames("raw_", "rejected.warehouse."), triageGroup,
                triageRoot, java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(feed) + "$")));
        String text = otherGroup.run(null, feed).render();
        assertTrue(text.contains("could not be accounted") && text.contains("no commit of group " + ingestGroup + "-other on " + validated
                + ", which holds"), text);
    }

    /**
     * A range flagged first (a query's first range of the partition) says the offsets below it were never its to read
     * only when no batch covered offsets below it: here query qa read 0-3 and 6-7 (its batch 1, 4-5, has no audit
     * record), then a new checkpoint (qb) started at 10, skipping 8-9. Both holes are gaps, not "before the start".
     */
    @Test
    @Order(20)
    void aFirstRangeAboveOffsetsAlreadyCoveredDoesNotHideTheHolesBelowIt() throws Exception {
        String topic = topicWithRecords("reset", 12);
        countedAudit("qa:0", 0, topic, 0, 4, false, 4, 4, 0, 0, 4);
        countedAudit("qa:2", 2, topic, 6, 8, false, 2, 2, 0, 0, 2);
        countedAudit("qb:0", 0, topic, 10, 12, true, 2, 2, 0, 0, 2);
        Ledger ledger = reconciler.run(null, topic);
        String text = ledger.render();
        assertEquals(4, ledger.unaccounted(), text);
        assertEquals("4-5, 8-9", String.valueOf(ledger.topic(topic).gaps().getOrDefault(Ledger.VALIDATOR, Map.of()).get(0)), text);
        assertTrue(ledger.topic(topic).beforeStart().isEmpty(), text);
    }

    /**
     * Rejected records retention deleted before the triage read them: the triage commits past them at once, so the
     * commit is no longer below the log start; the count it carries in the commit's metadata
     * ({@code lost-to-retention=N}, the partition's total) is a named drop of the triage stage. A commit that says so
     * without a count is named too.
     */
    @Test
    @Order(21)
    void rejectedRecordsLostToRetentionBeforeTheTriageAreNamedFromItsCommits() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.alterConsumerGroupOffsets(triageGroup, Map.of(
                    new TopicPartition(rejected, 0), new OffsetAndMetadata(2, "triage run-7; lost-to-retention=3"),
                    new TopicPartition(rejected, 1), new OffsetAndMetadata(2, "triage run-8: lost to retention"))).all().get();
        }
        Ledger ledger = reconciler.run(null, feed);
        String text = ledger.render();
        assertTrue(text.contains("rejected records lost to retention before the triage read them: 3 (" + rejected + ": 3)"), text);
        assertTrue(text.contains("the triage's commit of " + rejected + "-1 (triage run-8) moved past offsets retention deleted before it read"
                + " them; it carries no count"), text);
    }
}
