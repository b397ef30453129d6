package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;

/**
 * The migration route (camel-jdbc, clickhouse-jdbc) on the real engine with the real {@code warehouse/migrations}:
 * order by version, ledger rows with checksums, a rerun applies nothing, a changed applied file stops the run
 * naming file and checksums, a failing statement stops it naming file, statement and the server's {@code Code: N}.
 * Each test has a fresh, empty warehouse. The URL has no {@code jdbc_ignore_unsupported_values}: the route never
 * touches auto-commit ({@code resetAutoCommit=false}), which clickhouse-jdbc would refuse.
 */
class MigrationRouteTest {

    private static final String LEDGER = "default.warehouse_migrations";

    private final Path tmp = EngineWarehouse.scratchDir();
    private final EngineWarehouse db = new EngineWarehouse(EmbeddedWarehouse.start());
    private Main app;

    private ProducerTemplate start(Path migrations) throws Exception {
        return start(migrations, false);
    }

    private ProducerTemplate start(Path migrations, boolean warehouseEnabled) throws Exception {
        app = TestStack.startApp(db.appSettings(migrations, warehouseEnabled, "warehouse-test-" + UUID.randomUUID()));
        return app.getCamelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        db.engine().close();
    }

    private WarehouseStats stats() {
        return app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
    }

    private List<Integer> ledgerVersions() throws Exception {
        return db.rows("SELECT version FROM " + LEDGER + " FINAL ORDER BY applied_at, version").stream()
                .map(r -> ((Number) r.get("version")).intValue()).collect(Collectors.toList());
    }

    private long tables(String names) throws Exception {
        return db.count("SELECT count() FROM system.tables WHERE database = 'default' AND name IN (" + names + ")");
    }

    @Test
    void appliesEveryMigrationInVersionOrderWithItsLedgerRowThenASecondRunAppliesNothing() throws Exception {
        List<Migration> files = new MigrationFiles(EngineWarehouse.MIGRATIONS).list();
        ProducerTemplate route = start(EngineWarehouse.MIGRATIONS);

        String report = route.requestBody("direct:warehouse-migrate", null, String.class);

        assertEquals(files.stream().map(Migration::version).collect(Collectors.toList()), ledgerVersions());
        List<Map<String, Object>> ledger = db.rows("SELECT version, name, checksum, statements FROM " + LEDGER + " FINAL ORDER BY version");
        for (int i = 0; i < files.size(); i++) {
            assertEquals(files.get(i).name(), ledger.get(i).get("name"));
            assertEquals(files.get(i).checksum(), ledger.get(i).get("checksum"), files.get(i).fileName());
            assertEquals(files.get(i).statements().size(), ((Number) ledger.get(i).get("statements")).intValue(), files.get(i).fileName());
        }
        assertEquals(13L, db.count("SELECT count() FROM system.tables WHERE database = 'default' AND name LIKE 'raw\\\\_%'"), "the raw tables");
        assertEquals(0L, db.count("SELECT count() FROM dw.v_fact_event_latest"), "the dw model down to the latest-event view");
        assertTrue(report.contains(files.size() + " applied, 0 pending, 0 changed"), report);
        assertEquals(files.size(), stats().getMigrationsAppliedThisRun());
        assertEquals(0, stats().getMigrationsPending());

        List<Map<String, Object>> before = db.rows("SELECT * FROM " + LEDGER + " FINAL ORDER BY version");
        report = route.requestBody("direct:warehouse-migrate", null, String.class);

        assertEquals(before, db.rows("SELECT * FROM " + LEDGER + " ORDER BY version"), "ledger untouched, no second row");
        assertEquals(files.size(), stats().getMigrationsAppliedThisRun());
        assertTrue(report.contains(files.size() + " applied, 0 pending, 0 changed"), report);
    }

    @Test
    void refusesToRunWhenAnAppliedMigrationChangedNamingFileAndChecksumsAndAppliesNothingElse() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(tmp.resolve("m"));
        // version 910 sorts first by name (V000910 < V001__) and needs V006's view: it only succeeds when applied by version
        Files.writeString(dir.resolve("V000910__latest_count.sql"),
                "CREATE VIEW IF NOT EXISTS dw.v_latest_count AS SELECT count() AS events FROM dw.v_fact_event_latest;\n");
        ProducerTemplate route = start(dir);
        route.requestBody("direct:warehouse-migrate", null, String.class);
        assertEquals(shippedAnd(910), ledgerVersions());

        Path view = dir.resolve("V006__latest_event_view.sql");
        String applied = MigrationChecksum.of(Files.readAllBytes(view));
        Files.writeString(view, Files.readString(view) + "\n-- an edit after the fact\n");
        String edited = MigrationChecksum.of(Files.readAllBytes(view));
        Files.writeString(dir.resolve("V911__pending.sql"), "CREATE TABLE default.pending_marker (id String) ENGINE = Memory;\n");

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));

        WarehouseMigrationException refused = WarehouseMigrationException.in(e);
        assertNotNull(refused, e.toString());
        assertEquals("migration V006__latest_event_view.sql changed since it was applied (ledger " + applied + ", file " + edited
                + "): refusing to migrate; restore the file, or write the change as a new migration", refused.getMessage());
        assertEquals(shippedAnd(910), ledgerVersions(), "V911 was not applied");
        assertEquals(0L, tables("'pending_marker'"));
        String status = route.requestBody("direct:warehouse-status", null, String.class);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("006 latest_event_view") && l.endsWith("CHANGED")), status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("911") && l.endsWith("PENDING")), status);
    }

    @Test
    void aCommentRewordedInAnAppliedMigrationIsAcceptedOnlyWithTheChecksumItWasAppliedWith() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(tmp.resolve("m"));
        ProducerTemplate route = start(dir);
        route.requestBody("direct:warehouse-migrate", null, String.class);
        List<Map<String, Object>> before = db.rows("SELECT * FROM " + LEDGER + " FINAL ORDER BY version");

        Path view = dir.resolve("V006__latest_event_view.sql");
        String original = Files.readString(view);
        String applied = MigrationChecksum.of(Files.readAllBytes(view));
        Files.writeString(view, "-- a comment reworded after the fact\n" + original);
        assertThrows(CamelExecutionException.class, () -> route.requestBody("direct:warehouse-migrate", null, String.class),
                "without the declaration the edit is refused");

        Files.writeString(view, "-- applied earlier with checksum " + applied + "\n-- a comment reworded after the fact\n" + original);
        String report = route.requestBody("direct:warehouse-migrate", null, String.class);
        assertTrue(report.contains("0 pending, 0 changed"), report);
        assertEquals(before, db.rows("SELECT * FROM " + LEDGER + " FINAL ORDER BY version"), "nothing applied again, ledger untouched");
        String status = route.requestBody("direct:warehouse-status", null, String.class);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("006 latest_event_view") && !l.endsWith("CHANGED")), status);

        Files.writeString(view, "-- applied earlier with checksum " + "0".repeat(64) + "\n" + original + "\n-- edited\n");
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));
        assertTrue(WarehouseMigrationException.in(e).getMessage().startsWith(
                "migration V006__latest_event_view.sql changed since it was applied (ledger " + applied), e.toString());
    }

    @Test
    void stopsAtTheFirstFailingStatementNamingFileStatementAndTheServersCodeThenResumesAfterTheFix() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(tmp.resolve("m"));
        Path broken = dir.resolve("V900__broken.sql");
        Files.writeString(broken, "CREATE TABLE IF NOT EXISTS default.first_ok (id String) ENGINE = Memory;\n"
                + "-- the typo below is the failure\n"
                + "CREATE TABLE IF NOT EXISTS default.second_bad (id Strin) ENGINE = Memory;\n"
                + "CREATE TABLE IF NOT EXISTS default.third_never (id String) ENGINE = Memory;\n");
        Files.writeString(dir.resolve("V901__after.sql"), "CREATE TABLE IF NOT EXISTS default.after_broken (id String) ENGINE = Memory;\n");
        ProducerTemplate route = start(dir);

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));

        String message = WarehouseMigrationException.in(e).getMessage();
        assertTrue(message.startsWith("V900__broken.sql statement 2/3: -- the typo below is the failure "
                + "CREATE TABLE IF NOT EXISTS default.second_bad (id Strin) ENGINE = Memory -> Code: 50. DB::Exception: "), message);
        assertTrue(message.contains("Strin"), "the server's message: " + message);
        assertEquals(shippedAnd(), ledgerVersions(), "no ledger row for the failed migration, nothing after it");
        assertEquals(1L, tables("'first_ok'"));
        assertEquals(0L, tables("'second_bad', 'third_never', 'after_broken'"));
        assertEquals(1, stats().getMigrationFailures());

        Files.writeString(broken, Files.readString(broken).replace("Strin)", "String)"));
        route.requestBody("direct:warehouse-migrate", null, String.class);

        assertEquals(shippedAnd(900, 901), ledgerVersions());
        assertEquals(3L, tables("'second_bad', 'third_never', 'after_broken'"));
    }

    @Test
    void refusesBadlyNamedOrDuplicateVersionFilesBeforeTouchingTheWarehouse() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(tmp.resolve("m"));
        Files.writeString(dir.resolve("V02__short.sql"), "SELECT 1;\n");
        ProducerTemplate route = start(dir);

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));
        assertEquals("migration file name not of the form V<NNN>__<name>.sql: V02__short.sql", WarehouseMigrationException.in(e).getMessage());
        Files.delete(dir.resolve("V02__short.sql"));
        Files.writeString(dir.resolve("V0007__again.sql"), "SELECT 1;\n");

        e = assertThrows(CamelExecutionException.class, () -> route.requestBody("direct:warehouse-migrate", null, String.class));
        assertEquals("two migration files share version 7: V0007__again.sql, V007__backfill_dw_from_raw.sql",
                WarehouseMigrationException.in(e).getMessage());
        assertEquals(0L, db.count("SELECT count() FROM system.tables WHERE database IN ('default', 'dw')"), "nothing ran, not even the ledger");
    }

    @Test
    void aFailedStartUpMigrationLeavesIngestionStopped() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(tmp.resolve("m"));
        Files.writeString(dir.resolve("V900__broken.sql"), "CREATE TABLE default.broken (id NotAType) ENGINE = Memory;\n");
        start(dir, true);

        Eventually.await("the start-up migration to fail", java.time.Duration.ofSeconds(60), () -> stats().getMigrationFailures() > 0);
        assertEquals(1, stats().getMigrationFailures(), "the start-up migration ran and failed");
        assertEquals(shippedAnd(), ledgerVersions());
        assertEquals(ServiceStatus.Stopped, app.getCamelContext().getRouteController().getRouteStatus(WarehouseRouteStarter.INGEST_ROUTE));
    }

    @Test
    void anAppStoppedWhileTheWarehouseIsUnreachableStopsWithoutWaitingOutItsMigrationRetries() throws Exception {
        // the start-up migration retries every warehouse.start.retry-delay-ms while nobody listens; a stop (compose
        // stop: SIGTERM, then SIGKILL after 10 s) must not wait the shutdown timeout (15 s) for that retrying exchange
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, true, "warehouse-test-" + UUID.randomUUID());
        settings.put("warehouse.jdbc.url", "jdbc:clickhouse:http://127.0.0.1:" + KafkaBroker.freePort() + "/default");
        app = TestStack.startApp(settings);
        Eventually.await("the start-up migration retried while the warehouse is unreachable", java.time.Duration.ofSeconds(60),
                () -> stats().getStartRetries() >= 2);

        app.stop();
        ShutdownStrategy shutdown = app.getCamelContext().getShutdownStrategy();
        app = null;
        assertFalse(shutdown.hasTimeoutOccurred(), "the graceful shutdown completed (nothing forced after its timeout)");
    }

    /** The versions of the repository's migrations (warehouse/migrations), then the test's own. */
    private static List<Integer> shippedAnd(int... testVersions) throws java.io.IOException {
        List<Integer> versions = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(EngineWarehouse.MIGRATIONS)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().forEach(versions::add);
        }
        for (int v : testVersions) {
            versions.add(v);
        }
        return versions;
    }
}
