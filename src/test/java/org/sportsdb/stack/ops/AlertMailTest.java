package org.sportsdb.stack.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.ops.alerts.AlertStats;

/**
 * Alert mails from the running application to a real SMTP server (GreenMail): a feed whose API call
 * is given up after its retries sends one mail naming feed, endpoint, error and count; more failures
 * within the window are held back and sent together when it ends.
 */
class AlertMailTest {

    private static final String EPL = "/api/v2/json/livescore/4328";
    private static final Duration WINDOW = Duration.ofSeconds(6);

    private static GreenMail smtp;
    private static ReplayServer api;
    private static Main app;
    private static AlertStats stats;

    @BeforeAll
    static void start() throws Exception {
        smtp = SmtpServer.start();
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        app = TestStack.startApp(OpsTestSettings.alerting(api, smtp.getSmtp().getPort(), "oncall@ops.test, data@team.test",
                Double.toString(WINDOW.toMillis() / 60_000.0)));
        stats = app.getCamelContext().getRegistry().lookupByNameAndType("alertStats", AlertStats.class);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
        smtp.stop();
    }

    @Test
    void oneMailPerFeedPerWindowCarryingTheCountSinceTheLastMail() throws Exception {
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(503).withBody("down")));

        long firstFailure = System.nanoTime();
        try (TopicReader topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            runLiveScore();
            assertEquals(1, topic.readSinceMark().size(), "the feed went on: La Liga's live row is published");
        }
        Eventually.await("the first alert mail, to both recipients", Duration.ofSeconds(60),
                () -> smtp.getReceivedMessages().length == 2);
        assertEquals(1, mails().size());
        MimeMessage first = mails().get(0);
        assertEquals("[sportsdb-stack] feed live-score: 1 API call given up after retries (last: /livescore/4328)", first.getSubject());
        assertEquals("pipeline@sportsdb.test", first.getFrom()[0].toString());
        assertEquals(List.of("oncall@ops.test", "data@team.test"),
                Arrays.stream(first.getAllRecipients()).map(Address::toString).toList());
        String body = GreenMailUtil.getBody(first);
        assertTrue(body.contains("Feed:      live-score"), body);
        assertTrue(body.contains("Endpoint:  /livescore/4328"), body);
        assertTrue(body.contains("503"), "the error names the HTTP status: " + body);
        assertTrue(body.contains("Count:     1 failure since the last mail"), body);

        runLiveScore();
        runLiveScore();
        assertEquals(3, stats.failuresSeen());
        assertEquals(2, stats.failuresHeldBack(), "two failures within the window");
        assertEquals(1, stats.mailsQueued(), "no second mail inside the window");

        Eventually.await("the held-back failures mailed when the window ends", Duration.ofSeconds(30),
                () -> smtp.getReceivedMessages().length == 4);
        long afterMillis = Duration.ofNanos(System.nanoTime() - firstFailure).toMillis();
        assertTrue(afterMillis >= WINDOW.toMillis(), "second mail " + afterMillis + " ms after the first failure");
        assertEquals(2, mails().size());
        MimeMessage second = mails().get(1);
        assertEquals("[sportsdb-stack] feed live-score: 2 API calls given up after retries (last: /livescore/4328)", second.getSubject());
        assertTrue(GreenMailUtil.getBody(second).contains("Count:     2 failures since the last mail"));
        // the server has the message before the client's send returns (end of the SMTP dialogue): the count follows
        Eventually.await("both mails counted as sent", Duration.ofSeconds(30), () -> stats.mailsSent() == 2);
        assertEquals(0, stats.mailsFailed());
    }

    private static void runLiveScore() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
    }

    private static List<MimeMessage> mails() {
        return SmtpServer.mails(smtp);
    }
}
