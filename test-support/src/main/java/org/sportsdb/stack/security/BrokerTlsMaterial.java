package org.sportsdb.stack.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.sportsdb.stack.dev.KafkaBroker;

/**
 * The TLS and SASL material of the deployed broker, made by the real {@code infra/tls/make-certs.sh}
 * into a folder: the broker key store, the CA-only trust store, the JAAS users and the passwords of
 * {@code secrets.env}. Nothing here is made by the test itself. The app's and the validator's SASL_SSL tests use it.
 */
public final class BrokerTlsMaterial {

    private final Path dir;
    private final Properties secrets;

    private BrokerTlsMaterial(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /** Runs make-certs.sh for a broker certificate whose SAN is {@code IP:<externalIp>} only. */
    public static BrokerTlsMaterial generate(Path dir, String externalIp) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        InfraScript.run("tls/make-certs.sh", Map.of("TLS_DIR", dir.toString(), "EXTERNAL_IP", externalIp, "TLS_KEY_BITS", "2048"),
                dir.resolveSibling(dir.getFileName() + "-make-certs.log"));
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("secrets.env"), StandardCharsets.UTF_8)) {
            secrets.load(in);
        }
        return new BrokerTlsMaterial(dir, secrets);
    }

    public Path keystore() {
        return dir.resolve("broker.keystore.p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String storePassword() {
        return secret("TLS_STORE_PASSWORD");
    }

    /** A SASL user's password, as make-certs.sh wrote it to secrets.env. */
    public String password(String user) {
        return secret("SASL_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The login module line of broker_jaas.conf (the body of its KafkaServer section), as Kafka's listener setting takes it. */
    public String brokerJaasConfig() throws IOException {
        String file = Files.readString(dir.resolve("broker_jaas.conf"));
        int open = file.indexOf('{');
        int close = file.lastIndexOf('}');
        if (open < 0 || close < open) {
            throw new IllegalStateException("broker_jaas.conf has no section: " + dir);
        }
        return file.substring(open + 1, close).trim().replaceAll("\\s+", " ");
    }

    /** The broker's SASL_SSL listener with this material: its key store and its JAAS users. */
    public KafkaBroker.SaslSslListener listener() throws IOException {
        return new KafkaBroker.SaslSslListener(keystore(), storePassword(), brokerJaasConfig());
    }

    /** The application's {@code kafka.*} settings for a SASL_SSL client of this broker trusting this CA. */
    public Map<String, String> clientSettings(String bootstrap, String user, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap", bootstrap);
        settings.put("kafka.security.protocol", "SASL_SSL");
        settings.put("kafka.sasl.mechanism", "PLAIN");
        settings.put("kafka.sasl.username", user);
        settings.put("kafka.sasl.password", password);
        settings.put("kafka.ssl.truststore.location", truststore().toString());
        settings.put("kafka.ssl.truststore.password", storePassword());
        settings.put("kafka.ssl.truststore.type", "PKCS12");
        return settings;
    }

    private String secret(String name) {
        String value = secrets.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not in " + dir.resolve("secrets.env"));
        }
        return value;
    }
}
