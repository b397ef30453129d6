package org.sportsdb.stack.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.SilentSmtpServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.ops.alerts.AlertStats;

/**
 * An SMTP server that accepts connections and never answers (the worst kind of down): the feed does
 * not wait for it and publishes the other leagues; the mail fails after the SMTP timeout, is counted,
 * and its failure goes into the next mail once a real server (GreenMail) listens on that port again.
 */
class AlertSmtpDownTest {

    private static final String EPL = "/api/v2/json/livescore/4328";
    private static final int SMTP_TIMEOUT_MS = 3000;

    private static SilentSmtpServer silentSmtp;
    private static ReplayServer api;
    private static Main app;
    private static AlertStats stats;
    private static GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        silentSmtp = SilentSmtpServer.start();

        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = OpsTestSettings.alerting(api, silentSmtp.port(), "oncall@ops.test", "0");
        settings.put("alerts.smtp-timeout-ms", Integer.toString(SMTP_TIMEOUT_MS));
        app = TestStack.startApp(settings);
        stats = app.getCamelContext().getRegistry().lookupByNameAndType("alertStats", AlertStats.class);
    }

    @AfterAll
    static void stop() throws IOException {
        app.stop();
        api.close();
        if (smtp != null) {
            smtp.stop();
        }
        silentSmtp.close();
    }

    @Test
    void aSilentSmtpServerNeverHoldsUpTheFeedAndTheLostMailIsCountedIntoTheNext() throws Exception {
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(503).withBody("down")));

        try (TopicReader topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            runLiveScore();
            assertEquals(1, stats.mailsQueued(), "the failure was handed to the mailer");
            assertEquals(0, stats.mailsSent() + stats.mailsFailed(), "the feed finished while the SMTP server was still silent");
            assertEquals(1, topic.readSinceMark().size(), "the next league was still polled and published");
        }
        Eventually.await("the mail to fail after the SMTP timeout", Duration.ofSeconds(SMTP_TIMEOUT_MS / 1000 + 15),
                () -> stats.mailsFailed() == 1);
        assertEquals(0, stats.mailsSent());

        int port = silentSmtp.port();
        silentSmtp.close();
        smtp = SmtpServer.startOn(port);

        runLiveScore();
        Eventually.await("the mail once the server is back", Duration.ofSeconds(60), () -> smtp.getReceivedMessages().length == 1);
        String subject = smtp.getReceivedMessages()[0].getSubject();
        assertEquals("[sportsdb-stack] feed live-score: 2 API calls given up after retries (last: /livescore/4328)", subject,
                "the failure of the lost mail is counted in this one");
        assertTrue(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]).contains("Count:     2 failures since the last mail"));
        // the server has the message before the client's send returns (end of the SMTP dialogue): the count follows
        Eventually.await("the sent mail counted", Duration.ofSeconds(30), () -> stats.mailsSent() == 1);
        assertEquals(1, stats.mailsFailed(), "the lost mail stays counted as failed");
    }

    private static void runLiveScore() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
    }
}
