package org.sportsdb.stack.common;

import java.util.Locale;
import java.util.Map;

/**
 * The JAAS lines of Kafka's SASL settings, written once for the Camel app, the validator and the test broker:
 * a client's {@code sasl.jaas.config} for PLAIN or SCRAM-SHA-256/512, and the users a broker's SASL/PLAIN listener
 * accepts. Values are quoted (a {@code "} or {@code \} in a password cannot end the value early).
 */
public final class KafkaSasl {

    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private KafkaSasl() {
    }

    /** {@code <LoginModule> required username="…" password="…";} for {@code mechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
    public static String clientJaasConfig(String mechanism, String username, String password) {
        String module = mechanism.toUpperCase(Locale.ROOT).startsWith("SCRAM") ? SCRAM : PLAIN;
        return module + " required username=" + quoted(username) + " password=" + quoted(password) + ";";
    }

    /** The broker side of SASL/PLAIN: {@code PlainLoginModule required user_<name>="<password>" …;}. */
    public static String plainServerJaasConfig(Map<String, String> users) {
        StringBuilder jaas = new StringBuilder(PLAIN).append(" required");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append('=').append(quoted(password)));
        return jaas.append(';').toString();
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
