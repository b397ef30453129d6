package org.sportsdb.stack;

import org.apache.camel.CamelContext;

/** Reads the application's settings (application.properties, overridden by environment variables). */
public final class StackProperties {

    private final CamelContext context;

    public StackProperties(CamelContext context) {
        this.context = context;
    }

    /** The value, or null when the property is not set. */
    public String get(String name) {
        return context.getPropertiesComponent().resolveProperty(name).orElse(null);
    }

    public String require(String name) {
        String value = get(name);
        if (value == null) {
            throw new IllegalArgumentException("setting " + name + " is missing from application.properties");
        }
        return value.trim();
    }

    public int requireInt(String name) {
        String value = require(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a whole number, was '" + value + "'");
        }
    }

    public boolean isTrue(String name, boolean fallback) {
        String value = get(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.trim());
    }
}
