package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.warehouse.SampleRecords.Sample;

/**
 * The ingest route end to end on real parts: a real KRaft broker, the application, clickhouse-jdbc, the embedded
 * warehouse (HTTP front over chdb = the ClickHouse engine) with the real migrations. Records land in raw_* once per
 * Kafka offset (FINAL) and reach the dw model; a redelivery after a crash between insert and commit collapses;
 * transient server errors (252, 241, 319 after the write, no answer) refuse nothing, lose nothing and commit
 * only after success; a row the server refuses for its data is refused alone, with the server's message.
 * One engine for the class (the migrations run once); each test has its own consumer group and its own ids.
 */
class RawIngestionTest {

    private static final String EVENT_TOPIC = "validated.soccer.event";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** ingested_at in year 318857: the server cannot parse it as DateTime64 (Code: 41), a row genuinely at fault. */
    private static final String UNPARSABLE_INGESTED_AT = "10000000000000";

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse db;

    private final String group = "warehouse-test-" + UUID.randomUUID();
    /** This test's ids: sample ids moved by this much, synthetic ids start here. */
    private final long run = ThreadLocalRandom.current().nextLong(1_000, 9_000) * 1_000_000L;
    private Main app;

    @BeforeAll
    static void startEngineAndMigrate() {
        engine = EmbeddedWarehouse.start();
        db = new EngineWarehouse(engine);
        // the tables first (./stack warehouse migrate): a test may write before any app has migrated
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, false, "unused");
        settings.put("kafka.bootstrap", "127.0.0.1:9");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(0, WarehouseCli.run(new String[] {"migrate"}, settings, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        engine.clearFaults();
        if (!engine.isRunning()) {
            engine.restart();
        }
    }

    private void startApp(String topics, int batchSize) throws Exception {
        startAppWithoutWaiting(db.appSettings(EngineWarehouse.MIGRATIONS, true, group), topics, batchSize);
        Eventually.await("ingest route started", WAIT, () -> app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted());
    }

    private void startAppWithoutWaiting(Map<String, String> settings, String topics, int batchSize) throws Exception {
        settings.put("warehouse.ingest.topics", topics);
        settings.put("warehouse.batch.size", Integer.toString(batchSize));
        app = TestStack.startApp(settings);
    }

    private WarehouseStats stats() {
        return app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
    }

    @Test
    void realRecordsLandInTheRawTablesOncePerOffsetAndReachTheDwModel() throws Exception {
        List<Sample> samples = java.util.stream.Stream.concat(SampleRecords.read("reference_feeds.jsonl").stream(),
                SampleRecords.read("live_score_poll_1905.jsonl").stream()).map(s -> s.copy(run)).toList();
        Map<String, Long> perTable = samples.stream().collect(Collectors.groupingBy(Sample::table, TreeMap::new, Collectors.counting()));
        startApp("validated[.]soccer[.].*", 50);

        send(samples);

        String mine = "payload_hash LIKE '%-" + run + "'";
        Eventually.await("every sample in its raw table", WAIT, () -> {
            for (Map.Entry<String, Long> e : perTable.entrySet()) {
                if (db.count("SELECT count() FROM " + e.getKey() + " FINAL WHERE " + mine) != e.getValue()) {
                    return false;
                }
            }
            return true;
        });
        Eventually.await("offsets committed", WAIT, () -> lag(samples.stream().map(Sample::topic).collect(Collectors.toSet())) == 0);
        for (Map.Entry<String, Long> e : perTable.entrySet()) {
            assertEquals(e.getValue(), db.count("SELECT uniqExact(kafka_topic, kafka_partition, kafka_offset) FROM " + e.getKey()
                    + " FINAL WHERE " + mine), "one row per Kafka offset in " + e.getKey());
        }

        // the mapping: fields as text, JSON null as NULL, objects as their JSON text, ingested_at as UTC milliseconds
        Sample event = samples.stream().filter(s -> s.name().equals("event")).findFirst().orElseThrow();
        Map<String, Object> row = db.rows("SELECT * FROM default.raw_event FINAL WHERE idEvent = '" + event.record().get("idEvent").asText() + "'").get(0);
        assertEquals(event.record().get("strEvent").asText(), row.get("strEvent"));
        assertEquals(EVENT_TOPIC, row.get("kafka_topic"));
        assertEquals(event.key(), row.get("kafka_key"));
        assertEquals(new ObjectMapper().readTree(event.json()), new ObjectMapper().readTree((String) row.get("record_json")));
        Sample player = samples.stream().filter(s -> s.name().equals("player") && s.record().path("list_player").isObject()).findFirst().orElseThrow();
        assertEquals(player.record().get("list_player"), new ObjectMapper().readTree((String) db.rows(
                "SELECT list_player FROM default.raw_player FINAL WHERE idPlayer = '" + player.record().get("idPlayer").asText() + "'")
                .get(0).get("list_player")), "objects as their JSON text");
        assertEquals(0L, db.count("SELECT count() FROM default.raw_schedule FINAL WHERE " + mine + " AND ingested_at != toDateTime64('2026-10-05 18:00:00', 3, 'UTC')"));

        // the dw model the migrations define, filled by the materialized views from these inserts
        List<Sample> schedule = samples.stream().filter(s -> s.name().equals("schedule") && "Soccer".equals(s.record().path("strSport").asText())).toList();
        String scheduleIds = schedule.stream().map(s -> s.record().get("idEvent").asText()).distinct().collect(Collectors.joining(","));
        Eventually.await("the soccer schedule in dw.v_fact_event_latest", WAIT, () ->
                db.count("SELECT count() FROM dw.v_fact_event_latest WHERE idEvent IN (" + scheduleIds + ")") == scheduleIds.split(",").length);
        // an event only the schedule feed knows (no live score row with a newer score for it)
        Set<String> elsewhere = samples.stream().filter(s -> !s.name().equals("schedule")).map(s -> s.record().path("idEvent").asText())
                .collect(Collectors.toSet());
        Sample scored = schedule.stream().filter(s -> s.record().path("intHomeScore").isTextual()
                && !elsewhere.contains(s.record().get("idEvent").asText())).findFirst().orElseThrow();
        assertEquals(scored.record().get("intHomeScore").asLong(), ((Number) db.rows("SELECT home_score FROM dw.v_fact_event_latest WHERE idEvent = "
                + scored.record().get("idEvent").asText()).get(0).get("home_score")).longValue());
        String detailEvents = samples.stream().filter(s -> s.name().startsWith("event.")).map(s -> s.record().get("idEvent").asText())
                .distinct().collect(Collectors.joining(","));
        assertTrue(db.count("SELECT count() FROM dw.fact_event_stat FINAL WHERE idEvent IN (" + detailEvents + ")") > 0, "event stats");
        assertTrue(db.count("SELECT count() FROM dw.fact_timeline FINAL WHERE idEvent IN (" + detailEvents + ")") > 0, "timeline");
        assertTrue(db.count("SELECT count() FROM dw.fact_lineup FINAL WHERE idEvent IN (" + detailEvents + ")") > 0, "lineup");
        String playerIds = samples.stream().filter(s -> s.name().equals("player")).map(s -> s.record().get("idPlayer").asText())
                .collect(Collectors.joining(","));
        assertTrue(db.count("SELECT count() FROM dw.dim_player FINAL WHERE idPlayer IN (" + playerIds + ")") > 0, "players");
    }

    @Test
    void aRedeliveryAfterACrashBetweenInsertAndCommitCollapsesToOneRowPerOffset() throws Exception {
        Map<String, String> events = events(run, 20, i -> "1767225600");
        createIfMissing(EVENT_TOPIC);  // no app has provisioned it yet when this test runs first
        send(EVENT_TOPIC, events);
        // a consumer of the group inserts every record it polls and dies before committing
        RawBatchWriter writer = new RawBatchWriter(new WarehouseDataSource(engine.jdbcUrl(), "", ""), new RawTableColumns(Set.of("loaded_at")),
                new RawRowMapper(), WarehouseErrorCodes.parse(WarehouseErrorCodes.DEFAULT_DATA_CODES));
        try (IngestConsumer crashed = new IngestConsumer(Map.of("bootstrap.servers", TestStack.broker().bootstrap()), group,
                Pattern.compile(Pattern.quote(EVENT_TOPIC)), 500)) {
            Set<String> seen = new java.util.HashSet<>();
            Eventually.await("the crashed consumer inserted every record", WAIT, () -> {
                List<ConsumerRecord<String, byte[]>> batch = crashed.poll(500, Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    writer.write("default.raw_event", batch);
                    batch.forEach(r -> seen.add(r.key()));
                }
                return seen.containsAll(events.keySet());
            });
        }
        String mine = "idEvent LIKE '" + run + "-%'";
        assertEquals(20L, db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine));
        assertEquals(Map.of(), committed(EVENT_TOPIC), "nothing committed before the crash");

        startApp(exactly(EVENT_TOPIC), 50);

        Eventually.await("redelivered and committed", WAIT, () -> lag(Set.of(EVENT_TOPIC)) == 0);
        assertTrue(stats().getRowsInserted().getOrDefault("default.raw_event", 0L) >= 20, "the app inserted the records again");
        assertEquals(20L, db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine), "one row per record after FINAL");
        assertEquals(20L, db.count("SELECT uniqExact(kafka_partition, kafka_offset) FROM default.raw_event FINAL WHERE " + mine));
    }

    @Test
    void transientServerErrorsRefuseNothingLoseNothingAndCommitOnlyAfterSuccess() throws Exception {
        startApp(exactly(EVENT_TOPIC), 50);
        Eventually.await("caught up with the topic", WAIT, () -> lag(Set.of(EVENT_TOPIC)) == 0);
        long refusedBefore = stats().getRowsRefused();
        Map<TopicPartition, Long> committedBefore = committed(EVENT_TOPIC);
        String mine = "idEvent LIKE '" + run + "-%'";
        try (TopicReader rejected = new TopicReader(TestStack.broker().bootstrap(), "rejected.warehouse.soccer.event")) {
            engine.injectFaults(252, 6);
            send(EVENT_TOPIC, events(run, 10, i -> "1767225600"));

            Eventually.await("three tries refused with TOO_MANY_PARTS", WAIT, () -> stats().getBatchRetriesByCode().getOrDefault("252", 0L) >= 3);
            assertEquals(committedBefore, committed(EVENT_TOPIC), "nothing committed while the server refuses the batch");
            assertEquals(0L, db.count("SELECT count() FROM default.raw_event WHERE " + mine));
            assertEquals(1, stats().getIngestionDegraded());
            HealthCheck.Result readiness = warehouseReadiness();
            assertEquals(HealthCheck.State.DOWN, readiness.getState());
            assertTrue(readiness.getMessage().orElse("").contains("last error code 252 TOO_MANY_PARTS"), readiness.getMessage().toString());

            Eventually.await("10 rows once the server takes them", WAIT, () -> db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine) == 10
                    && lag(Set.of(EVENT_TOPIC)) == 0);
            assertEquals(6L, stats().getBatchRetriesByCode().get("252"), "every refused try counted, none hidden by driver retries");
            assertEquals(0, stats().getIngestionDegraded());
            assertEquals(HealthCheck.State.UP, warehouseReadiness().getState());

            // memory limit, then "unknown status of insert" after the server wrote the rows: retried, collapsed
            engine.injectFaults(241, 2);
            engine.injectFaults(319, 1, "INSERT", true);
            send(EVENT_TOPIC, events(run + 10, 10, i -> "1767225600"));
            String all = "(" + mine + " OR idEvent LIKE '" + (run + 10) + "-%')";
            Eventually.await("20 rows", WAIT, () -> db.count("SELECT count() FROM default.raw_event FINAL WHERE " + all) == 20 && lag(Set.of(EVENT_TOPIC)) == 0);
            assertEquals(2L, stats().getBatchRetriesByCode().get("241"));
            assertEquals(1L, stats().getBatchRetriesByCode().get("319"));
            assertEquals(20L, db.count("SELECT uniqExact(kafka_partition, kafka_offset) FROM default.raw_event FINAL WHERE " + all));

            assertEquals(refusedBefore, stats().getRowsRefused(), "nothing refused");
            assertEquals(List.of(), rejected.readSinceMark().stream().map(ConsumerRecord::key)
                    .filter(k -> k.startsWith(run + "-") || k.startsWith((run + 10) + "-")).toList());
        }
    }

    /**
     * A backlog in batches of 5: while a batch is refused and retried, the next one is already read ahead. It goes in
     * only after the refused one, and every offset lands once.
     */
    @Test
    void aBatchReadAheadWhileTheOneBeforeIsRetriedLandsAfterItOnceEach() throws Exception {
        startApp(exactly(EVENT_TOPIC), 5);
        Eventually.await("caught up with the topic", WAIT, () -> lag(Set.of(EVENT_TOPIC)) == 0);
        long refusedBefore = stats().getRowsRefused();
        long retriesBefore = stats().getBatchRetriesByCode().getOrDefault("252", 0L);
        String mine = "idEvent LIKE '" + run + "-%'";
        engine.injectFaults(252, 3);
        send(EVENT_TOPIC, events(run, 30, i -> "1767225600"));
        Eventually.await("30 rows once the server takes them", WAIT, () ->
                db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine) == 30 && lag(Set.of(EVENT_TOPIC)) == 0);
        assertEquals(30L, db.count("SELECT uniqExact(kafka_partition, kafka_offset) FROM default.raw_event WHERE " + mine),
                "every offset in the table");
        assertEquals(retriesBefore + 3, stats().getBatchRetriesByCode().get("252"));
        assertEquals(refusedBefore, stats().getRowsRefused(), "nothing refused");
    }

    @Test
    void aRowTheServerRefusesForItsDataIsRefusedAloneWithTheServersMessage() throws Exception {
        String topic = "validated.soccer.event.timeline";
        startApp(exactly(topic), 500);
        Eventually.await("caught up with the topic", WAIT, () -> lag(Set.of(topic)) == 0);
        try (TopicReader rejected = new TopicReader(TestStack.broker().bootstrap(), "rejected.warehouse.soccer.event.timeline")) {
            Map<String, String> records = new LinkedHashMap<>();
            for (int i = 0; i < 100; i++) {
                String ingestedAt = i == 37 ? UNPARSABLE_INGESTED_AT : "1767225600";
                records.put(run + "-" + i, timeline(run + i, ingestedAt));
            }
            records.put(run + "-x", "{\"idTimeline\":\"" + run + "999\",\"idEvent\":\"1\",\"payload_hash\":\"h\"}");
            long splitInsertsBefore = stats().getSplitInserts();
            send(topic, records);

            Eventually.await("99 rows in, all committed", WAIT, () -> db.count("SELECT count() FROM default.raw_event_timeline FINAL WHERE kafka_key LIKE '"
                    + run + "-%'") == 99 && lag(Set.of(topic)) == 0);
            List<ConsumerRecord<String, String>> out = rejected.readSinceMark().stream().filter(r -> r.key().startsWith(run + "-")).toList();
            assertEquals(List.of(run + "-37", run + "-x"), out.stream().map(ConsumerRecord::key).sorted().toList());
            Map<String, String> bad = headers(out.stream().filter(r -> r.key().equals(run + "-37")).findFirst().orElseThrow());
            assertTrue(bad.get("warehouse.error").startsWith("Code: 41. DB::Exception: ") && bad.get("warehouse.error").contains("DateTime"),
                    "the server's message: " + bad);
            assertEquals("default.raw_event_timeline", bad.get("warehouse.table"));
            assertEquals(topic, bad.get("warehouse.source.topic"));
            assertEquals(records.get(run + "-37"), out.stream().filter(r -> r.key().equals(run + "-37")).findFirst().orElseThrow().value());
            assertTrue(headers(out.stream().filter(r -> r.key().equals(run + "-x")).findFirst().orElseThrow()).get("warehouse.error")
                    .startsWith("ingested_at (epoch seconds, a JSON number) is missing"));
            long inserts = stats().getSplitInserts() - splitInsertsBefore;
            assertTrue(inserts >= 3 && inserts <= 2 * 7 + 1, "bisection: about 2·log2(n) INSERTs for one bad row, not one per row: " + inserts);
            assertTrue(stats().getBatchRetriesByCode().isEmpty(), "a data error is not retried: " + stats().getBatchRetriesByCode());
        }
    }

    @Test
    void batchAfterBatchWithRefusedRowsIsCommittedInOrderUpToTheEnd() throws Exception {
        String topic = "validated.soccer.event.lineup";
        startApp(exactly(topic), 50);
        Eventually.await("caught up with the topic", WAIT, () -> lag(Set.of(topic)) == 0);
        try (TopicReader rejected = new TopicReader(TestStack.broker().bootstrap(), "rejected.warehouse.soccer.event.lineup");
             CommitWatch watch = new CommitWatch(topic)) {
            // 200 records, every 8th refused by the server: each batch of 50 is split and publishes refused rows before its commit
            Map<String, String> records = new LinkedHashMap<>();
            for (int i = 0; i < 200; i++) {
                records.put(run + "-" + i, "{\"idLineup\":\"" + (run + i) + "\",\"idEvent\":\"" + run + "\",\"strPlayer\":\"P" + i
                        + "\",\"payload_hash\":\"h\",\"ingested_at\":" + (i % 8 == 0 ? UNPARSABLE_INGESTED_AT : "1767225600") + "}");
            }
            send(topic, records);
            Eventually.await("175 rows in, 25 refused, all committed", WAIT, () -> db.count("SELECT count() FROM default.raw_event_lineup FINAL WHERE kafka_key LIKE '"
                    + run + "-%'") == 175 && lag(Set.of(topic)) == 0);
            assertEquals(25, rejected.readSinceMark().stream().filter(r -> r.key().startsWith(run + "-")).count(), "each refused row once");
            assertEquals(List.of(), watch.regressions(), "a committed offset never moves back");
        }
    }

    @Test
    void recordsNotCommittedWhileTheWarehouseWasDownAreDeliveredAgainOnceEachAlsoAfterARestart() throws Exception {
        startApp(exactly(EVENT_TOPIC), 50);
        String mine = "(idEvent LIKE '" + run + "-%' OR idEvent LIKE '" + (run + 10) + "-%' OR idEvent LIKE '" + (run + 20) + "-%')";
        send(EVENT_TOPIC, events(run, 10, i -> "1767225600"));
        Eventually.await("first 10 rows", WAIT, () -> db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine) == 10 && lag(Set.of(EVENT_TOPIC)) == 0);
        Map<TopicPartition, Long> committedBefore = committed(EVENT_TOPIC);

        engine.stop();
        long failuresBefore = stats().getBatchFailures();
        send(EVENT_TOPIC, events(run + 10, 10, i -> "1767225600"));
        Eventually.await("batches fail while the warehouse is down", WAIT, () -> stats().getBatchFailures() >= failuresBefore + 2);
        assertEquals(committedBefore, committed(EVENT_TOPIC), "nothing committed while the warehouse is down");
        assertEquals(10, lag(Set.of(EVENT_TOPIC)));
        assertTrue(stats().getBatchRetriesByCode().getOrDefault("0", 0L) >= 2, "counted as no answer: " + stats().getBatchRetriesByCode());
        assertEquals(HealthCheck.State.DOWN, warehouseReadiness().getState());

        engine.restart();
        Eventually.await("20 rows after the warehouse is back", WAIT, () -> db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine) == 20
                && lag(Set.of(EVENT_TOPIC)) == 0);

        engine.stop();
        send(EVENT_TOPIC, events(run + 20, 10, i -> "1767225600"));
        long failures = stats().getBatchFailures();
        Eventually.await("a failing batch", WAIT, () -> stats().getBatchFailures() > failures);
        app.stop();
        app = null;
        assertEquals(10, lag(Set.of(EVENT_TOPIC)), "the app stopped with 10 records uncommitted");
        engine.restart();
        startApp(exactly(EVENT_TOPIC), 50);
        Eventually.await("30 rows after a restart", WAIT, () -> db.count("SELECT count() FROM default.raw_event FINAL WHERE " + mine) == 30
                && lag(Set.of(EVENT_TOPIC)) == 0);
        assertEquals(30L, db.count("SELECT uniqExact(kafka_partition, kafka_offset) FROM default.raw_event FINAL WHERE " + mine), "no duplicates");
    }

    @Test
    void aWarehouseThatComesUpAfterTheAppIsMigratedAndFilled() throws Exception {
        int port = KafkaBroker.freePort();
        Path data = EngineWarehouse.scratchDir().resolve("late-warehouse");
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, true, group);
        settings.put("warehouse.jdbc.url", "jdbc:clickhouse:http://127.0.0.1:" + port + "/default");
        startAppWithoutWaiting(settings, exactly(EVENT_TOPIC), 50);
        send(EVENT_TOPIC, events(run, 3, i -> "1767225600"));
        Eventually.await("start-up migration retried while the warehouse is down", WAIT, () -> stats().getStartRetries() >= 2);
        assertEquals(ServiceStatus.Stopped, app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest"),
                "no ingestion before the migrations");

        try (EmbeddedWarehouse late = EmbeddedWarehouse.start(data, port)) {
            EngineWarehouse lateDb = new EngineWarehouse(late);
            Eventually.await("migrated, then 3 rows", WAIT, () -> lateDb.count("SELECT count() FROM default.raw_event FINAL WHERE idEvent LIKE '" + run + "-%'") == 3);
            assertEquals(new MigrationFiles(EngineWarehouse.MIGRATIONS).list().size(), stats().getMigrationsAppliedThisRun());
            app.stop();
            app = null;
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * A topic pattern (warehouse.ingest.topics) matching just this topic, written without backslashes: a
     * Pattern.quote pattern passed as an override property matched nothing (its backslashes did not survive).
     */
    private static String exactly(String topic) {
        return topic.replace(".", "[.]");
    }

    private HealthCheck.Result warehouseReadiness() {
        HealthCheckRegistry registry = HealthCheckRegistry.get(app.getCamelContext());
        HealthCheck check = registry.getCheck("warehouse").map(HealthCheck.class::cast)
                .orElseThrow(() -> new AssertionError("no readiness check 'warehouse' among " + registry.getCheckIDs()));
        assertTrue(check.isReadiness());
        return check.call();
    }

    /** n soccer events "<first>-<i>" (key = idEvent), ingested_at per index. */
    private static Map<String, String> events(long first, int n, java.util.function.IntFunction<String> ingestedAt) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = first + "-" + i;
            records.put(id, "{\"idEvent\":\"" + id + "\",\"strEvent\":\"A vs B\",\"strSport\":\"Soccer\",\"intHomeScore\":null,"
                    + "\"payload_hash\":\"h\",\"ingested_at\":" + ingestedAt.apply(i) + "}");
        }
        return records;
    }

    private static String timeline(long id, String ingestedAt) {
        return "{\"idTimeline\":\"" + id + "\",\"idEvent\":\"1\",\"strTimeline\":\"Goal\",\"payload_hash\":\"h\",\"ingested_at\":" + ingestedAt + "}";
    }

    private static void send(List<Sample> samples) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<?>> sent = new ArrayList<>();
            samples.forEach(s -> sent.add(producer.send(new ProducerRecord<>(s.topic(), s.key(), s.json()))));
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    /** Sends the records (key -> value) with one producer and waits until the broker has them all. */
    private static void send(String topic, Map<String, String> records) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            List<Future<?>> sent = new ArrayList<>();
            records.forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(topic, key, value))));
            for (Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static void createIfMissing(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 1))).all().get();
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStack.broker().bootstrap());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(props);
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

    /** Records on the topics after this group's committed offsets (the group starts at the beginning). */
    private long lag(Set<String> topics) throws Exception {
        long lag = 0;
        for (String topic : topics) {
            Map<TopicPartition, Long> committed = committed(topic);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                    lag += e.getValue().offset() - committed.getOrDefault(e.getKey(), 0L);
                }
            }
        }
        return lag;
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> out = new HashMap<>();
        record.headers().forEach(h -> out.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return out;
    }

    /** Samples the test group's committed offsets on a topic in the background and notes every one that moved back. */
    private final class CommitWatch implements AutoCloseable {
        private final Map<TopicPartition, Long> highest = new HashMap<>();
        private final List<String> regressions = new CopyOnWriteArrayList<>();
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
}
