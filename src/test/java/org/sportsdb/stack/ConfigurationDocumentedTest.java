package org.sportsdb.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Every setting of application.properties is in docs/configuration.md's table, with its environment variable, and the
 * table is the one ConfigurationTable generates from the file (-Ddocs.write=true rewrites it).
 */
class ConfigurationDocumentedTest {

    @Test
    void everySettingAndItsEnvironmentVariableAreInTheConfigurationDoc() throws IOException {
        if (Boolean.getBoolean("docs.write")) {
            ConfigurationTable.main(new String[0]);
        }
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(ConfigurationTable.PROPERTIES)) {
            settings.load(in);
        }
        String doc = Files.readString(ConfigurationTable.DOC);
        List<String> missing = settings.stringPropertyNames().stream()
                .filter(name -> !doc.contains("| `" + name + "` | `" + ConfigurationTable.envName(name) + "` |"))
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(), missing, "settings missing from docs/configuration.md's table (name | env var | ...)");
    }

    @Test
    void theTableIsTheOneGeneratedFromApplicationProperties() throws IOException {
        String doc = Files.readString(ConfigurationTable.DOC);
        String generated = ConfigurationTable.render(Files.readString(ConfigurationTable.PROPERTIES));
        assertEquals(ConfigurationTable.withTable(doc, generated), doc,
                "docs/configuration.md is stale: ./mvnw -B -q -pl app -am -Dtest=ConfigurationDocumentedTest -Ddocs.write=true test");
    }

    @Test
    void aSettingIsRenderedWithItsSectionCommentAndEnvironmentVariable() throws IOException {
        String table = ConfigurationTable.render("""
                # file header, not a meaning

                a.first = 1
                # --- Pipes (the note | with a bar) ---
                # what it does,
                # on two lines
                pipe.max-size = 10
                pipe.empty =
                pipe.path = x\\\\y
                """);
        assertTrue(table.contains("### Camel Main\n\n| setting | environment variable | default | meaning |\n|---|---|---|---|\n"
                + "| `a.first` | `A_FIRST` | `1` |  |\n"), table);
        assertTrue(table.contains("### Pipes\n\nthe note | with a bar\n"), table);
        assertTrue(table.contains("| `pipe.max-size` | `PIPE_MAX_SIZE` | `10` | what it does, on two lines |\n"), table);
        assertTrue(table.contains("| `pipe.empty` | `PIPE_EMPTY` | (empty) |  |\n"), table);
        assertTrue(table.contains("| `pipe.path` | `PIPE_PATH` | `x\\y` |  |\n"), table);
    }

    @Test
    void aDocWithoutItsMarkersIsRefusedRatherThanOverwritten() {
        assertThrows(IllegalStateException.class, () -> ConfigurationTable.withTable("# Configuration\n", "table"));
    }
}
