package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.TestStack;

/**
 * A migration applied while the application ingests: a column it adds is filled from the next records on (the
 * table's columns are read again), and a table the server does not know stops only its own topic — named in the
 * counters, its records held and not committed — while the other tables go on; the migration that creates it lets
 * the held records in. Real broker, the application's migration route, the embedded warehouse.
 */
class MigrationWhileIngestingTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private final String run = Long.toString(System.nanoTime() % 100_000_000);
    private final String group = "warehouse-migration-" + UUID.randomUUID();
    private EmbeddedWarehouse engine;
    private EngineWarehouse db;
    private Path migrations;
    private Admin admin;
    private KafkaProducer<String, String> producer;
    private Main app;

    /** Each test: its own warehouse engine and copy of the migrations, an admin and a producer on the shared broker. */
    @BeforeEach
    void start() throws Exception {
        engine = EmbeddedWarehouse.start();
        db = new EngineWarehouse(engine);
        migrations = EngineWarehouse.copyOfMigrations(EngineWarehouse.scratchDir().resolve("migrations"));
        admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestStack.broker().bootstrap()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        producer.close();
        admin.close();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aMigrationWhileIngestingRefreshesTheColumnsAndAnUnknownTableStopsOnlyItsTopic() throws Exception {
        String known = "validated.soccer.known" + run;
        String missing = "validated.soccer.missing" + run;
        admin.createTopics(List.of(new NewTopic(known, 1, (short) 1), new NewTopic(missing, 1, (short) 1))).all().get();
        Files.writeString(migrations.resolve("V101__known_table.sql"), "CREATE TABLE IF NOT EXISTS default.raw_known" + run + " AS default.raw_event;\n");
        Map<String, String> settings = db.appSettings(migrations, true, group);
        settings.put("warehouse.ingest.topics", "validated[.]soccer[.](known|missing)" + run);
        app = TestStack.startApp(settings);
        Eventually.await("ingest route started", WAIT, () -> app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted());
        WarehouseStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);

        producer.send(new ProducerRecord<>(known, 0, "k1", event("k1", ""))).get();
        Eventually.await("the first record in raw_known", WAIT, () -> db.count("SELECT count() FROM default.raw_known" + run) == 1);

        // a table the server does not know: only its topic stops, named; the other topic goes on
        producer.send(new ProducerRecord<>(missing, 0, "m1", event("m1", ""))).get();
        producer.send(new ProducerRecord<>(known, 0, "k2", event("k2", ""))).get();
        Eventually.await("k2 in raw_known and committed while raw_missing is stopped", WAIT, () ->
                db.count("SELECT count() FROM default.raw_known" + run) == 2 && committed(known) == 2
                        && stats.getStoppedTables().containsKey("default.raw_missing" + run));
        assertTrue(stats.getStoppedTables().get("default.raw_missing" + run).contains("60"), stats.getStoppedTables().toString());
        assertEquals(-1, committed(missing), "nothing of the stopped table committed");

        // the migration adds a column to one table and creates the other: the next record fills the column, the held ones go in
        Files.writeString(migrations.resolve("V102__new_column_and_table.sql"), "ALTER TABLE default.raw_known" + run
                + " ADD COLUMN strNewField Nullable(String);\nCREATE TABLE IF NOT EXISTS default.raw_missing" + run + " AS default.raw_event;\n");
        ProducerTemplate route = app.getCamelContext().createProducerTemplate();
        route.requestBody("direct:warehouse-migrate", null, String.class);
        producer.send(new ProducerRecord<>(known, 0, "k3", event("k3", ",\"strNewField\":\"filled\""))).get();
        Eventually.await("the new column filled from the next record", WAIT, () ->
                db.count("SELECT count() FROM default.raw_known" + run + " WHERE strNewField = 'filled'") == 1);
        Eventually.await("the held record in raw_missing, committed", WAIT, () ->
                db.count("SELECT count() FROM default.raw_missing" + run) == 1 && committed(missing) == 1);
        assertEquals(Map.of(), stats.getStoppedTables());
    }

    /**
     * A backlog of one topic whose table the server does not know, in batches of 5: while the first batch fails, the
     * next is already read ahead. Nothing of it may be committed or written past the held records: once the table
     * exists, every record is in it once and the topic is committed to its end.
     */
    @Test
    void aHeldTableWithTheNextBatchReadAheadLosesNoRecord() throws Exception {
        String missing = "validated.soccer.late" + run;
        int records = 23;
        admin.createTopics(List.of(new NewTopic(missing, 1, (short) 1))).all().get();
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(missing, 0, "m" + i, event("m" + i, ""))).get();
        }
        Map<String, String> settings = db.appSettings(migrations, true, group);
        settings.put("warehouse.ingest.topics", "validated[.]soccer[.]late" + run);
        settings.put("warehouse.batch.size", "5");
        app = TestStack.startApp(settings);
        WarehouseStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
        Eventually.await("raw_late" + run + " stopped", WAIT, () -> stats.getStoppedTables().containsKey("default.raw_late" + run));
        assertEquals(-1, committed(missing), "nothing of the stopped table committed");

        Files.writeString(migrations.resolve("V103__late_table.sql"), "CREATE TABLE IF NOT EXISTS default.raw_late" + run + " AS default.raw_event;\n");
        app.getCamelContext().createProducerTemplate().requestBody("direct:warehouse-migrate", null, String.class);
        Eventually.await("the topic committed to its end", WAIT, () -> committed(missing) == records);
        assertEquals(records, db.count("SELECT uniqExact(kafka_offset) FROM default.raw_late" + run),
                "every offset of the topic in the table");
        assertEquals(records, db.count("SELECT count() FROM default.raw_late" + run + " FINAL"), "each record once");
    }

    private static String event(String id, String more) {
        return "{\"idEvent\":\"" + id + "\",\"strEvent\":\"E\",\"payload_hash\":\"h-" + id + "\",\"ingested_at\":1767225600" + more + "}";
    }

    private long committed(String topic) throws Exception {
        OffsetAndMetadata at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(new TopicPartition(topic, 0));
        return at == null ? -1 : at.offset();
    }
}
