package org.sportsdb.stack.validator.security;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.security.BrokerTlsMaterial;
import org.sportsdb.stack.validator.kafka.KafkaIo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed validator job ({@link org.sportsdb.stack.validator.ValidatorJob} in a JVM of its own, configured only
 * by the KAFKA_* / VALIDATOR_* environment variables as in compose) reads soccer.* and writes validated.* /
 * rejected.* through the broker's SASL_SSL listener, with the material of make-certs.sh, as user {@code validator},
 * hostname verification on (SAN IP:127.0.0.1).
 */
class ValidatorJobOverSaslSslTest {

    @Test
    void theValidatorJobReadsAndWritesOverSaslSsl() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "sasl-validator-");
        BrokerTlsMaterial tls = BrokerTlsMaterial.generate(work.resolve("tls"), "127.0.0.1");
        List<String> good = TestRecords.good("league");
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(1, true),
                tls.listener()).start()) {
            try (KafkaProducer<byte[], byte[]> producer = KafkaIo.producer(broker.bootstrap())) {
                for (String record : good) {
                    producer.send(new ProducerRecord<>("soccer.league", record.getBytes(StandardCharsets.UTF_8)));
                }
                producer.send(new ProducerRecord<>("soccer.league", "not json".getBytes(StandardCharsets.UTF_8)));
            }

            Map<String, String> env = Map.of(
                    "KAFKA_BOOTSTRAP", broker.saslSslBootstrap(),
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SASL_MECHANISM", "PLAIN",
                    "KAFKA_SASL_USERNAME", "validator",
                    "KAFKA_SASL_PASSWORD", tls.password("validator"),
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", tls.truststore().toAbsolutePath().toString(),
                    "KAFKA_SSL_TRUSTSTORE_PASSWORD", tls.storePassword(),
                    "VALIDATOR_TRIGGER_INTERVAL", "available-now",
                    "VALIDATOR_CHECKPOINT_DIR", work.resolve("checkpoint").toAbsolutePath().toString(),
                    "VALIDATOR_METRICS_PORT", "-1");
            Path log = work.resolve("validator.log");
            int exit = runValidatorJob(env, log);

            assertEquals(0, exit, () -> "validator job failed: " + tail(log));
            assertTrue(Files.readString(log).contains("SASL_SSL"), "the job ran with the SASL_SSL settings");
            assertEquals(good.size(), KafkaIo.count(broker.bootstrap(), "validated.soccer.league"), "every good record validated");
            assertEquals(1, KafkaIo.count(broker.bootstrap(), "rejected.soccer.league"), "the bad record rejected");
        }
        // passed: the throw-away keys and passwords go (a failed run keeps them in target/tmp for a look)
        try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** {@code java @jvm-flags.txt -cp <test class path> ValidatorJob} with only the given KAFKA_* / VALIDATOR_* settings. */
    private static int runValidatorJob(Map<String, String> env, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@jvm-flags.txt", "-Xmx768m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.sportsdb.stack.validator.ValidatorJob"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("VALIDATOR_") || k.startsWith("SPARK_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("validator job did not finish within 4 minutes: " + tail(log));
        }
        return p.exitValue();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
