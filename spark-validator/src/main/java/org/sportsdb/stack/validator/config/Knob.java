package org.sportsdb.stack.validator.config;

import java.util.Map;

import org.sportsdb.stack.common.EnvironmentSettings;

/**
 * One configuration knob: a system property with an environment-variable override.
 * Resolution order ({@link EnvironmentSettings}, as everywhere in the stack): environment variable, then system
 * property, then the default.
 */
public record Knob(String property, String envVar, String defaultValue, String meaning) {

    /** The configured value, or the default (may be null when the knob is optional). */
    public String value() {
        return valueFrom(System.getenv(), System.getProperties());
    }

    String valueFrom(Map<String, String> env, java.util.Properties props) {
        return EnvironmentSettings.lookup(env, envVar, props, property, defaultValue);
    }

    public int intValue() {
        String v = value();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envVar + " (" + property + ") must be an integer, got '" + v + "'");
        }
    }
}
