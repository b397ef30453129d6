package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.TestStack;

/**
 * The warehouse routes' tests on the real engine: the app's warehouse settings for an {@link EmbeddedWarehouse}
 * (clickhouse-jdbc → HTTP front → chdb, the production defaults otherwise: ledger DDL, {@code default.raw_} tables),
 * queries for assertions through the same driver, and records handed to the app's ingestion as the validator hands them.
 */
public final class EngineWarehouse {

    public static final Path MIGRATIONS = Path.of("warehouse/migrations");

    private final EmbeddedWarehouse engine;
    private final WarehouseDataSource dataSource;

    public EngineWarehouse(EmbeddedWarehouse engine) {
        this.engine = engine;
        this.dataSource = new WarehouseDataSource(engine.jdbcUrl(), "", "");
    }

    EmbeddedWarehouse engine() {
        return engine;
    }

    /** An embedded warehouse with the project's migrations applied (./stack warehouse migrate), for tests that write before any app migrates. */
    static EmbeddedWarehouse startMigrated() {
        EmbeddedWarehouse engine = EmbeddedWarehouse.start();
        Map<String, String> settings = new EngineWarehouse(engine).appSettings(MIGRATIONS, false, "unused");
        settings.put("kafka.bootstrap", "127.0.0.1:9");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = WarehouseCli.run(new String[] {"migrate"}, settings, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        if (exit != 0) {
            engine.close();
            throw new IllegalStateException("migrations failed: " + err.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        return engine;
    }

    /** App settings: the shared test broker, this warehouse, the given migrations; warehouse routes off unless enabled. */
    public Map<String, String> appSettings(Path migrationsDir, boolean enabled, String groupId) {
        Map<String, String> props = TestStack.settings("http://127.0.0.1:9");
        props.put("warehouse.enabled", Boolean.toString(enabled));
        props.put("warehouse.jdbc.url", engine.jdbcUrl());
        props.put("warehouse.jdbc.user", "");
        props.put("warehouse.migrations.dir", migrationsDir.toString());
        props.put("warehouse.ingest.group-id", groupId);
        props.put("warehouse.batch.size", "50");
        props.put("warehouse.batch.timeout-ms", "300");
        props.put("warehouse.ingest.idle-delay-ms", "20");
        props.put("warehouse.start.retry-delay-ms", "200");
        props.put("warehouse.ingest.retry-delay-ms", "100");
        props.put("warehouse.ingest.max-retry-delay-ms", "800");
        return props;
    }

    public List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    long count(String sql) throws SQLException {
        return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs the app's player feed once, forwards what it published to validated.soccer.player (as the validator passes a
     * valid record) and waits until the warehouse has it; returns the published players' keys.
     */
    public static java.util.Set<String> runPlayerFeedIntoTheWarehouse(Main app, Duration wait) throws Exception {
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> published;
        try (org.sportsdb.stack.dev.TopicReader players = new org.sportsdb.stack.dev.TopicReader(
                org.sportsdb.stack.dev.TestStack.broker().bootstrap(), "soccer.player")) {
            new org.sportsdb.stack.feeds.OnDemandRuns(app.getCamelContext()).runOnce(List.of("player"));
            published = players.readSinceMark();
        }
        forwardToValidated(app, published.stream()
                .map(r -> new ProducerRecord<>("validated.soccer.player", r.key(), r.value())).toList(), wait);
        java.util.Set<String> keys = new java.util.TreeSet<>();
        published.forEach(r -> keys.add(r.key()));
        return keys;
    }

    /**
     * Publishes records to their {@code validated.soccer.*} topics (what the Spark validator does with a valid record:
     * it passes unchanged) and waits until the app's warehouse ingestion has inserted them all, none refused.
     */
    public static void forwardToValidated(Main app, List<ProducerRecord<String, String>> records, Duration wait) throws Exception {
        WarehouseStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
        long before = stats.getRowsInsertedTotal();
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStack.broker().bootstrap());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(r).get();
            }
        }
        Eventually.awaitValue("the warehouse inserted the " + records.size() + " records (" + before + " rows before)", wait,
                stats::getRowsInsertedTotal, rows -> rows >= before + records.size());
        if (stats.getRowsRefused() != 0) {
            throw new AssertionError("the warehouse refused " + stats.getRowsRefused() + " rows");
        }
    }

    /** A fresh directory under target/ (the build's tmpdir may be cleaned by a parallel build). */
    static Path scratchDir() {
        Path dir = Path.of("target", "warehouse-test", UUID.randomUUID().toString());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of warehouse/migrations in a fresh directory (tests edit and add files there). */
    static Path copyOfMigrations(Path dir) {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            Files.createDirectories(dir);
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
