package org.sportsdb.stack.common;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How every part of the stack reads a setting: its environment variable wins, then the property, then the
 * default. A value that is blank counts as not set; values are trimmed. The environment variable of a property is
 * its name in upper case with every other character than a letter or a digit as {@code _}
 * ({@code sportsdb.api.key} → {@code SPORTSDB_API_KEY}, {@code triage.parquet-root} → {@code TRIAGE_PARQUET_ROOT}),
 * the rule Camel applies to the application's settings.
 */
public final class EnvironmentSettings {

    private EnvironmentSettings() {
    }

    /** The environment variable that overrides {@code property}. */
    public static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** {@code envVar} from {@code environment} if set, else {@code property} from {@code properties} if set, else the default. */
    public static String lookup(Map<String, String> environment, String envVar, Properties properties, String property,
                                String defaultValue) {
        String fromEnv = environment.get(envVar);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String fromProperty = properties.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty.trim();
        }
        return defaultValue;
    }

    /** As {@link #lookup(Map, String, Properties, String, String)} with the environment variable named after the property. */
    public static String lookup(Map<String, String> environment, Properties properties, String property, String defaultValue) {
        return lookup(environment, envName(property), properties, property, defaultValue);
    }
}
