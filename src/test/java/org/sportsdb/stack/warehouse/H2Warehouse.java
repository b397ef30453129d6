package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.sportsdb.stack.dev.TestStack;

/** A real H2 database standing in for ClickHouse: the app's warehouse settings for it, and queries for assertions. */
final class H2Warehouse {

    static final Path TEST_MIGRATIONS = Path.of("src/test/resources/warehouse/migrations");
    static final String LEDGER_CREATE = "CREATE TABLE IF NOT EXISTS warehouse_migrations (version INT PRIMARY KEY, "
            + "name VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL, statements INT NOT NULL, "
            + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, duration_ms BIGINT NOT NULL)";

    private final String url;

    H2Warehouse(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    /** App settings: the shared test broker, this database, the given migrations; warehouse routes off unless enabled. */
    Map<String, String> appSettings(Path migrationsDir, boolean enabled, String groupId) {
        Map<String, String> props = TestStack.settings("http://127.0.0.1:9");
        props.put("warehouse.enabled", Boolean.toString(enabled));
        props.put("warehouse.jdbc.url", url);
        props.put("warehouse.jdbc.user", "");
        props.put("warehouse.migrations.dir", migrationsDir.toString());
        props.put("warehouse.ledger.table", "warehouse_migrations");
        props.put("warehouse.ledger.create", LEDGER_CREATE);
        props.put("warehouse.ledger.select", "SELECT version, name, checksum, applied_at FROM warehouse_migrations");
        props.put("warehouse.raw.table-prefix", "raw_");
        props.put("warehouse.ingest.group-id", groupId);
        props.put("warehouse.batch.size", "50");
        props.put("warehouse.batch.timeout-ms", "300");
        props.put("warehouse.ingest.idle-delay-ms", "20");
        props.put("warehouse.start.retry-delay-ms", "200");
        props.put("warehouse.ingest.retry-delay-ms", "100");
        return props;
    }

    List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(meta.getColumnLabel(i), v instanceof java.sql.Clob clob ? clob.getSubString(1, (int) clob.length()) : v);
                }
                out.add(row);
            }
            return out;
        }
    }

    long count(String sql) throws SQLException {
        return ((Number) rows(sql).get(0).values().iterator().next()).longValue();
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

    /** A copy of the test migrations in a fresh directory (tests edit and add files there). */
    static Path copyOfTestMigrations(Path dir) {
        try (Stream<Path> files = Files.list(TEST_MIGRATIONS)) {
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
