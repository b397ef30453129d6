package org.sportsdb.stack.triage;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.sportsdb.stack.common.EnvironmentSettings;

/**
 * Looks up a configuration knob as every part of the stack does ({@link EnvironmentSettings}): the environment
 * variable derived from the property name wins (e.g. {@code triage.root} -> {@code TRIAGE_ROOT}),
 * then the property, then the default.
 */
public final class Knobs {

    private final Map<String, String> environment;
    private final Properties properties;

    public Knobs(Map<String, String> environment, Properties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    /** Knobs from the process environment and the JVM system properties. */
    public static Knobs fromSystem() {
        return new Knobs(System.getenv(), System.getProperties());
    }

    public static String envName(String property) {
        return EnvironmentSettings.envName(property);
    }

    public String get(String property, String defaultValue) {
        return EnvironmentSettings.lookup(environment, properties, property, defaultValue);
    }

    public long getLong(String property, long defaultValue) {
        String value = get(property, Long.toString(defaultValue));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("knob " + property + " (env " + envName(property)
                    + ") must be a whole number, got '" + value + "'", e);
        }
    }

    /**
     * Every knob below {@code prefix} (e.g. {@code triage.kafka.}), with the prefix removed:
     * properties {@code triage.kafka.security.protocol=...} and environment variables
     * {@code TRIAGE_KAFKA_SECURITY_PROTOCOL=...} (underscores read as dots) both give {@code security.protocol}.
     * The environment wins.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                result.put(name.substring(prefix.length()), properties.getProperty(name).trim());
            }
        }
        String envPrefix = envName(prefix);
        environment.forEach((name, value) -> {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length() && !value.isBlank()) {
                String key = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                result.put(key, value.trim());
            }
        });
        return result;
    }
}
