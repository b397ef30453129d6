package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;

/**
 * {@code ./stack warehouse migrate} and {@code ./stack sql} on the embedded warehouse (the ClickHouse engine behind
 * its HTTP front, the real driver): the real migrations, then queries printed as aligned tables, and a
 * server error as exit 1 with the server's {@code Code: N} message.
 */
class WarehouseSqlCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> settings, String... args) {
        out.reset();
        err.reset();
        return WarehouseCli.run(args, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void migrateThenSqlPrintsAlignedTablesAndServerErrorsExitOne() throws Exception {
        try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start()) {
            Map<String, String> settings = Map.of("warehouse.jdbc.url", warehouse.jdbcUrl(), "kafka.bootstrap", "127.0.0.1:9");

            long migrations;
            try (var files = Files.list(Path.of("warehouse/migrations"))) {
                migrations = files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
            }
            assertEquals(0, run(settings, "migrate"), err.toString(StandardCharsets.UTF_8));
            assertTrue(out().contains(migrations + " applied, 0 pending, 0 changed"), out());

            assertEquals(0, run(settings, "sql", "SELECT version, name FROM default.warehouse_migrations FINAL WHERE version <= 2 ORDER BY version"));
            assertEquals("""
                    version  name
                    -------  ----------
                    1        functions
                    2        raw_tables
                    (2 rows)
                    """, out());

            assertEquals(0, run(settings, "sql", "SELECT * FROM dw.v_fact_event_latest LIMIT 5"));
            assertTrue(out().startsWith("idEvent  league_sk  home_team_sk"), out());
            assertTrue(out().endsWith("(0 rows)\n"), out());

            assertEquals(0, run(settings, "sql", "SELECT repeat('x', 60) AS long_text, NULL AS nothing"));
            assertTrue(out().contains("x".repeat(WarehouseCli.MAX_CELL - 3) + "...  NULL"), out());
            assertTrue(out().endsWith("(1 row, cells cut at " + WarehouseCli.MAX_CELL + " characters)\n"), out());

            assertEquals(0, run(settings, "sql", "CREATE TABLE default.t (a UInt8) ENGINE = Memory"));
            assertEquals(0, run(settings, "sql", "INSERT INTO default.t SELECT number FROM numbers(3)"));
            assertEquals("ok, 3 rows written\n", out());

            assertEquals(1, run(settings, "sql", "SELECT * FROM dw.no_such_view"));
            String error = err.toString(StandardCharsets.UTF_8);
            assertTrue(error.startsWith("warehouse sql failed: ") && error.contains("Code: 60."), error);

            assertEquals(2, run(settings, "sql"));
            assertEquals(2, run(settings, "sql", " "));
        }
    }
}
