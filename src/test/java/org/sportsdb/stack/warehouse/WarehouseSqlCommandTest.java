package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.CommandOutput;
import org.sportsdb.stack.dev.EmbeddedWarehouse;

/**
 * {@code ./stack warehouse migrate} and {@code ./stack sql} on the embedded warehouse (the ClickHouse engine behind
 * its HTTP front, the real driver): the real migrations, then queries printed as aligned tables, a statement that
 * changes data refused without {@code --write}, and a server error as exit 1 with the server's {@code Code: N} message.
 */
class WarehouseSqlCommandTest {

    private final CommandOutput output = new CommandOutput();

    private int run(Map<String, String> settings, String... args) {
        return output.run((out, err) -> WarehouseCli.run(args, settings, out, err));
    }

    @Test
    void migrateThenSqlPrintsAlignedTablesAndServerErrorsExitOne() throws Exception {
        try (EmbeddedWarehouse warehouse = EmbeddedWarehouse.start()) {
            Map<String, String> settings = Map.of("warehouse.jdbc.url", warehouse.jdbcUrl(), "kafka.bootstrap", "127.0.0.1:9");

            long migrations;
            try (var files = Files.list(Path.of("warehouse/migrations"))) {
                migrations = files.filter(f -> f.getFileName().toString().endsWith(".sql")).count();
            }
            assertEquals(0, run(settings, "migrate"), output.err());
            assertTrue(output.out().contains(migrations + " applied, 0 pending, 0 changed"), output.out());

            assertEquals(0, run(settings, "sql", "SELECT version, name FROM default.warehouse_migrations FINAL WHERE version <= 2 ORDER BY version"));
            assertEquals("""
                    version  name
                    -------  ----------
                    1        functions
                    2        raw_tables
                    (2 rows)
                    """, output.out());

            assertEquals(0, run(settings, "sql", "SELECT * FROM dw.v_fact_event_latest LIMIT 5"));
            assertTrue(output.out().startsWith("idEvent  league_sk  home_team_sk"), output.out());
            assertTrue(output.out().endsWith("(0 rows)\n"), output.out());

            assertEquals(0, run(settings, "sql", "SELECT repeat('x', 60) AS long_text, NULL AS nothing"));
            assertTrue(output.out().contains("x".repeat(WarehouseCli.MAX_CELL - 3) + "...  NULL"), output.out());
            assertTrue(output.out().endsWith("(1 row, cells cut at " + WarehouseCli.MAX_CELL + " characters)\n"), output.out());

            // reads only, unless --write: the statement changes nothing and says how to write
            for (String change : new String[] {"CREATE TABLE default.t (a UInt8) ENGINE = Memory", "DROP DATABASE dw",
                    "INSERT INTO default.warehouse_migrations SELECT * FROM default.warehouse_migrations"}) {
                assertEquals(1, run(settings, "sql", change), change);
                assertTrue(output.err().contains("Code: 164.") && output.err().contains("./stack sql --write"), output.err());
            }
            assertEquals(0, run(settings, "sql", "SELECT count() AS databases FROM system.databases WHERE name = 'dw'"));
            assertTrue(output.out().contains("\n1\n"), "dw is still there: " + output.out());
            assertEquals(0, run(settings, "sql", "--write", "CREATE TABLE default.t (a UInt8) ENGINE = Memory"));
            assertEquals(0, run(settings, "sql", "--write", "INSERT INTO default.t SELECT number FROM numbers(3)"));
            assertEquals("ok, 3 rows written\n", output.out());
            assertEquals(0, run(settings, "sql", "SELECT count() FROM default.t"));

            assertEquals(1, run(settings, "sql", "SELECT * FROM dw.no_such_view"));
            String error = output.err();
            assertTrue(error.startsWith("warehouse sql failed: ") && error.contains("Code: 60."), error);

            assertEquals(2, run(settings, "sql"));
            assertEquals(2, run(settings, "sql", " "));
        }
    }
}
