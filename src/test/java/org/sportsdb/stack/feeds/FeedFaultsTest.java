package org.sportsdb.stack.feeds;

import org.sportsdb.stack.dev.LogLines;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.admin.Admin;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicProvisioner;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/**
 * The nightly feeds under faults scripted on the replay server, against the real broker:
 * a call that fails is a failure everywhere (waiting feeds told at once, never an empty answer),
 * retried once at the run level, never published as a partial record; runs never overlap.
 * Leagues 4328 and 4480; 3 attempts per call; the run-level retry 1.2 s after a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedFaultsTest {

    private static final String API = "/api/v2/json";
    private static final String EPL_SCHEDULE = "/schedule/league/4328/2026-2027";
    private static final int ATTEMPTS = 3;
    private static final int FAULT_PRIORITY = 2;

    private static ReplayServer api;
    private static Main app;
    private static FeedCounters counters;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "faults");
        settings.put("sportsdb.api.max-retries", Integer.toString(ATTEMPTS - 1));
        settings.put("feeds.leagues", "4328,4480");
        settings.put("feeds.reuse-wait-minutes", "5");  // far above the 2 min the test allows both runs
        settings.put("feeds.retry-after-minutes", "0.02");
        settings.put("feeds.progress-seconds", "0");
        settings.put("feeds.player.leagues", "4480");
        settings.put("feeds.player.max-teams", "1");
        settings.put("feeds.player.max-players", "3");
        settings.put("feeds.live-score.leagues", "4328");
        // a record for a topic that does not exist fails after this long (the broker creates no topics)
        settings.put("camel.component.kafka.max-block-ms", "300");
        app = TestStack.startApp(settings);
        counters = app.getCamelContext().getRegistry().lookupByNameAndType("feedCounters", FeedCounters.class);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @BeforeEach
    void forgetRequests() {
        api.wireMock().resetRequests();
        // each test is a night of its own: no answer (or failure) a feed got in another test is reused (feeds.reuse-minutes)
        app.getCamelContext().getRegistry().lookupByNameAndType("apiAnswers", ReusedApiAnswers.class).forgetAll();
    }

    @AfterEach
    void removeFaults() {
        api.removeScriptedFaults(FAULT_PRIORITY);
    }

    @Test
    void aFeedWaitingForACallThatGaveUpIsToldAtOnceAndGoesOn() throws Exception {
        fault(EPL_SCHEDULE, aResponse().withStatus(500).withFixedDelay(300).withBody("Server Error"));
        long failedBefore = counters.get("schedule", "calls_failed") + counters.get("event", "calls_failed");
        try (LogLines log = new LogLines();
                TopicReader schedules = new TopicReader(TestStack.broker().bootstrap(), "soccer.schedule");
                TopicReader events = new TopicReader(TestStack.broker().bootstrap(), "soccer.event")) {
            // as at midnight: both nightly feeds start together and ask for the same schedules
            assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
                CompletableFuture<Map<String, Long>> schedule = CompletableFuture.supplyAsync(() -> runOnce("schedule"));
                CompletableFuture<Map<String, Long>> event = CompletableFuture.supplyAsync(() -> runOnce("event"));
                CompletableFuture.allOf(schedule, event).join();
            }, "a feed waited for an answer that was never coming (feeds.reuse-wait-minutes)");

            Set<String> champions = ids(Corpus.rows("schedule/league/4480/2026-2027"));
            assertEquals(champions, Corpus.byKey(schedules.readSinceMark()).keySet(), "the other league's schedule is published");
            assertEquals(champions, Corpus.byKey(events.readSinceMark()).keySet(), "and its events looked up");
            assertEquals(3 * ATTEMPTS, requests(EPL_SCHEDULE),
                    "asked once in the first runs (the other feed took that failure), then by each feed's run-level retry: a retry asks the API again");
            assertEquals(3, log.containing("gave up on " + EPL_SCHEDULE + " after " + ATTEMPTS + " attempts, last error: RetryableApiException: HTTP 500",
                    "skipped: schedule league of 4328/2026-2027").size());
            assertEquals(1, log.containing(": skipped: schedule league of 4328/2026-2027 failed (").size(), "the feed that waited, in its run only");
            assertEquals(1, log.containing("feed schedule: reported: schedule league of 4328/2026-2027 failed again in the run-level retry").size());
            assertEquals(1, log.containing("feed event: reported: schedule league of 4328/2026-2027 failed again in the run-level retry").size());
            assertEquals(1, log.containing("feed schedule: run done in", ": 1 calls failed, 1 of them retried once at").size());
            assertEquals(1, log.containing("feed event: run done in", ": 1 calls failed, 1 of them retried once at").size());
        }
        assertEquals(failedBefore + 4, counters.get("schedule", "calls_failed") + counters.get("event", "calls_failed"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"html page", "http 400", "truncated json"})
    void aRejectedAnswerIsAFailureForEveryFeedNeverAnEmptyAnswerAndTheRunLevelRetryGetsIt(String fault) throws Exception {
        ResponseDefinitionBuilder answer = switch (fault) {
            case "html page" -> aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>");
            case "http 400" -> aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"Message\":\"Invalid League ID\"}");
            default -> aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"schedule\":[{\"idEvent\":\"2494000\",\"strEv");
        };
        faultOnce(EPL_SCHEDULE, answer);
        Set<String> all = new TreeSet<>(ids(Corpus.rows("schedule/league/4480/2026-2027")));
        all.addAll(ids(Corpus.rows(EPL_SCHEDULE.substring(1))));
        try (LogLines log = new LogLines();
                TopicReader schedules = new TopicReader(TestStack.broker().bootstrap(), "soccer.schedule");
                TopicReader events = new TopicReader(TestStack.broker().bootstrap(), "soccer.event")) {
            Map<String, Long> published = runOnce("schedule", "event");

            assertEquals(all, Corpus.byKey(schedules.readSinceMark()).keySet(), "every scheduled event, 19 of them by the run-level retry");
            assertEquals(all, Corpus.byKey(events.readSinceMark()).keySet());
            assertEquals(Map.of("soccer.schedule", (long) all.size(), "soccer.event", (long) all.size()), published);
            assertEquals(2, requests(EPL_SCHEDULE), "the rejected answer, then the schedule feed's retry; the event feed reused both");
            assertEquals(1, log.containing("feed event: skipped: schedule league of 4328/2026-2027 failed (" + EPL_SCHEDULE + ": feed schedule: answer rejected").size(),
                    "the event feed did not take the rejected answer for an empty schedule");
            assertEquals(0, log.containing("reported:").size());
        }
    }

    @Test
    void aPlayerWhoseLookupFailedIsNotPublishedWithAnEmptyLookup() throws Exception {
        fault("/lookup/player/34148681", aResponse().withStatus(503));
        faultOnce("/lookup/player/34159218", aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>"));
        try (LogLines log = new LogLines(); TopicReader players = new TopicReader(TestStack.broker().bootstrap(), "soccer.player")) {
            runOnce("player");

            Map<String, JsonNode> written = Corpus.byKey(players.readSinceMark());
            assertEquals(Set.of("34145406", "34159218"), written.keySet(), "34148681's lookup failed twice: not published at all");
            assertEquals(Corpus.rows("lookup/player/34159218").get(0), written.get("34159218").get("lookup_player"),
                    "the lookup rejected in the run got its answer in the run-level retry");
            assertEquals(0, written.get("34145406").get("lookup_player").size(), "\"No data found\" is still an empty lookup");
            assertEquals(2 * ATTEMPTS, requests("/lookup/player/34148681"));
            assertEquals(1, log.containing("feed player: reported: player of 34148681 failed again in the run-level retry (/lookup/player/34148681: RetryableApiException: HTTP 503").size());
        }
    }

    @Test
    void aRunThatFiresWhileTheFeedsPreviousRunIsGoingIsSkippedAndCounted() throws Exception {
        fault("/livescore/4328", aResponse().withStatus(200).withFixedDelay(2000).withHeader("Content-Type", "application/json")
                .withBody(java.nio.file.Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4328.json"))));
        long skippedBefore = counters.get("live-score", "skipped_run_still_running");
        try (LogLines log = new LogLines()) {
            CompletableFuture<Map<String, Long>> first = CompletableFuture.supplyAsync(() -> runOnce("live-score"));
            Eventually.await("the first run asks for /livescore/4328", Duration.ofSeconds(60), () -> requests("/livescore/4328") > 0);
            // what the live score trigger does every 2 minutes
            ProducerTemplate trigger = app.getCamelContext().createProducerTemplate();
            Exchange second = trigger.send("direct:feed-run", e -> e.setProperty(RunGuard.RUN_FEED, "live-score"));
            trigger.stop();
            assertTrue(second.getProperty(RunGuard.RUN_SKIPPED, false, Boolean.class), "skipped, not queued");
            assertFalse(first.isDone(), "the second run returned while the first still runs");
            first.get();

            assertEquals(1, requests("/livescore/4328"), "no second poll in parallel");
            assertEquals(skippedBefore + 1, counters.get("live-score", "skipped_run_still_running"));
            assertEquals(1, log.containing("feed live-score: run skipped: its previous run (started", "is still going").size());
        }
        runOnce("live-score");
        assertEquals(2, requests("/livescore/4328"), "the run after it is not skipped");
    }

    @Test
    @Order(1) // first: no broadcast row published today and no live event looked up yet in this application
    void broadcastRowsAndLiveLookupsWhoseRecordWasNotPublishedAreOfferedAgainByTheNextRun() throws Exception {
        List<String> topics = List.of("soccer.broadcast", "soccer.live.event.lookup");
        Set<String> rows = Corpus.rows("filter/tv/sport/Soccer").stream().filter(r -> "Soccer".equals(r.get("strSport").asText()))
                .map(r -> r.get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> live = ids(Corpus.rows("livescore/4328"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.deleteTopics(topics).all().get();
            Eventually.await(topics + " deleted", Duration.ofSeconds(30), () -> admin.listTopics().names().get().stream().noneMatch(topics::contains));
            try {
                assertThrows(IllegalStateException.class, () -> runOnce("broadcast"), "the broker refused every record");
                assertThrows(IllegalStateException.class, () -> runOnce("live-score"), "the lookups' records were refused");
            } finally {
                Eventually.await(topics + " created again (provisioning fails while they are still being deleted)", Duration.ofSeconds(30), () -> {
                    new TopicProvisioner(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))
                            .provision(app.getCamelContext().getRegistry().lookupByNameAndType("topicCatalog", TopicCatalog.class).all());
                    return true;
                });
            }
        }
        try (TopicReader broadcasts = new TopicReader(TestStack.broker().bootstrap(), "soccer.broadcast");
                TopicReader lookups = new TopicReader(TestStack.broker().bootstrap(), "soccer.live.event.lookup")) {
            runUntilAccepted("broadcast");
            runUntilAccepted("live-score");
            assertEquals(rows, Corpus.byKey(broadcasts.readSinceMark()).keySet(), "no row counted as published today");
            assertEquals(live, Corpus.byKey(lookups.readSinceMark()).keySet(), "no event counted as looked up");
        }
    }

    /**
     * Runs the feed until the broker took its records: the app's producer learns the re-created topics on its next
     * metadata request, which a loaded machine may not answer within max.block.ms (300 ms here); what a refused run
     * did not publish is offered again by the next one (what the test proves), so the runs together publish it all.
     */
    private static void runUntilAccepted(String feed) {
        for (int attempt = 1; ; attempt++) {
            try {
                runOnce(feed);
                return;
            } catch (IllegalStateException refused) {
                if (attempt == 10) {
                    throw refused;
                }
            }
        }
    }

    private static Map<String, Long> runOnce(String... feeds) {
        return new OnDemandRuns(app.getCamelContext()).runOnce(List.of(feeds));
    }

    private static void fault(String path, ResponseDefinitionBuilder answer) {
        api.wireMock().stubFor(get(urlPathEqualTo(API + path)).atPriority(FAULT_PRIORITY).willReturn(answer));
    }

    /** The first call of the path gets the fault; later ones the corpus file. */
    private static void faultOnce(String path, ResponseDefinitionBuilder answer) {
        api.wireMock().stubFor(get(urlPathEqualTo(API + path)).atPriority(FAULT_PRIORITY).inScenario("once " + path)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(answer).willSetStateTo("answered"));
    }

    private static int requests(String path) {
        return api.wireMock().findAll(getRequestedFor(urlPathEqualTo(API + path))).size();
    }

    private static Set<String> ids(List<JsonNode> rows) {
        return rows.stream().map(r -> r.get("idEvent").asText()).collect(Collectors.toCollection(TreeSet::new));
    }
}
