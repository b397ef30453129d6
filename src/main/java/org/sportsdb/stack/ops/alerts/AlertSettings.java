package org.sportsdb.stack.ops.alerts;

import java.time.Duration;

import org.sportsdb.stack.StackProperties;

/**
 * The alerting policy ({@code alerts.*}): on or off (empty = on exactly when SMTP_HOST is set), the
 * window that allows one mail per source and kind, and the subject prefix.
 */
public record AlertSettings(boolean enabled, Duration window, String subjectPrefix) {

    public static AlertSettings from(StackProperties settings) {
        String enabled = settings.get("alerts.enabled");
        String host = settings.get("smtp.host");
        boolean on = enabled == null || enabled.isBlank()
                ? host != null && !host.isBlank()
                : Boolean.parseBoolean(enabled.trim());
        return new AlertSettings(on, minutes(settings, "alerts.window-minutes"), settings.require("alerts.subject-prefix"));
    }

    /** A setting in minutes, fractions allowed (0.5 = 30 s), 0 or more. */
    static Duration minutes(StackProperties settings, String name) {
        String minutes = settings.require(name);
        double value;
        try {
            value = Double.parseDouble(minutes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be a number of minutes, was '" + minutes + "'");
        }
        if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("setting " + name + " must be 0 or more, was '" + minutes + "'");
        }
        return Duration.ofMillis(Math.round(value * 60_000));
    }
}
