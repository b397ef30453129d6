package org.sportsdb.stack.validator.stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validator reads and writes through a real SASL_SSL (PLAIN over TLS) listener, with a trust store, as in production. */
class SaslSslStreamTest {

    @Test
    void validatesOverSaslSsl() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "sasl-test-");
        String password = "test-" + System.nanoTime();
        Path keystore = work.resolve("broker.p12");
        Path truststore = work.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=DNS:localhost,IP:127.0.0.1", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        Path cert = work.resolve("broker.crt");
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", cert.toString(), "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-keystore", truststore.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        String appPassword = "app-" + System.nanoTime();
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(1, true),
                KafkaBroker.SaslSslListener.plain(keystore, password, Map.of("app", appPassword))).start()) {
            KafkaIo.createTopics(broker.bootstrap(), List.of("soccer.league"), 1);
            try (KafkaProducer<byte[], byte[]> p = KafkaIo.producer(broker.bootstrap())) {
                p.send(new ProducerRecord<>("soccer.league", TestRecords.good("league").get(0).getBytes(StandardCharsets.UTF_8)));
            }
            StreamSettings s = new StreamSettings(KafkaClientOptions.build(broker.saslSslBootstrap(), "SASL_SSL", "PLAIN", "app",
                    appPassword, truststore.toString(), password, "PKCS12"), StreamSettings.SOURCE_PATTERN,
                    StreamSettings.AVAILABLE_NOW, "earliest", null, true, work.resolve("checkpoint").toString(),
                    DedupWindow.parse("48h"), "validator-sasl-test");
            StreamingQuery q = ValidatorPipeline.start(SharedSpark.get(), s, null);
            assertTrue(q.awaitTermination(180_000), "query did not finish");
            assertTrue(q.exception().isEmpty(), () -> q.exception().get().toString());
            assertEquals(1, KafkaIo.count(broker.bootstrap(), "validated.soccer.league"));
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }
}
