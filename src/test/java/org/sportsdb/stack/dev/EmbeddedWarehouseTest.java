package org.sportsdb.stack.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded warehouse through the real driver ({@code com.clickhouse:clickhouse-jdbc} 0.10.0, the app's):
 * DDL as the migrations write it, a batched PreparedStatement insert, {@code SELECT ... FINAL} collapsing a
 * re-delivery, the server's error codes, injected faults (before and after the write) and an outage.
 */
class EmbeddedWarehouseTest {

    private static EmbeddedWarehouse warehouse;

    @BeforeAll
    static void start() {
        warehouse = EmbeddedWarehouse.start();
    }

    @AfterAll
    static void stop() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(warehouse.jdbcUrl(), "default", "");
    }

    private static void createTable(Statement st, String name) throws SQLException {
        st.execute("CREATE DATABASE IF NOT EXISTS ewt");
        st.execute("CREATE TABLE IF NOT EXISTS ewt." + name + " (id String, note Nullable(String), n UInt64,"
                + " ingested_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD), kind LowCardinality(String) DEFAULT 'x')"
                + " ENGINE = ReplacingMergeTree(ingested_at) PARTITION BY toYYYYMM(ingested_at) ORDER BY id");
    }

    private static int[] insert(Connection c, String table, Object[]... rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ewt." + table + " (id, note, n, ingested_at) VALUES (?, ?, ?, ?)")) {
            for (Object[] row : rows) {
                ps.setString(1, (String) row[0]);
                if (row[1] == null) {
                    ps.setNull(2, Types.VARCHAR);
                } else {
                    ps.setString(2, (String) row[1]);
                }
                ps.setLong(3, (Long) row[2]);
                ps.setTimestamp(4, Timestamp.from(Instant.parse((String) row[3])));
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static SQLException sqlExceptionIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql;
            }
        }
        return null;
    }

    @Test
    void ddlBatchedInsertAndSelectFinalThroughTheDriver() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            assertTrue(c.isValid(5));
            createTable(st, "events");
            int[] counts = insert(c, "events",
                    new Object[] {"e1", "first", 1L, "2026-12-01T10:00:00.000Z"},
                    new Object[] {"e2", null, Long.MAX_VALUE, "2026-12-01T10:00:00.500Z"},
                    new Object[] {"e1", "newer", 2L, "2026-12-01T11:00:00.123Z"});
            assertEquals(3, counts.length);
            // a re-delivery of the same row: ReplacingMergeTree collapses it
            insert(c, "events", new Object[] {"e1", "newer", 2L, "2026-12-01T11:00:00.123Z"});

            assertEquals(List.of("e1|newer|2|2026-12-01 11:00:00.123|x", "e2|null|" + Long.MAX_VALUE + "|2026-12-01 10:00:00.5|x"),
                    rows(c, "SELECT id, note, n, ingested_at, kind FROM ewt.events FINAL ORDER BY id"));
            try (ResultSet rs = st.executeQuery("SELECT n, note, ingested_at FROM ewt.events FINAL WHERE id = 'e2'")) {
                assertTrue(rs.next());
                assertEquals(BigInteger.valueOf(Long.MAX_VALUE), rs.getObject(1));
                assertNull(rs.getString(2));
                assertEquals(Instant.parse("2026-12-01T10:00:00.500Z"), rs.getTimestamp(3).toInstant());
            }
            // executeUpdate returns the written rows the server reports (X-ClickHouse-Summary)
            assertEquals(3, st.executeUpdate("INSERT INTO ewt.events (id, n, ingested_at) SELECT 'c' || toString(number), number, now64(3) FROM numbers(3)"));
        }
    }

    @Test
    void serverErrorsArriveWithTheirCodeAndMessage() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            SQLException unknown = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM ewt.no_such_table"));
            assertEquals(60, unknown.getErrorCode(), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("UNKNOWN_TABLE"), unknown.getMessage());
            createTable(st, "typed");
            Exception bad = assertThrows(SQLException.class,
                    () -> st.execute("INSERT INTO ewt.typed (id, n, ingested_at) VALUES ('a', 'not a number', now64(3))"));
            SQLException badSql = sqlExceptionIn(bad);
            assertTrue(badSql != null && List.of(6, 27, 53, 72).contains(badSql.getErrorCode()), String.valueOf(bad));
        }
    }

    /** clickhouse-jdbc 0.10.0 retries the transient codes (252, 241, 319, ...) itself: {@code retry}, default 3. */
    static final int DRIVER_ATTEMPTS = 4;

    @Test
    void injectedTooManyPartsFailsTheBatchWithCode252AndWritesNothingThenTheNextInsertPasses() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            createTable(st, "faulty");
            warehouse.injectFaults(252, DRIVER_ATTEMPTS);
            Exception e = assertThrows(SQLException.class, () -> insert(c, "faulty", new Object[] {"f1", "a", 1L, "2026-12-01T10:00:00Z"}));
            SQLException server = sqlExceptionIn(e);
            assertTrue(server != null, String.valueOf(e));
            assertEquals(252, server.getErrorCode(), server.getMessage());
            assertTrue(server.getMessage().contains("TOO_MANY_PARTS") && server.getMessage().contains("ewt.faulty"), server.getMessage());
            // the driver's own retries used every injected fault
            assertEquals("[]", warehouse.pendingFaults().trim());
            // a SELECT does not match an INSERT fault and the connection stayed valid
            assertEquals(List.of("0"), rows(c, "SELECT count() FROM ewt.faulty"));
            assertTrue(c.isValid(5));
            insert(c, "faulty", new Object[] {"f1", "a", 1L, "2026-12-01T10:00:00Z"});
            assertEquals(List.of("1"), rows(c, "SELECT count() FROM ewt.faulty"));
        }
    }

    @Test
    void theDriverRetriesATransientCodeItselfUpToItsLimit() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            createTable(st, "absorbed");
            warehouse.injectFaults(241, DRIVER_ATTEMPTS - 1);
            insert(c, "absorbed", new Object[] {"m1", "a", 1L, "2026-12-01T10:00:00Z"});
            assertEquals("[]", warehouse.pendingFaults().trim());
            assertEquals(List.of("1"), rows(c, "SELECT count() FROM ewt.absorbed"));
            // a code about the data is not retried: one fault, one failure
            warehouse.injectFaults(53, 2);
            SQLException typeMismatch = sqlExceptionIn(assertThrows(SQLException.class,
                    () -> insert(c, "absorbed", new Object[] {"m2", "a", 1L, "2026-12-01T10:00:00Z"})));
            assertEquals(53, typeMismatch.getErrorCode());
            assertTrue(warehouse.pendingFaults().contains("\"count\": 1"), warehouse.pendingFaults());
            warehouse.clearFaults();
        }
    }

    @Test
    void aFaultAfterTheWriteLeavesTheRowsWrittenAndTheClientWithTheError() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            createTable(st, "after");
            warehouse.injectFaults(319, DRIVER_ATTEMPTS, "INSERT INTO ewt.after", true);
            Exception e = assertThrows(SQLException.class, () -> insert(c, "after", new Object[] {"a1", "a", 1L, "2026-12-01T10:00:00Z"}));
            assertEquals(319, sqlExceptionIn(e).getErrorCode());
            // every attempt wrote the row: ReplacingMergeTree collapses them for FINAL
            assertEquals(List.of(Integer.toString(DRIVER_ATTEMPTS)), rows(c, "SELECT count() FROM ewt.after"));
            assertEquals(List.of("1"), rows(c, "SELECT count() FROM ewt.after FINAL"));
        }
    }

    @Test
    void anOutageMakesConnectionsFailAndARestartKeepsTheData() throws Exception {
        try (EmbeddedWarehouse own = EmbeddedWarehouse.start()) {
            try (Connection c = DriverManager.getConnection(own.jdbcUrl(), "default", ""); Statement st = c.createStatement()) {
                createTable(st, "kept");
                st.execute("INSERT INTO ewt.kept (id, n, ingested_at) VALUES ('k', 1, now64(3))");
            }
            own.stop();
            assertFalse(own.isRunning());
            Exception down = assertThrows(Exception.class, () -> {
                try (Connection c = DriverManager.getConnection(own.jdbcUrl(), "default", ""); Statement st = c.createStatement()) {
                    st.executeQuery("SELECT 1");
                }
            });
            assertTrue(String.valueOf(down).length() > 0);
            own.restart();
            try (Connection c = DriverManager.getConnection(own.jdbcUrl(), "default", "")) {
                assertEquals(List.of("k"), rows(c, "SELECT id FROM ewt.kept"));
            }
        }
    }

    @Test
    void faultRequestsAreValidated() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> warehouse.injectFaults(252, 0));
        assertTrue(refused.getMessage().contains("400"), refused.getMessage());
    }
}
