package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** {@code ./stack warehouse status|migrate}: the app with only the warehouse routes, on a real H2 database. */
class WarehouseCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String command, Map<String, String> settings) {
        return WarehouseCli.run(new String[] {command}, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void statusThenMigrateThenStatusAndAFailureExitsOneWithTheReason() throws Exception {
        Path dir = H2Warehouse.copyOfTestMigrations(H2Warehouse.scratchDir().resolve("m"));
        H2Warehouse db = new H2Warehouse("jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Map<String, String> settings = db.appSettings(dir, false, "unused");
        settings.put("kafka.bootstrap", "127.0.0.1:9");  // the CLI needs no broker

        assertEquals(0, run("status", settings), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("0 applied, 3 pending, 0 changed"), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, run("migrate", settings), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("3 applied, 0 pending, 0 changed"), out.toString(StandardCharsets.UTF_8));

        Files.writeString(dir.resolve("V011__bad.sql"), "CREATE TABLE broken (id NOTATYPE);\n");
        assertEquals(1, run("migrate", settings));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "warehouse migrate failed: V011__bad.sql statement 1/1: CREATE TABLE broken (id NOTATYPE) -> "), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("drop", settings));
    }
}
