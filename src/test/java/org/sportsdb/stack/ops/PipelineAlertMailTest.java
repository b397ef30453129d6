package org.sportsdb.stack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.RunGuard;
import org.sportsdb.stack.ops.alerts.AlertKind;
import org.sportsdb.stack.ops.alerts.AlertStats;
import org.sportsdb.stack.ops.alerts.PipelineHealth;

/**
 * Alert mails of the parts beyond the feeds, from the running application to GreenMail, through the one alert
 * path and its no-storm window: a failed triage run, a warehouse that does not answer, the validator's lag and
 * its stalled query (read from a checkpoint in Spark's layout against a real broker), runs the feeds' run guard skipped.
 */
class PipelineAlertMailTest {

    private static final Duration WINDOW = Duration.ofSeconds(6);
    private static final String SUBJECT = "[sportsdb-stack] ";

    private static GreenMail smtp;
    private static ReplayServer api;
    private static Main app;
    private static AlertStats stats;
    private static Path work;
    private static Path checkpoint;
    private static String sourceTopic;

    @BeforeAll
    static void start() throws Exception {
        smtp = SmtpServer.start();
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        work = Files.createDirectories(Path.of("target", "pipeline-alerts-" + ProcessHandle.current().pid()));
        // the validator's source: a topic of its own with 5 records; its checkpoint committed batch 0 up to offset 2
        sourceTopic = "soccer.alerttest." + UUID.randomUUID().toString().substring(0, 8);
        PipelineFixtures.topicWithRecords(sourceTopic, 5);
        checkpoint = work.resolve("validator-checkpoint");
        PipelineFixtures.committedBatch(checkpoint, 0, sourceTopic, 2, Instant.now().minus(Duration.ofMinutes(30)));

        Map<String, String> settings = OpsTestSettings.alerting(api, smtp.getSmtp().getPort(), "oncall@ops.test",
                Double.toString(WINDOW.toMillis() / 60_000.0));
        // a warehouse nobody listens on
        settings.put("warehouse.enabled", "true");
        settings.put("warehouse.jdbc.url", "jdbc:clickhouse://127.0.0.1:" + KafkaBroker.freePort() + "/dw");
        settings.put("warehouse.jdbc.user", "default");
        settings.put("warehouse.start.retry-delay-ms", "1000");
        settings.put("alerts.check-interval-ms", "200");
        settings.put("alerts.warehouse.unreachable-minutes", "0.02");
        settings.put("alerts.validator.checkpoint-dir", checkpoint.toString());
        settings.put("alerts.validator.source-pattern", sourceTopic.replace(".", "\\."));
        settings.put("alerts.validator.max-lag-records", "2");
        settings.put("alerts.validator.stall-minutes", "10");
        // triage writes under a path that is a file: every run fails
        Path notAFolder = work.resolve("triage-root-is-a-file");
        Files.writeString(notAFolder, "not a folder");
        settings.put("triage.root", notAFolder.toString());
        settings.put("triage.enabled", "false");
        app = TestStack.startApp(settings);
        stats = app.getCamelContext().getRegistry().lookupByNameAndType("alertStats", AlertStats.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        api.close();
        smtp.stop();
    }

    @Test
    void anUnreachableWarehouseIsMailedOncePerWindowWhileItLasts() throws Exception {
        // the check fails every 200 ms; after 1.2 s each failed check raises the alert: one mail now, the rest held
        // back and mailed together when the window ends, then again one window later while it lasts
        Eventually.await("two warehouse mails", Duration.ofSeconds(40), () -> mailsStartingWith("warehouse unreachable").size() >= 2);
        List<MimeMessage> mails = mailsStartingWith("warehouse unreachable");
        MimeMessage first = mails.get(0);
        String body = GreenMailUtil.getBody(first);
        assertTrue(body.contains("Warehouse: jdbc:clickhouse://127.0.0.1:"), body);
        assertTrue(body.contains("Check:     unreachable since "), body);
        assertTrue(body.contains("Error:"), body);
        String second = GreenMailUtil.getBody(mails.get(1));
        assertTrue(second.matches("(?s).*Count:     [0-9]+ failed checks since the last mail for this warehouse.*"), second);
        // No storm: the check fails every 200 ms, so a storm shows gaps of 0-1 s. Sent dates have whole seconds and are
        // stamped on the mail thread: a mail the loaded machine sent late shortens the next gap (seen at 4 s of a 6 s
        // window under load), while the window itself is counted from when the alert was raised. Half a window between
        // sent dates separates the two.
        for (int i = 1; i < mails.size(); i++) {
            Duration gap = Duration.between(mails.get(i - 1).getSentDate().toInstant(), mails.get(i).getSentDate().toInstant());
            assertTrue(gap.compareTo(WINDOW.dividedBy(2)) >= 0, "mail " + i + " " + gap + " after the previous one (window " + WINDOW + ")");
        }
        assertTrue(stats.failuresSeen(AlertKind.WAREHOUSE_UNREACHABLE) >= mails.size(), "each mail carries failed checks");
        PipelineHealth health = app.getCamelContext().getRegistry().lookupByNameAndType("pipelineHealth", PipelineHealth.class);
        assertEquals(0, health.getWarehouseReachable());
        assertTrue(health.getWarehouseUnreachableSeconds() > 1);
    }

    @Test
    void theValidatorsLagAndItsStalledQueryAreMailed() throws Exception {
        Eventually.await("the validator lag mail", Duration.ofSeconds(30), () -> !mailsStartingWith("validator lag").isEmpty());
        MimeMessage lag = mailsStartingWith("validator lag").get(0);
        assertEquals(SUBJECT + "validator lag: 3 records behind (limit 2)", lag.getSubject());
        assertTrue(GreenMailUtil.getBody(lag).contains("last batch 0 committed"), GreenMailUtil.getBody(lag));
        PipelineHealth health = app.getCamelContext().getRegistry().lookupByNameAndType("pipelineHealth", PipelineHealth.class);
        assertEquals(3, health.getValidatorLagRecords());
        assertTrue(health.getValidatorLastCommitAgeSeconds() >= 30 * 60, "committed 30 min ago");
        // records wait and the last batch is older than alerts.validator.stall-minutes (10)
        Eventually.await("the validator down mail", Duration.ofSeconds(30), () -> !mailsStartingWith("validator query down").isEmpty());
        MimeMessage down = mailsStartingWith("validator query down").get(0);
        assertTrue(down.getSubject().startsWith(SUBJECT + "validator query down: no batch committed for 30 min with 3 records waiting"), down.getSubject());
    }

    @Test
    void aFailedTriageRunIsMailed() throws Exception {
        PipelineFixtures.send("rejected.soccer.league", 1);
        ProducerTemplate template = app.getCamelContext().createProducerTemplate();
        assertThrows(CamelExecutionException.class, () -> template.requestBody("direct:triage", (Object) null));
        Eventually.await("the triage mail", Duration.ofSeconds(60), () -> !mailsStartingWith("triage:").isEmpty());
        MimeMessage mail = mailsStartingWith("triage:").get(0);
        assertTrue(mail.getSubject().startsWith(SUBJECT + "triage: 1 run failed (last: "), mail.getSubject());
        String body = GreenMailUtil.getBody(mail);
        assertTrue(body.contains("Job:       triage"), body);
        assertTrue(body.contains("Trigger:"), body);
        assertTrue(body.contains("Count:     1 failed run since the last mail"), body);
    }

    @Test
    void aSkippedFeedRunIsMailed() throws Exception {
        // the feeds' run guard (direct:feed-run's bean): a run of player goes on; two more are skipped
        RunGuard runs = app.getCamelContext().getRegistry().lookupByNameAndType("runGuard", RunGuard.class);
        Exchange going = run("player");
        assertTrue(runs.begin(going));
        try {
            assertFalse(runs.begin(run("player")));
            assertFalse(runs.begin(run("player")));
        } finally {
            runs.end(going);
        }
        Eventually.await("the skipped-run mail", Duration.ofSeconds(60), () -> !mailsStartingWith("feed player").isEmpty());
        MimeMessage mail = mailsStartingWith("feed player").get(0);
        assertEquals(SUBJECT + "feed player: 1 run skipped, the previous one still running", mail.getSubject());
        assertTrue(GreenMailUtil.getBody(mail).matches("(?s).*Run:       previous run started 20[0-9-]+T[0-9:.]+Z still running.*"),
                GreenMailUtil.getBody(mail));
        Eventually.await("the second skip mailed when the window ends", Duration.ofSeconds(30),
                () -> mailsStartingWith("feed player: 1 run skipped").size() == 2);
        assertEquals(2, stats.failuresSeen(AlertKind.FEED_RUN_SKIPPED));
    }

    private static Exchange run(String feed) {
        Exchange exchange = new DefaultExchange(app.getCamelContext());
        exchange.setProperty(RunGuard.RUN_FEED, feed);
        return exchange;
    }

    /** Mails whose subject starts with the prefix and this text (GreenMail keeps one copy per recipient: one recipient here). */
    private static List<MimeMessage> mailsStartingWith(String text) {
        return SmtpServer.mails(smtp).stream().filter(m -> {
            try {
                return m.getSubject().startsWith(SUBJECT + text);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
