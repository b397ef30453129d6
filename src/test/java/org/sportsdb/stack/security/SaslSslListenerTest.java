package org.sportsdb.stack.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.kafka.KafkaClientSettings;

/**
 * The deployed broker's external listener, for real: make-certs.sh material (CA, broker certificate
 * with SAN IP:127.0.0.1, key store, CA-only trust store, JAAS users), a KRaft broker with a SASL_SSL
 * listener on 127.0.0.1 and the deployment's authorisation (StandardAuthorizer, super users of
 * .env.example, read-only ACLs from provision-kafka.sh), the application publishing through it only,
 * and clients with hostname verification on (Kafka's default, never switched off here).
 */
class SaslSslListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "soccer.live_score";

    private static Path work;
    private static BrokerTlsMaterial tls;
    private static BrokerTlsMaterial otherCa;
    private static KafkaBroker broker;
    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("sasl-ssl-");
        tls = BrokerTlsMaterial.generate(work.resolve("tls"), "127.0.0.1");
        otherCa = BrokerTlsMaterial.generate(work.resolve("other-ca"), "127.0.0.1");
        broker = new KafkaBroker(work.resolve("kafka"), 0, authorisationAsDeployed(), tls.listener()).start();
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        app = TestStack.startApp(appSettings(tls.password("app")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (api != null) {
            api.close();
        }
        if (broker != null) {
            broker.close();
        }
        deleteRecursively(work);
    }

    @Test
    void theAppPublishesAndAClientConsumesOverSaslSsl() {
        Map<String, Long> published = new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
        long count = published.getOrDefault(TOPIC, 0L);
        assertTrue(count >= 5, "the replay corpus has live matches: " + published);

        List<ConsumerRecord<String, String>> records = TopicContents.read(
                clientProperties(tls.clientSettings(broker.saslSslBootstrap(), "validator", tls.password("validator"))), TOPIC);

        assertEquals(count, records.size(), "every record the app published is read back over SASL_SSL");
        TreeSet<String> keys = new TreeSet<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value = parse(record.value());
            assertEquals(record.key(), value.path("idLiveScore").asText(), "key = idLiveScore");
            assertTrue(value.path("ingested_at").isNumber(), "ingested_at is an epoch-seconds number: " + record.value());
            keys.add(record.key());
        }
        assertEquals(count, keys.size(), "each live row once");
    }

    @Test
    void aClientTrustingAnotherCaIsRefused() {
        Map<String, String> settings = tls.clientSettings(broker.saslSslBootstrap(), "validator", tls.password("validator"));
        settings.put("kafka.ssl.truststore.location", otherCa.truststore().toString());
        settings.put("kafka.ssl.truststore.password", otherCa.storePassword());

        assertInstanceOf(SslAuthenticationException.class, refusal(settings));
    }

    @Test
    void aHostNameOutsideTheCertificateIsRefused() {
        // the certificate names IP:127.0.0.1 only: the same listener reached as "localhost" must fail hostname verification
        String asLocalhost = broker.saslSslBootstrap().replace("127.0.0.1", "localhost");
        Throwable refused = refusal(tls.clientSettings(asLocalhost, "validator", tls.password("validator")));

        assertInstanceOf(SslAuthenticationException.class, refused);
    }

    @Test
    void aWrongPasswordIsRefused() {
        Throwable refused = refusal(tls.clientSettings(broker.saslSslBootstrap(), "validator", tls.password("app")));

        assertInstanceOf(SaslAuthenticationException.class, refused);
        assertTrue(refused.getMessage().contains("Invalid username or password"), refused.getMessage());
    }

    @Test
    void theAppRefusesToStartWithAWrongPasswordAndSaysWhy() {
        Exception refused = assertThrows(Exception.class, () -> TestStack.startApp(appSettings("not-the-password")).stop());

        assertTrue(causes(refused).stream().anyMatch(SaslAuthenticationException.class::isInstance),
                "refused for its credentials: " + refused);
        assertTrue(refused.getMessage().contains("topic provisioning failed") && refused.getMessage().contains("Authentication failed"),
                "the error says what failed: " + refused.getMessage());
    }

    @Test
    void theReadOnlyUserReadsValidatedTopicsWithItsOwnGroupsOnly() throws Exception {
        String readOnly = deploymentSetting("KAFKA_READONLY_USERS");
        assertEquals("clickpipes", readOnly, "the deployment's read-only user");
        ReadOnlyAcls.grant(broker.bootstrap(), readOnly, work);
        String validated = "validated.soccer.team";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(clientProperties(
                tls.clientSettings(broker.saslSslBootstrap(), "validator", tls.password("validator"))), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(validated, "133604", "{\"idTeam\":\"133604\"}")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> clickpipes = clientProperties(tls.clientSettings(broker.saslSslBootstrap(), "clickpipes", tls.password("clickpipes")));

        assertEquals(List.of("133604"), TopicContents.read(clickpipes, validated).stream().map(ConsumerRecord::key).toList(),
                "the read-only user reads validated.soccer.*");
        assertThrows(TopicAuthorizationException.class, () -> TopicContents.read(clickpipes, TOPIC), "but not the raw soccer.* topics");
        commitOffset(clickpipes, "clickpipes-warehouse", validated);
        assertThrows(GroupAuthorizationException.class, () -> commitOffset(clickpipes, "warehouse", validated),
                "consumer groups must start with the user's name");
    }

    /** The broker's authorisation as infra/docker-compose.yaml sets it, with the super users of .env.example. */
    private static Map<String, String> authorisationAsDeployed() throws IOException {
        return Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", deploymentSetting("KAFKA_SUPER_USERS"),
                "allow.everyone.if.no.acl.found", "false");
    }

    private static String deploymentSetting(String name) throws IOException {
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("project.root", "."), "infra", ".env.example"))) {
            env.load(in);
        }
        return env.getProperty(name);
    }

    private static void commitOffset(Map<String, Object> clientProperties, String group, String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)), Duration.ofSeconds(30));
        }
    }

    /** The app's settings: TestStack's, with the broker's SASL_SSL listener as its only Kafka address. */
    private static Map<String, String> appSettings(String password) {
        Map<String, String> settings = new HashMap<>(TestStack.settings(api.baseUrl()));
        settings.putAll(tls.clientSettings(broker.saslSslBootstrap(), "app", password));
        return settings;
    }

    /** Client properties from the application's own settings code, as its consumers and admin clients get them. */
    private static Map<String, Object> clientProperties(Map<String, String> settings) {
        return new KafkaClientSettings(settings::get).clientProperties();
    }

    /** Why the listener refused a client with these settings (an admin call must fail). */
    private static Throwable refusal(Map<String, String> settings) {
        try (Admin admin = Admin.create(clientProperties(settings))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS));
            return e.getCause();
        }
    }

    /** The throw-away keys, passwords and broker data go with the test. */
    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
