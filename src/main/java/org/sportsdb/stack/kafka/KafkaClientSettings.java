package org.sportsdb.stack.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.sportsdb.stack.common.KafkaSasl;

/**
 * The one place that turns the {@code kafka.*} settings (bootstrap, PLAINTEXT / SASL_PLAINTEXT /
 * SASL_SSL, PLAIN or SCRAM credentials, truststore) into client configuration: for the Camel Kafka
 * component and for every plain Kafka client of the application (topic provisioning, triage).
 */
public final class KafkaClientSettings {

    private final String bootstrap;
    private final String securityProtocol;
    private final String saslMechanism;
    private final String saslUsername;
    private final String saslPassword;
    private final String truststoreLocation;
    private final String truststorePassword;
    private final String truststoreType;

    public KafkaClientSettings(Function<String, String> properties) {
        this.bootstrap = required(properties, "kafka.bootstrap");
        this.securityProtocol = orDefault(properties.apply("kafka.security.protocol"), "PLAINTEXT").toUpperCase(Locale.ROOT);
        this.saslMechanism = orDefault(properties.apply("kafka.sasl.mechanism"), "PLAIN").toUpperCase(Locale.ROOT);
        this.saslUsername = orDefault(properties.apply("kafka.sasl.username"), "");
        this.saslPassword = orDefault(properties.apply("kafka.sasl.password"), "");
        this.truststoreLocation = orDefault(properties.apply("kafka.ssl.truststore.location"), "");
        this.truststorePassword = orDefault(properties.apply("kafka.ssl.truststore.password"), "");
        this.truststoreType = orDefault(properties.apply("kafka.ssl.truststore.type"), "PKCS12");
        if (!securityProtocol.matches("PLAINTEXT|SASL_PLAINTEXT|SASL_SSL|SSL")) {
            throw new IllegalArgumentException("kafka.security.protocol must be PLAINTEXT, SASL_PLAINTEXT, SASL_SSL or SSL, was " + securityProtocol);
        }
        if (usesSasl() && saslUsername.isEmpty()) {
            throw new IllegalArgumentException("kafka.sasl.username (KAFKA_SASL_USERNAME) is required with " + securityProtocol);
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public boolean usesSasl() {
        return securityProtocol.startsWith("SASL_");
    }

    public boolean usesTls() {
        return securityProtocol.endsWith("SSL");
    }

    /** The JAAS line for the configured mechanism (PLAIN or SCRAM-SHA-256/512). */
    String jaasConfig() {
        return KafkaSasl.clientJaasConfig(saslMechanism, saslUsername, saslPassword);
    }

    /** Client properties for plain Kafka clients (AdminClient, consumers, producers). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", securityProtocol);
        if (usesSasl()) {
            props.put("sasl.mechanism", saslMechanism);
            props.put("sasl.jaas.config", jaasConfig());
        }
        if (usesTls() && !truststoreLocation.isEmpty()) {
            props.put("ssl.truststore.location", truststoreLocation);
            props.put("ssl.truststore.password", truststorePassword);
            props.put("ssl.truststore.type", truststoreType);
        }
        return props;
    }

    /** Applies the same settings to the Camel Kafka component, with a durable producer (acks=all, idempotence). */
    public void applyTo(KafkaConfiguration config) {
        config.setBrokers(bootstrap);
        config.setSecurityProtocol(securityProtocol);
        if (usesSasl()) {
            config.setSaslMechanism(saslMechanism);
            config.setSaslJaasConfig(jaasConfig());
        }
        if (usesTls() && !truststoreLocation.isEmpty()) {
            config.setSslTruststoreLocation(truststoreLocation);
            config.setSslTruststorePassword(truststorePassword);
            config.setSslTruststoreType(truststoreType);
        }
        config.setRequestRequiredAcks("all");
        config.setEnableIdempotence(true);
    }

    /** A description without secrets, for logs. */
    @Override
    public String toString() {
        return bootstrap + " (" + securityProtocol + (usesSasl() ? " " + saslMechanism + " as " + saslUsername : "") + ")";
    }

    private static String required(Function<String, String> properties, String name) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
