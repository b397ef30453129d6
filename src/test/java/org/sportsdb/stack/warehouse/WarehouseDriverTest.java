package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;

/**
 * The clickhouse-jdbc behaviours the warehouse code is built around, on the embedded engine: if a driver
 * upgrade changes one, this fails and points at the code that relies on it ({@link RawBatchWriter},
 * {@link WarehouseDataSource}, {@link WarehouseErrorCodes}, the migration route's {@code resetAutoCommit=false}).
 */
class WarehouseDriverTest {

    private static EmbeddedWarehouse engine;

    @BeforeAll
    static void startEngine() throws SQLException {
        engine = EmbeddedWarehouse.start();
        try (Connection c = DriverManager.getConnection(engine.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE default.quirks (id String, at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY id");
        }
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void settingsReachTheServerOnlyAsClickhouseSettingProperties() throws SQLException {
        WarehouseDataSource withSettings = new WarehouseDataSource(engine.jdbcUrl(), "", "",
                WarehouseDataSource.parseSettings("max_threads=3, async_insert=0"));
        assertEquals("3", query(withSettings, "SELECT getSetting('max_threads')"));
        assertEquals("0", query(withSettings, "SELECT toUInt8(getSetting('async_insert'))"));

        Properties bare = new Properties();
        bare.setProperty("async_insert", "0");
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(engine.jdbcUrl(), bare).close(),
                "the driver refuses a bare setting before sending anything");
        assertTrue(String.valueOf(refused.getCause()).contains("Unknown and unmapped config properties: [async_insert]"), refused.toString());
    }

    @Test
    void aBatchIsOneInsertWhoseResultsSayNothingAndWhoseErrorCarriesTheServerCode() throws SQLException {
        try (Connection c = DriverManager.getConnection(engine.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO default.quirks (id, at) VALUES (?, ?)")) {
            for (String[] row : new String[][] {{"a", "2026-01-01 00:00:00.000"}, {"b", "2026-01-01 00:00:01.000"}}) {
                ps.setString(1, row[0]);
                ps.setString(2, row[1]);
                ps.addBatch();
            }
            // 1 per row when the server's summary has written_rows, SUCCESS_NO_INFO (-2) otherwise: RawBatchWriter counts the rows it sent
            for (int result : ps.executeBatch()) {
                assertTrue(result == 1 || result == Statement.SUCCESS_NO_INFO, "executeBatch result " + result);
            }

            ps.setString(1, "c");
            ps.setString(2, "2026-01-01 00:00:02.000");
            ps.addBatch();
            ps.setString(1, "d");
            ps.setString(2, "+318857-01-01 00:00:00.000");
            ps.addBatch();
            SQLException bad = assertThrows(SQLException.class, ps::executeBatch);
            assertEquals(41, WarehouseErrorCodes.codeOf(bad), bad.toString());
            assertTrue(new WarehouseErrorCodes(Map.of(41, 0).keySet()).isAboutTheData(bad));
        }
        assertEquals("2", query(new WarehouseDataSource(engine.jdbcUrl(), "", ""), "SELECT count() FROM default.quirks WHERE id IN ('a', 'b', 'c', 'd')"),
                "the refused INSERT wrote nothing (one block: all or nothing)");

        engine.injectFaults(252, 1);
        try (Connection c = new WarehouseDataSource(engine.jdbcUrl(), "", "").getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO default.quirks (id, at) VALUES (?, ?)")) {
            ps.setString(1, "e");
            ps.setString(2, "2026-01-01 00:00:00.000");
            ps.addBatch();
            SQLException tooManyParts = assertThrows(SQLException.class, ps::executeBatch,
                    "the warehouse's connections leave server errors to the ingestion's backoff");
            assertEquals(252, WarehouseErrorCodes.codeOf(tooManyParts));
            assertTrue(tooManyParts.getMessage().contains("Code: 252"), tooManyParts.getMessage());
        }
    }

    @Test
    void aPlainConnectionRetriesAServerErrorAtOnceBehindTheCallersBack() throws SQLException {
        engine.injectFaults(252, 1);
        try (Connection c = DriverManager.getConnection(engine.jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO default.quirks (id, at) VALUES (?, ?)")) {
            ps.setString(1, "retried");
            ps.setString(2, "2026-01-01 00:00:00.000");
            ps.addBatch();
            ps.executeBatch();
        }
        assertEquals("[]", engine.pendingFaults().replaceAll("\\s", ""), "the fault fired, and the driver's retry hid it: "
                + "why WarehouseDataSource sets client_retry_on_failures without ServerRetryable");
        assertEquals("1", query(new WarehouseDataSource(engine.jdbcUrl(), "", ""), "SELECT count() FROM default.quirks WHERE id = 'retried'"));
    }

    @Test
    void autoCommitCannotBeTurnedOffUnlessTheUrlSaysToIgnoreIt() throws SQLException {
        try (Connection c = DriverManager.getConnection(engine.jdbcUrl())) {
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.setAutoCommit(false),
                    "so RawBatchWriter never calls it and the migration route runs camel-jdbc with resetAutoCommit=false");
        }
        try (Connection c = DriverManager.getConnection(engine.jdbcUrl() + "?jdbc_ignore_unsupported_values=true")) {
            c.setAutoCommit(false);
        }
    }

    private static String query(WarehouseDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
