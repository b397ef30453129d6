package org.sportsdb.stack.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

    private static Properties properties(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void theEnvironmentVariableIsTheNameInUpperCaseWithUnderscores() {
        assertEquals("SPORTSDB_API_KEY", EnvironmentSettings.envName("sportsdb.api.key"));
        assertEquals("TRIAGE_PARQUET_ROOT", EnvironmentSettings.envName("triage.parquet-root"));
    }

    @Test
    void theEnvironmentWinsThenThePropertyThenTheDefault() {
        Properties props = properties("a.b", "from-property");
        assertEquals("from-env", EnvironmentSettings.lookup(Map.of("A_B", " from-env "), props, "a.b", "default"));
        assertEquals("from-property", EnvironmentSettings.lookup(Map.of(), props, "a.b", "default"));
        assertEquals("default", EnvironmentSettings.lookup(Map.of(), new Properties(), "a.b", "default"));
        assertNull(EnvironmentSettings.lookup(Map.of(), new Properties(), "a.b", null));
    }

    @Test
    void aBlankValueCountsAsNotSet() {
        Properties props = properties("a.b", "  ");
        assertEquals("default", EnvironmentSettings.lookup(Map.of("A_B", ""), props, "a.b", "default"));
    }

    @Test
    void anExplicitEnvironmentVariableNameIsRead() {
        assertEquals("x", EnvironmentSettings.lookup(Map.of("KAFKA_BOOTSTRAP", "x"), "KAFKA_BOOTSTRAP", new Properties(),
                "kafka.bootstrap.servers", "default"));
    }
}
