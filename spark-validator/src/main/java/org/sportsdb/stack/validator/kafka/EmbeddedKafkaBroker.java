package org.sportsdb.stack.validator.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single-node KRaft Kafka broker (broker + controller) in this JVM, on free loopback ports, for the benchmark
 * and the tests. Its version equals the kafka-clients on the classpath (one JVM holds one kafka-clients).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrap;
    private final String saslSslBootstrap;

    /**
     * An extra SASL_SSL listener (PLAIN over TLS), as the production broker has.
     *
     * @param keystore         PKCS12 key store of the broker certificate
     * @param keystorePassword its password (also the key password)
     * @param users            SASL user name to password
     */
    public record SaslSslListener(Path keystore, String keystorePassword, java.util.Map<String, String> users) {
    }

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrap, String saslSslBootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.saslSslBootstrap = saslSslBootstrap;
    }

    /** Formats {@code dataDir} and starts a broker whose auto-created topics get {@code partitions} partitions. */
    public static EmbeddedKafkaBroker start(Path dataDir, int partitions) throws IOException {
        return start(dataDir, partitions, null);
    }

    /** As {@link #start(Path, int)}, plus a SASL_SSL listener when {@code sasl} is not null. */
    public static EmbeddedKafkaBroker start(Path dataDir, int partitions, SaslSslListener sasl) throws IOException {
        return start(dataDir, partitions, sasl, true);
    }

    /**
     * As {@link #start(Path, int, SaslSslListener)}; {@code autoCreateTopics} false makes the broker refuse unknown
     * topics, as the deployed broker does (KAFKA_AUTO_CREATE_TOPICS_ENABLE=false).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int partitions, SaslSslListener sasl, boolean autoCreateTopics)
            throws IOException {
        Files.createDirectories(dataDir);
        int port = freePort();
        int controllerPort = freePort();
        int saslPort = sasl == null ? -1 : freePort();
        String listeners = "PLAINTEXT://127.0.0.1:" + port + (sasl == null ? "" : ",SASL_SSL://127.0.0.1:" + saslPort);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listeners);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        if (sasl != null) {
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            sasl.users().forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
            p.put("ssl.keystore.location", sasl.keystore().toAbsolutePath().toString());
            p.put("ssl.keystore.password", sasl.keystorePassword());
            p.put("ssl.key.password", sasl.keystorePassword());
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.client.auth", "none");
        }
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.put("message.max.bytes", Integer.toString(8 * 1024 * 1024));
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, "embedded KRaft broker");
        }
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(formatLog, true));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + formatLog);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaBroker(server, "127.0.0.1:" + port, sasl == null ? null : "127.0.0.1:" + saslPort);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Bootstrap of the SASL_SSL listener, or null when there is none. */
    public String saslSslBootstrap() {
        return saslSslBootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
