package org.sportsdb.stack.ops.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.sportsdb.stack.StackProperties;

/**
 * Where alert mails go: the SMTP relay ({@code smtp.*}, i.e. SMTP_HOST, SMTP_PORT, SMTP_TLS, SMTP_USER,
 * SMTP_PASSWORD) and the sender and recipients ({@code alert.from}, {@code alert.to}: ALERT_FROM, ALERT_TO).
 */
public record SmtpSettings(String host, int port, Tls tls, String user, String password, String from,
                           List<String> to, int timeoutMillis) {

    /** How the connection to the relay is secured. */
    public enum Tls {
        /** plain SMTP (a relay on the same host or network) */
        NONE,
        /** SMTP upgraded with STARTTLS, which must succeed */
        STARTTLS,
        /** SMTP over TLS from the first byte (smtps, usually port 465) */
        SSL;

        static Tls parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            switch (v) {
                case "", "none", "false", "off", "no":
                    return NONE;
                case "starttls", "true", "on", "yes":
                    return STARTTLS;
                case "ssl", "tls", "smtps":
                    return SSL;
                default:
                    throw new IllegalArgumentException("setting smtp.tls (SMTP_TLS) must be none, starttls or ssl, was '" + value + "'");
            }
        }
    }

    public static SmtpSettings from(StackProperties settings) {
        List<String> to = Arrays.stream(blankToEmpty(settings.get("alert.to")).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new SmtpSettings(
                blankToEmpty(settings.get("smtp.host")).trim(),
                settings.requireInt("smtp.port"),
                Tls.parse(settings.get("smtp.tls")),
                blankToEmpty(settings.get("smtp.user")).trim(),
                blankToEmpty(settings.get("smtp.password")),
                blankToEmpty(settings.get("alert.from")).trim(),
                to,
                settings.requireInt("alerts.smtp-timeout-ms"));
    }

    /** Refuses settings that cannot send a mail, naming the variable to set. */
    public SmtpSettings validated() {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("alerts are enabled but SMTP_HOST (smtp.host) is not set");
        }
        if (from.isEmpty()) {
            throw new IllegalArgumentException("alerts are enabled but ALERT_FROM (alert.from) is not set");
        }
        if (to.isEmpty()) {
            throw new IllegalArgumentException("alerts are enabled but ALERT_TO (alert.to) lists no recipient");
        }
        if (user.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("SMTP_USER and SMTP_PASSWORD go together: set both or neither");
        }
        return this;
    }

    /** For logs: never the password. */
    public String describe() {
        return (tls == Tls.SSL ? "smtps" : "smtp") + "://" + host + ":" + port
                + (tls == Tls.STARTTLS ? " (STARTTLS)" : "") + (user.isEmpty() ? "" : " as " + user)
                + " to " + String.join(",", to);
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value;
    }
}
