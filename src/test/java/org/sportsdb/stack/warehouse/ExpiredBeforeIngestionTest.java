package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
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
import org.sportsdb.stack.dev.TestStack;

/**
 * Validated records that retention deleted before the warehouse read them (the warehouse was down longer than the
 * validated topics keep records) are named, not skipped: the ingestion counts them per topic, logs their offsets and
 * carries the count in its commits, where the ledger reads them as "expired before ingestion". Real broker (records
 * really deleted below a new log start), the application, the embedded warehouse.
 */
class ExpiredBeforeIngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse db;
    private Main app;

    @BeforeAll
    static void startEngineAndMigrate() {
        engine = EngineWarehouse.startMigrated();
        db = new EngineWarehouse(engine);
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
    }

    @Test
    void recordsDeletedByRetentionBeforeIngestionAreCountedLoggedAndInTheCommits() throws Exception {
        Fixture f = Fixture.of("expiry", 10);
        String topic = f.topic();
        String table = f.table();
        String group = f.group();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = f.admin()) {
            // the ingestion had read 0-1 when the warehouse went down; retention then deleted 0-5: 2-5 were never read
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(2))).all().get();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(6))).all().get();

            app = startIngesting(f);
            WarehouseStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);

            Eventually.await("6-9 in the raw table, committed", WAIT, () -> db.count("SELECT count() FROM " + table) == 4
                    && committed(admin, group, partition) != null && committed(admin, group, partition).offset() == 10);
            assertEquals(Map.of(topic, 4L), stats.getExpiredBeforeIngestion(), "2-5 counted as expired before ingestion");
            assertEquals(4L, IngestConsumer.expiredCount(committed(admin, group, partition).metadata()), "carried in the commit for the ledger");
        } finally {
            db.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /**
     * A committed position past the log's end (the topic was deleted and created again, or the log was cut back):
     * the records the log holds now are read from its start, none is skipped (the raw tables keep one row per key and
     * version, so a record read twice is stored once).
     */
    @Test
    void aPositionPastTheLogsEndReadsTheLogFromItsStart() throws Exception {
        Fixture f = Fixture.of("pastend", 5);
        String topic = f.topic();
        String table = f.table();
        String group = f.group();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = f.admin()) {
            // the group had read 50 records of the topic's earlier life
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(50))).all().get();

            app = startIngesting(f);

            Eventually.await("0-4 in the raw table, committed at 5", WAIT, () -> db.count("SELECT count() FROM " + table) == 5
                    && committed(admin, group, partition) != null && committed(admin, group, partition).offset() == 5);
        } finally {
            db.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** The application ingesting the fixture's topic only, with its group. */
    private static Main startIngesting(Fixture f) throws Exception {
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, true, f.group());
        settings.put("warehouse.ingest.topics", f.topic().replace(".", "[.]"));
        return TestStack.startApp(settings);
    }

    /**
     * A validated topic of one partition holding {@code count} events (offsets 0 to count - 1), its raw table, and a
     * consumer group of its own.
     */
    private record Fixture(String topic, String table, String group) {
        static Fixture of(String name, int count) throws Exception {
            String run = Long.toString(System.nanoTime() % 100_000_000);
            Fixture f = new Fixture("validated.soccer." + name + run, "default.raw_" + name + run,
                    "warehouse-" + name + "-" + UUID.randomUUID());
            db.execute("CREATE TABLE " + f.table() + " AS default.raw_event");
            try (Admin admin = f.admin();
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestStack.broker().bootstrap()),
                         new StringSerializer(), new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic(f.topic(), 1, (short) 1))).all().get();
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(f.topic(), 0, run + "-" + i, "{\"idEvent\":\"" + run + "-" + i
                            + "\",\"strEvent\":\"E\",\"payload_hash\":\"h" + i + "\",\"ingested_at\":1767225600}")).get();
                }
            }
            return f;
        }

        Admin admin() {
            return Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()));
        }
    }

    private static OffsetAndMetadata committed(Admin admin, String group, TopicPartition partition) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
    }
}
