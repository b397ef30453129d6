package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.ops.alerts.PipelineHealth;

/** Rows the warehouse (the embedded ClickHouse engine) refuses are mailed, through the application's one alert path, to GreenMail. */
class WarehouseAlertMailTest {

    private GreenMail smtp;
    private EmbeddedWarehouse engine;
    private Main app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (engine != null) {
            engine.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void refusedRowsAreMailed() throws Exception {
        smtp = SmtpServer.start();
        engine = EmbeddedWarehouse.start();
        Map<String, String> settings = new EngineWarehouse(engine).appSettings(EngineWarehouse.MIGRATIONS, true, "warehouse-alert-test-" + UUID.randomUUID());
        SmtpServer.alertsTo(settings, smtp.getSmtp().getPort(), "oncall@ops.test");
        settings.put("alerts.check-interval-ms", "200");
        app = TestStack.startApp(settings);

        String run = UUID.randomUUID().toString().substring(0, 8);
        // ingested_at in year 318857: the server cannot parse it as DateTime64 (Code: 41), a row genuinely at fault
        send("validated.soccer.event", run + "-bad", "{\"idEvent\":\"" + run + "-bad\",\"strSport\":\"Soccer\",\"payload_hash\":\"h\",\"ingested_at\":10000000000000}");

        Eventually.awaitValue("a refused-rows mail (subjects of the mails received)", Duration.ofSeconds(60),
                () -> Arrays.stream(smtp.getReceivedMessages()).map(WarehouseAlertMailTest::subject).toList(),
                subjects -> subjects.stream().anyMatch(s -> s.contains("warehouse:")));
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> subject(m).contains("warehouse:")).findFirst().orElseThrow();
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
