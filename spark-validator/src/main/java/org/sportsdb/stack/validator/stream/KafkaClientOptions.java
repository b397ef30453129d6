package org.sportsdb.stack.validator.stream;

import org.sportsdb.stack.common.KafkaSasl;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka client options shared by the source and the sink (prefixed "kafka." as Spark's Kafka connector expects):
 * bootstrap servers and the security settings from the same environment variables as the Camel app.
 */
public final class KafkaClientOptions {
    private KafkaClientOptions() {
    }

    public static Map<String, String> fromKnobs() {
        return build(ValidatorKnobs.BOOTSTRAP.value(), ValidatorKnobs.SECURITY_PROTOCOL.value(),
                ValidatorKnobs.SASL_MECHANISM.value(), ValidatorKnobs.SASL_USERNAME.value(),
                ValidatorKnobs.SASL_PASSWORD.value(), ValidatorKnobs.TRUSTSTORE_LOCATION.value(),
                ValidatorKnobs.TRUSTSTORE_PASSWORD.value(), ValidatorKnobs.TRUSTSTORE_TYPE.value());
    }

    static Map<String, String> build(String bootstrap, String protocol, String mechanism, String user, String password,
                                     String truststore, String truststorePassword, String truststoreType) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", bootstrap);
        String p = protocol == null ? "PLAINTEXT" : protocol.toUpperCase(Locale.ROOT);
        o.put("kafka.security.protocol", p);
        if (p.startsWith("SASL")) {
            if (user == null || password == null) {
                throw new IllegalArgumentException(p + " needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
            }
            // Kafka's names are upper case (SCRAM-SHA-512); the application reads KAFKA_SASL_MECHANISM the same way
            String m = mechanism == null ? "PLAIN" : mechanism.toUpperCase(Locale.ROOT);
            o.put("kafka.sasl.mechanism", m);
            o.put("kafka.sasl.jaas.config", KafkaSasl.clientJaasConfig(m, user, password));
        }
        if (p.endsWith("SSL") && truststore != null) {
            o.put("kafka.ssl.truststore.location", truststore);
            o.put("kafka.ssl.truststore.type", truststoreType);
            if (truststorePassword != null) {
                o.put("kafka.ssl.truststore.password", truststorePassword);
            }
        }
        return o;
    }

    /** The options with secrets masked, for logging. */
    public static Map<String, String> masked(Map<String, String> options) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.replaceAll((k, v) -> k.contains("password") || k.contains("jaas") ? "***" : v);
        return m;
    }
}
