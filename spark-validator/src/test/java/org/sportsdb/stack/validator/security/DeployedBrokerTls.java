package org.sportsdb.stack.validator.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code infra/tls/make-certs.sh} (the deployment's own script, run for real) writes for the broker's
 * SASL_SSL listener: key store, CA-only trust store, the SASL users of {@code broker_jaas.conf} and the
 * passwords of {@code secrets.env}.
 */
final class DeployedBrokerTls {

    private static final Pattern JAAS_USER = Pattern.compile("user_([A-Za-z0-9_.-]+)=\"([^\"]*)\"");

    final Path dir;
    private final Properties secrets = new Properties();

    private DeployedBrokerTls(Path dir) throws IOException {
        this.dir = dir;
        try (Reader in = Files.newBufferedReader(dir.resolve("secrets.env"))) {
            secrets.load(in);
        }
    }

    /** make-certs.sh into {@code dir} for a certificate whose SAN is {@code IP:127.0.0.1}. */
    static DeployedBrokerTls makeCerts(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolveSibling("make-certs.log");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "infra", "tls", "make-certs.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.matches("(TLS|SASL|KAFKA|EXTERNAL|BROKER)_.*"));
        pb.environment().putAll(Map.of("TLS_DIR", dir.toString(), "EXTERNAL_IP", "127.0.0.1", "TLS_KEY_BITS", "2048"));
        Process p = pb.start();
        boolean done = p.waitFor(3, TimeUnit.MINUTES);
        if (!done || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("make-certs.sh failed: " + Files.readString(log));
        }
        return new DeployedBrokerTls(dir);
    }

    Path keystore() {
        return dir.resolve("broker.keystore.p12");
    }

    Path truststore() {
        return dir.resolve("truststore.p12");
    }

    String storePassword() {
        return secrets.getProperty("TLS_STORE_PASSWORD");
    }

    String password(String user) {
        return secrets.getProperty("SASL_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The SASL/PLAIN users the broker accepts: every {@code user_<name>="<password>"} of broker_jaas.conf. */
    Map<String, String> jaasUsers() throws IOException {
        Map<String, String> users = new LinkedHashMap<>();
        Matcher m = JAAS_USER.matcher(Files.readString(dir.resolve("broker_jaas.conf")));
        while (m.find()) {
            users.put(m.group(1), m.group(2));
        }
        return users;
    }
}
