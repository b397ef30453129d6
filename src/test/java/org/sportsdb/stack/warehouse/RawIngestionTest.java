package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/**
 * The ingest route with a real broker and a real H2 server over TCP: validated records land in the raw
 * tables, offsets are committed only after the insert, a refused row goes to its rejected topic with the
 * database's error, and records not committed while the database was down are delivered again.
 */
class RawIngestionTest {

    private static final String EVENT_TOPIC = "validated.soccer.event";
    private static final String PLAYER_TOPIC = "validated.soccer.player";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path dbDir = H2Warehouse.scratchDir();
    private final int dbPort = KafkaBroker.freePort();
    private final String group = "warehouse-test-" + UUID.randomUUID();
    private final H2Warehouse db = new H2Warehouse("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/wh");
    private Server dbServer;
    private Main app;

    private void startDb() throws SQLException {
        dbServer = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-baseDir", dbDir.toAbsolutePath().toString(), "-ifNotExists").start();
    }

    private void startApp() throws Exception {
        startAppWithoutWaiting();
        await("ingest route started", () -> app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted());
    }

    private void startAppWithoutWaiting() throws Exception {
        app = TestStack.startApp(db.appSettings(H2Warehouse.TEST_MIGRATIONS, true, group));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (dbServer != null) {
            dbServer.stop();
        }
    }

    private WarehouseStats stats() {
        return app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
    }

    @Test
    void insertsValidatedRecordsAndCommitsTheirOffsetsAfterTheInsert() throws Exception {
        startDb();
        startApp();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long ingestedAt = 1_767_225_600L;  // 2026-01-01T00:00:00Z
        Map<String, String> events = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            events.put(run + "-" + i, "{\"idEvent\":\"" + run + "-" + i + "\",\"strEvent\":\"A vs B\",\"strSport\":\"Soccer\","
                    + "\"intRound\":\"" + i + "\",\"intHomeScore\":null,\"payload_hash\":\"h" + i + "\",\"ingested_at\":" + ingestedAt + "}");
        }
        sendAll(EVENT_TOPIC, events);
        send(PLAYER_TOPIC, "p-" + run, "{\"idPlayer\":\"p-" + run + "\",\"idTeam\":\"133604\",\"list_player\":{\"idPlayer\":\"p-" + run
                + "\",\"strPlayer\":\"Ann\"},\"lookup_player\":{},\"payload_hash\":\"hp\",\"ingested_at\":" + ingestedAt + ".5}");

        await("121 rows", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 120
                && db.count("SELECT COUNT(*) FROM raw_player WHERE \"idPlayer\" = 'p-" + run + "'") == 1);
        await("offsets committed", () -> lag(EVENT_TOPIC) == 0 && lag(PLAYER_TOPIC) == 0);

        Map<String, Object> row = db.rows("SELECT * FROM raw_event WHERE \"idEvent\" = '" + run + "-7'").get(0);
        assertEquals(7, row.get("intRound"));
        assertEquals(null, row.get("intHomeScore"), "JSON null stays NULL");
        assertEquals("h7", row.get("payload_hash"));
        assertEquals(Timestamp.from(Instant.ofEpochSecond(ingestedAt)).toInstant(), ((Timestamp) row.get("ingested_at")).toInstant());
        assertEquals(EVENT_TOPIC, row.get("kafka_topic"));
        assertEquals(run + "-7", row.get("kafka_key"));
        assertTrue(((String) row.get("record_json")).contains("\"idEvent\":\"" + run + "-7\""));
        Map<String, Object> player = db.rows("SELECT * FROM raw_player WHERE \"idPlayer\" = 'p-" + run + "'").get(0);
        assertEquals("{\"idPlayer\":\"p-" + run + "\",\"strPlayer\":\"Ann\"}", player.get("list_player"), "objects as their JSON text");
        assertEquals("{}", player.get("lookup_player"));
        assertEquals(Instant.ofEpochSecond(ingestedAt, 500_000_000), ((Timestamp) player.get("ingested_at")).toInstant());
        assertEquals(120L, db.count("SELECT COUNT(DISTINCT \"kafka_offset\" * 10 + \"kafka_partition\") FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'"),
                "each record once");
        // the test's consumer group read the topics from the beginning into an empty database: every row it inserted is there
        assertEquals(db.count("SELECT COUNT(*) FROM raw_event"), stats().getRowsInserted().get("raw_event"));
        assertEquals(db.count("SELECT COUNT(*) FROM raw_player"), stats().getRowsInserted().get("raw_player"));
        assertEquals(committed(EVENT_TOPIC).values().stream().mapToLong(Long::longValue).sum()
                + committed(PLAYER_TOPIC).values().stream().mapToLong(Long::longValue).sum(), stats().getRecordsCommitted());
        assertEquals(0, stats().getIngestionLag());
    }

    @Test
    void aRowTheTableRefusesGoesToTheRejectedTopicWithTheErrorAndIsCommitted() throws Exception {
        startDb();
        startApp();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TopicReader rejected = new TopicReader(TestStack.broker().bootstrap(), "rejected.warehouse.soccer.event")) {
            for (int i = 0; i < 5; i++) {
                String round = i == 3 ? "round three" : Integer.toString(i);
                send(EVENT_TOPIC, run + "-" + i, "{\"idEvent\":\"" + run + "-" + i + "\",\"intRound\":\"" + round
                        + "\",\"payload_hash\":\"h\",\"ingested_at\":1767225600}");
            }
            send(EVENT_TOPIC, run + "-x", "{\"idEvent\":\"" + run + "-x\",\"payload_hash\":\"h\"}");

            // the test's group reads the topic from the beginning: rows other tests left refused are refused again
            await("4 rows in, all committed", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 4
                    && lag(EVENT_TOPIC) == 0);
            List<ConsumerRecord<String, String>> out = rejected.readSinceMark().stream().filter(r -> r.key().startsWith(run + "-")).toList();
            assertTrue(stats().getRowsRefused() >= 2, "refused rows counted");

            assertEquals(2, out.size());
            Map<String, String> typo = headers(out.stream().filter(r -> r.key().equals(run + "-3")).findFirst().orElseThrow());
            assertTrue(typo.get("warehouse.error").contains("round three"), typo.toString());
            assertEquals("raw_event", typo.get("warehouse.table"));
            assertEquals(EVENT_TOPIC, typo.get("warehouse.source.topic"));
            Map<String, String> noTime = headers(out.stream().filter(r -> r.key().equals(run + "-x")).findFirst().orElseThrow());
            assertTrue(noTime.get("warehouse.error").startsWith("ingested_at (epoch seconds, a JSON number) is missing"), noTime.toString());
            assertTrue(out.stream().anyMatch(r -> r.value().contains("round three")), "the original record");
        }
    }

    @Test
    void batchAfterBatchWithRefusedRowsIsCommittedInOrderUpToTheEnd() throws Exception {
        startDb();
        startApp();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (TopicReader rejected = new TopicReader(TestStack.broker().bootstrap(), "rejected.warehouse.soccer.event");
             CommitWatch watch = new CommitWatch(EVENT_TOPIC)) {
            // 400 records, every 8th refused: each batch of 50 publishes refused rows before its commit
            Map<String, String> records = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 400; i++) {
                String round = i % 8 == 0 ? "not a round" : Integer.toString(i);
                records.put(run + "-" + i, "{\"idEvent\":\"" + run + "-" + i + "\",\"intRound\":\"" + round
                        + "\",\"payload_hash\":\"h\",\"ingested_at\":1767225600}");
            }
            sendAll(EVENT_TOPIC, records);
            await("350 rows in, 50 refused, all committed", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 350
                    && lag(EVENT_TOPIC) == 0);
            assertEquals(50, rejected.readSinceMark().stream().filter(r -> r.key().startsWith(run + "-")).count(), "each refused row once");
            assertEquals(List.of(), watch.regressions(), "a committed offset never moves back");
        }
    }

    /** Samples the test group's committed offsets on a topic in the background and notes every one that moved back. */
    private final class CommitWatch implements AutoCloseable {
        private final Map<TopicPartition, Long> highest = new HashMap<>();
        private final List<String> regressions = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        CommitWatch(String topic) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        committed(topic).forEach((tp, offset) -> {
                            Long before = highest.put(tp, offset);
                            if (before != null && offset < before) {
                                regressions.add(tp + ": " + before + " -> " + offset);
                            }
                        });
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        regressions.add("cannot read the committed offsets: " + e);
                    }
                }
            }, "commit-watch");
            thread.start();
        }

        List<String> regressions() {
            return regressions;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    @Test
    void recordsNotCommittedWhileTheDatabaseWasDownAreDeliveredAgainOnceEachAlsoAfterARestart() throws Exception {
        startDb();
        startApp();
        String run = UUID.randomUUID().toString().substring(0, 8);
        sendEvents(run + "-a", 10);
        await("first 10 rows", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 10 && lag(EVENT_TOPIC) == 0);
        Map<TopicPartition, Long> committedBefore = committed(EVENT_TOPIC);

        dbServer.stop();
        long failuresBefore = stats().getBatchFailures();
        sendEvents(run + "-b", 10);
        await("batches fail while the database is down", () -> stats().getBatchFailures() >= failuresBefore + 2);
        assertEquals(committedBefore, committed(EVENT_TOPIC), "nothing committed while the database is down");
        assertEquals(10, lag(EVENT_TOPIC));

        startDb();
        await("20 rows after the database is back", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 20
                && lag(EVENT_TOPIC) == 0);

        dbServer.stop();
        sendEvents(run + "-c", 10);
        long failures = stats().getBatchFailures();
        await("a failing batch", () -> stats().getBatchFailures() > failures);
        app.stop();
        app = null;
        assertEquals(10, lag(EVENT_TOPIC), "the app stopped with 10 records uncommitted");
        startDb();
        startApp();
        await("30 rows after a restart", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 30
                && lag(EVENT_TOPIC) == 0);
        assertEquals(30L, db.count("SELECT COUNT(DISTINCT \"idEvent\") FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'"), "no duplicates");
    }

    @Test
    void aWarehouseThatComesUpAfterTheAppIsMigratedAndFilled() throws Exception {
        startAppWithoutWaiting();
        String run = UUID.randomUUID().toString().substring(0, 8);
        sendEvents(run + "-", 3);
        await("start-up migration retried while the warehouse is down", () -> stats().getStartRetries() >= 2);
        assertEquals(org.apache.camel.ServiceStatus.Stopped,
                app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest"), "no ingestion before the migrations");

        startDb();

        await("migrated, then 3 rows", () -> db.count("SELECT COUNT(*) FROM raw_event WHERE \"idEvent\" LIKE '" + run + "-%'") == 3);
        assertEquals(3, stats().getMigrationsAppliedThisRun());
    }

    private void sendEvents(String prefix, int n) throws Exception {
        Map<String, String> records = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            records.put(prefix + i, "{\"idEvent\":\"" + prefix + i + "\",\"payload_hash\":\"h\",\"ingested_at\":1767225600}");
        }
        sendAll(EVENT_TOPIC, records);
    }

    private static void send(String topic, String key, String value) throws Exception {
        sendAll(topic, Map.of(key, value));
    }

    /** Sends the records (key -> value) with one producer and waits until the broker has them all. */
    private static void sendAll(String topic, Map<String, String> records) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStack.broker().bootstrap());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            records.forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(topic, key, value))));
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Committed offsets of this test's consumer group on a topic. */
    private Map<TopicPartition, Long> committed(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            Map<TopicPartition, Long> out = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            all.forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        }
    }

    /** Records on the topic after this group's committed offsets (the group starts at the beginning). */
    private long lag(String topic) throws Exception {
        Map<TopicPartition, Long> committed = committed(topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                lag += e.getValue().offset() - committed.getOrDefault(e.getKey(), 0L);
            }
            return lag;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> out = new HashMap<>();
        record.headers().forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return out;
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

}
