package org.sportsdb.stack.validator.stream;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka security settings passed through to Spark's Kafka source and sink (same env vars as the Camel app). */
class KafkaClientOptionsTest {

    @Test
    void saslSslWithTruststoreBecomesSparkKafkaOptions() {
        Map<String, String> o = KafkaClientOptions.build("broker:9094", "sasl_ssl", "PLAIN", "app", "p\"w",
                "/tls/truststore.p12", "changeit", "PKCS12");
        assertEquals("broker:9094", o.get("kafka.bootstrap.servers"));
        assertEquals("SASL_SSL", o.get("kafka.security.protocol"));
        assertEquals("PLAIN", o.get("kafka.sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"app\" password=\"p\\\"w\";",
                o.get("kafka.sasl.jaas.config"));
        assertEquals("/tls/truststore.p12", o.get("kafka.ssl.truststore.location"));
        assertEquals("changeit", o.get("kafka.ssl.truststore.password"));
        assertEquals("PKCS12", o.get("kafka.ssl.truststore.type"));
        assertEquals("***", KafkaClientOptions.masked(o).get("kafka.sasl.jaas.config"));
        assertEquals("***", KafkaClientOptions.masked(o).get("kafka.ssl.truststore.password"));
    }

    @Test
    void scramUsesTheScramLoginModuleAndPlaintextAddsNothing() {
        assertTrue(KafkaClientOptions.build("b:1", "SASL_PLAINTEXT", "SCRAM-SHA-512", "u", "p", null, null, "PKCS12")
                .get("kafka.sasl.jaas.config").startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required"));
        Map<String, String> plain = KafkaClientOptions.build("b:1", null, "PLAIN", null, null, "/x", null, "PKCS12");
        assertEquals(Map.of("kafka.bootstrap.servers", "b:1", "kafka.security.protocol", "PLAINTEXT"), plain);
        assertFalse(plain.containsKey("kafka.ssl.truststore.location"));
    }

    /** The mechanism is Kafka's name whatever its case, as the application reads KAFKA_SASL_MECHANISM. */
    @Test
    void aMechanismInLowerCaseIsKafkasName() {
        Map<String, String> o = KafkaClientOptions.build("b:1", "SASL_SSL", "scram-sha-512", "u", "p", null, null, "PKCS12");
        assertEquals("SCRAM-SHA-512", o.get("kafka.sasl.mechanism"));
        assertTrue(o.get("kafka.sasl.jaas.config").contains("ScramLoginModule"), o.get("kafka.sasl.jaas.config"));
    }

    @Test
    void saslWithoutCredentialsIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaClientOptions.build("b:1", "SASL_SSL", "PLAIN", "app", null, null, null, "PKCS12"));
        assertEquals("SASL_SSL needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD", e.getMessage());
    }
}
