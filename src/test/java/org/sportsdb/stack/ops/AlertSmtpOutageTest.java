package org.sportsdb.stack.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.Management;
import org.sportsdb.stack.dev.MetricsText;
import org.sportsdb.stack.dev.SilentSmtpServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.ops.alerts.AlertKind;
import org.sportsdb.stack.ops.alerts.AlertStats;
import org.sportsdb.stack.ops.alerts.Alerts;

/**
 * A long SMTP outage, no window (every failure wants a mail of its own): an SMTP server that accepts connections
 * and never answers, and a storm of alerts raised through the alert bean, more than any queue of mails holds, then
 * feed runs whose API calls are given up. Neither the raising thread nor the feed waits for the SMTP server; the mails
 * that did not go out are counted (failed, or dropped when the mailer's queue was full) and exported, and once a real
 * server (GreenMail) listens on that port again, the next mail of each source counts every failure since its last
 * mail and says how many of them were in mails that did not go out.
 */
class AlertSmtpOutageTest {

    private static final String EPL = "/api/v2/json/livescore/4328";
    private static final int SMTP_TIMEOUT_MS = 5000;
    /** More alerts than Camel's default thread pool queues (1000): what a day-long outage raises. */
    private static final int STORM = 1100;
    private static final int FEED_RUNS = 3;
    private static final String SOURCE = "outage-test";

    private static SilentSmtpServer silentSmtp;
    private static ReplayServer api;
    private static Main app;
    private static AlertStats stats;
    private static Alerts alerts;
    private static GreenMail smtp;
    private static final Management management = new Management();

    @BeforeAll
    static void start() throws Exception {
        silentSmtp = SilentSmtpServer.start();

        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = OpsTestSettings.alerting(api, silentSmtp.port(), "oncall@ops.test", "0");
        settings.put("alerts.smtp-timeout-ms", Integer.toString(SMTP_TIMEOUT_MS));
        management.enableIn(settings);
        app = TestStack.startApp(settings);
        stats = app.getCamelContext().getRegistry().lookupByNameAndType("alertStats", AlertStats.class);
        alerts = app.getCamelContext().getRegistry().lookupByNameAndType("alerts", Alerts.class);
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.stop();
        }
        api.close();
        if (smtp != null) {
            smtp.stop();
        }
        closeSilentServer();
    }

    @Test
    void aLongOutageNeverHoldsUpWhoRaisesAndTheNextMailCountsWhatDidNotGoOut() throws Exception {
        // the storm: raising only counts and hands over; a caller that sent a mail itself would wait the SMTP timeout
        long stormStart = System.nanoTime();
        for (int i = 0; i < STORM; i++) {
            long start = System.nanoTime();
            alerts.raise(AlertKind.WAREHOUSE_REFUSED_ROWS, SOURCE, "raw_outage", "Code: 27. Cannot parse input", 1);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < SMTP_TIMEOUT_MS / 2, "alert " + (i + 1) + " of " + STORM + " took " + millis
                    + " ms to raise: the raising thread waited for the SMTP server (mails queued " + stats.mailsQueued() + ")");
        }
        long stormMillis = Duration.ofNanos(System.nanoTime() - stormStart).toMillis();
        assertTrue(stormMillis < SMTP_TIMEOUT_MS, STORM + " alerts took " + stormMillis + " ms to raise");
        assertEquals(0, stats.mailsSent() + stats.mailsFailed(), "the first mail is still waiting for the silent server");
        assertEquals(STORM, stats.mailsQueued() + stats.mailsDropped(), "every mail queued or dropped, none sent by the raising thread");
        assertTrue(stats.mailsDropped() > 0, "a full queue drops mails (their failures go into the next mail)");

        // the feed, its EPL call given up after its retry: an alert on the feed's own thread, with the mailer's queue full
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(503).withBody("down")));
        for (int run = 0; run < FEED_RUNS; run++) {
            try (TopicReader topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
                long start = System.nanoTime();
                runLiveScore();
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(millis < SMTP_TIMEOUT_MS, "feed run " + (run + 1) + " took " + millis + " ms with the SMTP server silent");
                assertEquals(1, topic.readSinceMark().size(), "the next league was still polled and published");
            }
        }
        assertEquals(FEED_RUNS, stats.failuresSeen(AlertKind.API_GIVE_UP));
        assertEquals(STORM + FEED_RUNS, stats.mailsQueued() + stats.mailsDropped());
        assertEquals(0, stats.mailsSent());

        // the server gone altogether: the mail it held and every queued one fail, counted
        closeSilentServer();
        Eventually.await("every queued mail to fail", Duration.ofSeconds(SMTP_TIMEOUT_MS / 1000 + 20),
                () -> stats.mailsFailed() == stats.mailsQueued());
        long failed = stats.mailsFailed();
        long dropped = stats.mailsDropped();
        assertTrue(failed >= 1, "the mail the silent server held failed");
        MetricsText during = management.scrapeUntil("the mails not sent", m -> mails(m, "failed") == failed
                && mails(m, "dropped") == dropped);
        assertEquals(0, mails(during, "sent"));

        // a server again: the next failure of each source brings one mail with everything since its last mail
        smtp = SmtpServer.startOn(silentSmtp.port());
        alerts.raise(AlertKind.WAREHOUSE_REFUSED_ROWS, SOURCE, "raw_outage", "Code: 27. Cannot parse input", 1);
        runLiveScore();
        Eventually.await("one mail per source once the server is back", Duration.ofSeconds(60), () -> mails().size() == 2);
        Map<String, String> bodies = new LinkedHashMap<>();
        for (MimeMessage m : mails()) {
            bodies.put(m.getSubject(), GreenMailUtil.getBody(m));
        }
        String storm = bodies.get("[sportsdb-stack] warehouse: " + (STORM + 1) + " rows refused");
        assertTrue(storm != null, "the storm's mail counts every refused row: " + bodies.keySet());
        assertTrue(storm.contains("Count:     " + (STORM + 1) + " refused rows since the last mail"), storm);
        assertTrue(storm.contains("Unsent:    " + STORM + " of them in mails that did not go out"), storm);
        String feed = bodies.get("[sportsdb-stack] feed live-score: " + (FEED_RUNS + 1) + " API calls given up after retries (last: /livescore/4328)");
        assertTrue(feed != null, "the feed's mail counts every call given up: " + bodies.keySet());
        assertTrue(feed.contains("Unsent:    " + FEED_RUNS + " of them in mails that did not go out"), feed);

        Eventually.await("both mails counted as sent", Duration.ofSeconds(30), () -> stats.mailsSent() == 2);
        assertEquals(failed, stats.mailsFailed(), "no mail failed once the server was back");
        assertEquals(dropped, stats.mailsDropped());
        management.scrapeUntil("the mails sent", m -> mails(m, "sent") == 2);
    }

    private static void runLiveScore() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
    }

    private static void closeSilentServer() throws IOException {
        silentSmtp.close();
    }

    private static List<MimeMessage> mails() {
        return SmtpServer.mails(smtp);
    }

    /** sportsdb_alert_mails_total{outcome} in a scrape; -1 when the sample is not there. */
    private static double mails(MetricsText scrape, String outcome) {
        return scrape.value("sportsdb_alert_mails_total", "outcome", outcome).orElse(-1);
    }
}
