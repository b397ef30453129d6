package org.sportsdb.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.common.EnvironmentSettings;

/** Every setting of application.properties is in the README's configuration table, with its environment variable. */
class ConfigurationDocumentedTest {

    @Test
    void everySettingAndItsEnvironmentVariableAreInTheReadme() throws IOException {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            settings.load(in);
        }
        String readme = Files.readString(Path.of("README.md"));
        List<String> missing = settings.stringPropertyNames().stream()
                .filter(name -> !readme.contains("| `" + name + "` | `" + EnvironmentSettings.envName(name) + "` |"))
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(), missing, "settings missing from README.md's configuration table (name | env var | ...)");
    }
}
