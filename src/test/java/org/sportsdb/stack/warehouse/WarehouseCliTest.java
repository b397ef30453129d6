package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.CommandOutput;
import org.sportsdb.stack.dev.EmbeddedWarehouse;

/** {@code ./stack warehouse status|migrate}: the app with only the warehouse routes, on the real engine with the real migrations. */
class WarehouseCliTest {

    private final CommandOutput output = new CommandOutput();

    private int run(String command, Map<String, String> settings) {
        return output.run((out, err) -> WarehouseCli.run(new String[] {command}, settings, out, err));
    }

    @Test
    void statusThenMigrateThenStatusAndAFailureExitsOneWithTheServersCode() throws Exception {
        Path dir = EngineWarehouse.copyOfMigrations(EngineWarehouse.scratchDir().resolve("m"));
        int files = new MigrationFiles(dir).list().size();
        try (EmbeddedWarehouse engine = EmbeddedWarehouse.start()) {
            Map<String, String> settings = new EngineWarehouse(engine).appSettings(dir, false, "unused");
            settings.put("kafka.bootstrap", "127.0.0.1:9");  // the CLI needs no broker

            assertEquals(0, run("status", settings), output.err());
            assertTrue(output.out().contains("0 applied, " + files + " pending, 0 changed"), output.out());
            assertEquals(0, run("migrate", settings), output.err());
            assertTrue(output.out().contains(files + " applied, 0 pending, 0 changed"), output.out());

            Files.writeString(dir.resolve("V099__bad.sql"), "CREATE TABLE default.broken (id NotAType) ENGINE = Memory;\n");
            assertEquals(1, run("migrate", settings));
            assertTrue(output.err().startsWith("warehouse migrate failed: V099__bad.sql statement 1/1: "
                    + "CREATE TABLE default.broken (id NotAType) ENGINE = Memory -> Code: 50. DB::Exception: "), output.err());
            assertEquals(2, run("drop", settings));
        }
    }
}
