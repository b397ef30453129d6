package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.ops.alerts.PipelineHealth;

/** Rows the warehouse (a real H2 server) refuses are mailed, through the application's one alert path, to GreenMail. */
class WarehouseAlertMailTest {

    private final Path dbDir = H2Warehouse.scratchDir();
    private final int dbPort = KafkaBroker.freePort();
    private final H2Warehouse db = new H2Warehouse("jdbc:h2:tcp://127.0.0.1:" + dbPort + "/wh");
    private GreenMail smtp;
    private Server dbServer;
    private Main app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (dbServer != null) {
            dbServer.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void refusedRowsAreMailed() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        dbServer = Server.createTcpServer("-tcpPort", Integer.toString(dbPort), "-baseDir", dbDir.toAbsolutePath().toString(), "-ifNotExists").start();
        Map<String, String> settings = db.appSettings(H2Warehouse.TEST_MIGRATIONS, true, "warehouse-alert-test-" + UUID.randomUUID());
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", Integer.toString(smtp.getSmtp().getPort()));
        settings.put("alert.from", "pipeline@sportsdb.test");
        settings.put("alert.to", "oncall@ops.test");
        settings.put("alerts.check-interval-ms", "200");
        // H2 stands in for ClickHouse: its "data conversion error" (22018) is about the row, like ClickHouse's data codes
        settings.put("warehouse.errors.data-codes", WarehouseErrorCodes.DEFAULT_DATA_CODES + ",22018");
        app = TestStack.startApp(settings);

        String run = UUID.randomUUID().toString().substring(0, 8);
        send("validated.soccer.event", run + "-typo", "{\"idEvent\":\"" + run + "-typo\",\"intRound\":\"round three\",\"payload_hash\":\"h\",\"ingested_at\":1767225600}");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        MimeMessage mail = null;
        while (mail == null && System.nanoTime() < deadline) {
            mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains("warehouse:")).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertTrue(mail != null, "no refused-rows mail within 60 s; mails: "
                + Arrays.stream(smtp.getReceivedMessages()).map(WarehouseAlertMailTest::subject).toList());
        // the test's group reads the topic from the beginning: rows other tests left refused are refused again
        assertTrue(subject(mail).matches("\\[sportsdb-stack] warehouse: [0-9]+ rows? refused"), subject(mail));
        String body = GreenMailUtil.getBody(mail);
        assertTrue(body.contains("Where:     raw tables (rejected.warehouse.soccer.*)"), body);
        assertTrue(body.contains("warehouse.error"), body);
        assertEquals(1, app.getCamelContext().getRegistry().lookupByNameAndType("pipelineHealth", PipelineHealth.class).getWarehouseReachable(),
                "the warehouse answers the checks");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestStack.broker().bootstrap());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }
}
