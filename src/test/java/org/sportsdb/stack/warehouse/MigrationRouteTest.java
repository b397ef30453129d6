package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.TestStack;

/** The migration route (camel-jdbc) on a real H2 database: order, ledger, refusal of changed files, stop at the first failure. */
class MigrationRouteTest {

    private final Path tmp = H2Warehouse.scratchDir();

    private Main app;
    private H2Warehouse db;

    private ProducerTemplate start(Path migrations) throws Exception {
        return start(migrations, false);
    }

    private ProducerTemplate start(Path migrations, boolean warehouseEnabled) throws Exception {
        db = new H2Warehouse("jdbc:h2:mem:migrations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        app = TestStack.startApp(db.appSettings(migrations, warehouseEnabled, "warehouse-test-" + UUID.randomUUID()));
        return app.getCamelContext().createProducerTemplate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private WarehouseStats stats() {
        return app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
    }

    private List<Object> ledgerVersions() throws Exception {
        return db.rows("SELECT version FROM warehouse_migrations ORDER BY applied_at, version").stream()
                .map(r -> r.get("VERSION")).collect(Collectors.toList());
    }

    @Test
    void appliesPendingMigrationsInVersionOrderAndRecordsEachInTheLedger() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(tmp.resolve("m"));
        ProducerTemplate route = start(dir);

        String report = route.requestBody("direct:warehouse-migrate", null, String.class);

        // V0010 sorts before V002 by name and needs V002's column: it only succeeds when applied by version
        assertEquals(List.of(1, 2, 10), ledgerVersions());
        List<Map<String, Object>> ledger = db.rows("SELECT version, name, checksum, statements, duration_ms FROM warehouse_migrations ORDER BY version");
        assertEquals(List.of("raw_tables", "event_season", "event_latest_view"), ledger.stream().map(r -> r.get("NAME")).collect(Collectors.toList()));
        assertEquals(MigrationChecksum.of(Files.readAllBytes(dir.resolve("V002__event_season.sql"))), ledger.get(1).get("CHECKSUM"));
        assertEquals(List.of(2, 1, 1), ledger.stream().map(r -> r.get("STATEMENTS")).collect(Collectors.toList()));
        assertEquals(0L, db.count("SELECT COUNT(*) FROM v_event_latest"), "the view of V0010 exists");
        assertTrue(report.contains("3 applied, 0 pending, 0 changed"), report);
        assertEquals(3, stats().getMigrationsAppliedThisRun());
        assertEquals(0, stats().getMigrationsPending());
    }

    @Test
    void aSecondRunAppliesNothing() throws Exception {
        ProducerTemplate route = start(H2Warehouse.copyOfTestMigrations(tmp.resolve("m")));
        route.requestBody("direct:warehouse-migrate", null, String.class);
        List<Map<String, Object>> before = db.rows("SELECT * FROM warehouse_migrations ORDER BY version");

        String report = route.requestBody("direct:warehouse-migrate", null, String.class);

        assertEquals(before, db.rows("SELECT * FROM warehouse_migrations ORDER BY version"), "ledger untouched");
        assertEquals(3, stats().getMigrationsAppliedThisRun());
        assertTrue(report.contains("3 applied, 0 pending"), report);
    }

    @Test
    void refusesToRunWhenAnAppliedMigrationChangedAndAppliesNothingElse() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(tmp.resolve("m"));
        ProducerTemplate route = start(dir);
        route.requestBody("direct:warehouse-migrate", null, String.class);
        String applied = MigrationChecksum.of(Files.readAllBytes(dir.resolve("V002__event_season.sql")));
        Files.writeString(dir.resolve("V002__event_season.sql"), "ALTER TABLE raw_event ADD COLUMN IF NOT EXISTS \"strGroup\" VARCHAR(16);\n");
        String edited = MigrationChecksum.of(Files.readAllBytes(dir.resolve("V002__event_season.sql")));
        Files.writeString(dir.resolve("V011__pending.sql"), "CREATE TABLE pending_marker (id INT);\n");

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));

        WarehouseMigrationException refused = WarehouseMigrationException.in(e);
        assertNotNull(refused, e.toString());
        assertEquals("migration V002__event_season.sql changed since it was applied (ledger " + applied + ", file " + edited
                + "): refusing to migrate; restore the file, or write the change as a new migration", refused.getMessage());
        assertEquals(List.of(1, 2, 10), ledgerVersions(), "V011 was not applied");
        assertEquals(0L, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PENDING_MARKER'"));
        String status = route.requestBody("direct:warehouse-status", null, String.class);
        assertTrue(status.contains("002 event_season") && status.lines().anyMatch(l -> l.startsWith("002") && l.endsWith("CHANGED")), status);
        assertTrue(status.lines().anyMatch(l -> l.startsWith("011") && l.endsWith("PENDING")), status);
    }

    @Test
    void stopsAtTheFirstFailingStatementNamingFileStatementAndServerErrorThenResumesAfterTheFix() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(tmp.resolve("m"));
        Path broken = dir.resolve("V011__broken.sql");
        Files.writeString(broken, "CREATE TABLE IF NOT EXISTS first_ok (id INT);\n"
                + "-- the typo below is the failure\n"
                + "CREATE TABLE second_bad (id INTEGR);\n"
                + "CREATE TABLE IF NOT EXISTS third_never (id INT);\n");
        Files.writeString(dir.resolve("V012__after.sql"), "CREATE TABLE IF NOT EXISTS after_broken (id INT);\n");
        ProducerTemplate route = start(dir);

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));

        String message = WarehouseMigrationException.in(e).getMessage();
        assertTrue(message.startsWith("V011__broken.sql statement 2/3: -- the typo below is the failure CREATE TABLE second_bad (id INTEGR) -> "),
                message);
        assertTrue(message.contains("INTEGR"), "the server's error is reported: " + message);
        assertEquals(List.of(1, 2, 10), ledgerVersions(), "no ledger row for the failed migration, nothing after it");
        assertEquals(1L, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'FIRST_OK'"));
        assertEquals(0L, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('THIRD_NEVER', 'AFTER_BROKEN')"));
        assertEquals(1, stats().getMigrationFailures());

        Files.writeString(broken, Files.readString(broken).replace("INTEGR", "INTEGER"));
        route.requestBody("direct:warehouse-migrate", null, String.class);

        assertEquals(List.of(1, 2, 10, 11, 12), ledgerVersions());
        assertEquals(3L, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('SECOND_BAD', 'THIRD_NEVER', 'AFTER_BROKEN')"));
    }

    @Test
    void refusesBadlyNamedOrDuplicateVersionFiles() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(tmp.resolve("m"));
        Files.writeString(dir.resolve("V02__short.sql"), "SELECT 1;\n");
        ProducerTemplate route = start(dir);

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> route.requestBody("direct:warehouse-migrate", null, String.class));
        assertEquals("migration file name not of the form V<NNN>__<name>.sql: V02__short.sql", WarehouseMigrationException.in(e).getMessage());
        Files.delete(dir.resolve("V02__short.sql"));
        Files.writeString(dir.resolve("V010__again.sql"), "SELECT 1;\n");

        e = assertThrows(CamelExecutionException.class, () -> route.requestBody("direct:warehouse-migrate", null, String.class));
        assertEquals("two migration files share version 10: V0010__event_latest_view.sql, V010__again.sql",
                WarehouseMigrationException.in(e).getMessage());
        assertEquals(0L, db.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"), "nothing ran, not even the ledger");
    }

    @Test
    void aFailedStartUpMigrationLeavesIngestionStopped() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(tmp.resolve("m"));
        Files.writeString(dir.resolve("V011__broken.sql"), "CREATE TABLE broken (id NOTATYPE);\n");
        start(dir, true);

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (stats().getMigrationFailures() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, stats().getMigrationFailures(), "the start-up migration ran and failed");
        assertEquals(List.of(1, 2, 10), ledgerVersions());
        assertEquals(org.apache.camel.ServiceStatus.Stopped,
                app.getCamelContext().getRouteController().getRouteStatus(WarehouseRouteStarter.INGEST_ROUTE));
    }
}
