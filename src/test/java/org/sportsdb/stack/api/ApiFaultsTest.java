package org.sportsdb.stack.api;

import org.sportsdb.stack.dev.LogLines;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;

/**
 * Faults scripted through the replay server, seen through the live score feed: the shared API route
 * retries what is worth retrying, honours Retry-After, and turns everything else into a counted
 * rejection without publishing anything or stopping the feed. Below HTTP too: a connection reset by peer
 * on every attempt, and an answer slower than the read timeout ({@code sportsdb.api.read-timeout-ms}, short here).
 */
class ApiFaultsTest {

    private static final String EPL = "/api/v2/json/livescore/4328";
    private static final String LIGA = "/api/v2/json/livescore/4335";
    private static final int MAX_RETRIES = 3;
    /** Short, for the answers slower than it; the replay server's own answers come in milliseconds. */
    private static final int READ_TIMEOUT_MS = 2000;

    private static ReplayServer api;
    private static Main app;
    private static ApiCallStats stats;
    private static String eplAnswer;
    private TopicReader topic;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("feeds.live-score.leagues", "4328,4335");
        settings.put("sportsdb.api.max-retries", Integer.toString(MAX_RETRIES));
        settings.put("sportsdb.api.read-timeout-ms", Integer.toString(READ_TIMEOUT_MS));
        app = TestStack.startApp(settings);
        stats = app.getCamelContext().getRegistry().lookupByNameAndType("apiCallStats", ApiCallStats.class);
        eplAnswer = Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4328.json"));
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @BeforeEach
    void mark() {
        api.wireMock().resetRequests();
        topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score");
    }

    @AfterEach
    void cleanUp() {
        topic.close();
        api.removeScriptedFaults(2);
    }

    @Test
    void a500ThenA200IsRetriedAndPublishedOnce() throws Exception {
        scripted(EPL, "first", aResponse().withStatus(500).withBody("Internal Server Error"), "second");
        scripted(EPL, "second", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(eplAnswer), null);

        runLiveScore();

        assertEquals(2, api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL))).size(), "one retry after the 500");
        List<String> keys = keys(topic.readSinceMark());
        List<String> expected = idsIn(eplAnswer);
        expected.addAll(idsIn(Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4335.json"))));
        assertEquals(expected.size(), keys.size(), "every row published exactly once");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(keys));
    }

    @Test
    void a429WaitsWhatRetryAfterSaysBeforeTheNextAttempt() throws Exception {
        scripted(EPL, "first", aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withBody("{\"message\":\"Rate Limit exceeded.\",\"error\":429}"), "second");
        scripted(EPL, "second", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(eplAnswer), null);

        runLiveScore();

        List<LoggedRequest> calls = api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL)));
        assertEquals(2, calls.size());
        long gapMillis = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertTrue(gapMillis >= 2000, "the second attempt came " + gapMillis + " ms after the 429, Retry-After said 2 s");
        assertEquals(idsIn(eplAnswer).size() + 1, topic.readSinceMark().size(), "EPL rows and the La Liga row");
    }

    @Test
    void aGarbageEnvelopeIsCountedPublishesNothingAndTheFeedGoesOn() throws Exception {
        long rejectedBefore = stats.get("/livescore/{league}", "envelope_rejected");
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>502 Bad Gateway</body></html>")));

        runLiveScore();

        assertEquals(rejectedBefore + 1, stats.get("/livescore/{league}", "envelope_rejected"));
        assertEquals(1, api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL))).size(), "an envelope problem is not retried");
        List<String> keys = keys(topic.readSinceMark());
        assertEquals(idsIn(Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4335.json"))), keys,
                "only the next league's rows");

        cleanUp();
        topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score");
        runLiveScore();
        assertEquals(idsIn(eplAnswer).size() + 1, topic.readSinceMark().size(), "the route is alive: the next poll publishes");
    }

    @Test
    void aNullOrMissingListIsAnEnvelopeRejection() throws Exception {
        long rejectedBefore = stats.get("/livescore/{league}", "envelope_rejected");
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"livescore\":null}")));
        api.wireMock().stubFor(get(urlPathEqualTo(LIGA)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"events\":\"Invalid League ID passed\"}")));

        runLiveScore();

        assertEquals(rejectedBefore + 2, stats.get("/livescore/{league}", "envelope_rejected"));
        assertEquals(0, topic.readSinceMark().size());
    }

    @Test
    void aServerThatKeepsFailingIsGivenUpOnAfterItsRetriesAndTheNextLeagueIsStillPolled() throws Exception {
        long gaveUpBefore = stats.get("/livescore/{league}", "gave_up");
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(503)));

        runLiveScore();

        assertEquals(1 + MAX_RETRIES, api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL))).size());
        assertEquals(gaveUpBefore + 1, stats.get("/livescore/{league}", "gave_up"));
        assertEquals(idsIn(Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4335.json"))),
                keys(topic.readSinceMark()));
    }

    @Test
    void aConnectionResetOnEveryAttemptIsGivenUpOnAfterItsRetriesNamingTheResetAndTheNextLeagueIsStillPolled() throws Exception {
        long gaveUpBefore = stats.get("/livescore/{league}", "gave_up");
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        try (LogLines log = new LogLines()) {
            runLiveScore();

            assertEquals(1 + MAX_RETRIES, api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL))).size());
            assertEquals(gaveUpBefore + 1, stats.get("/livescore/{league}", "gave_up"));
            assertEquals(idsIn(Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4335.json"))),
                    keys(topic.readSinceMark()));
            List<String> gaveUp = log.containing("feed live-score: gave up on /livescore/4328 after " + (1 + MAX_RETRIES) + " attempts");
            assertEquals(1, gaveUp.size(), "one line for the call given up: " + gaveUp);
            assertTrue(gaveUp.get(0).contains("Connection reset"), "the line names the cause: " + gaveUp.get(0));
        }
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutOnEveryAttemptIsGivenUpOnNamingTheTimeoutAndTheNextLeagueIsStillPolled() throws Exception {
        long gaveUpBefore = stats.get("/livescore/{league}", "gave_up");
        api.wireMock().stubFor(get(urlPathEqualTo(EPL)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(eplAnswer).withFixedDelay(3 * READ_TIMEOUT_MS)));

        try (LogLines log = new LogLines()) {
            long started = System.nanoTime();
            runLiveScore();
            long millis = java.time.Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertEquals(1 + MAX_RETRIES, api.wireMock().findAll(getRequestedFor(urlPathEqualTo(EPL))).size());
            assertTrue(millis < (1 + MAX_RETRIES) * 2L * READ_TIMEOUT_MS,
                    "each attempt ends at the read timeout, not when the slow answer comes: the run took " + millis + " ms");
            assertEquals(gaveUpBefore + 1, stats.get("/livescore/{league}", "gave_up"));
            assertEquals(idsIn(Files.readString(TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4335.json"))),
                    keys(topic.readSinceMark()), "only the next league's rows: nothing of the answer that came too late");
            List<String> gaveUp = log.containing("feed live-score: gave up on /livescore/4328 after " + (1 + MAX_RETRIES) + " attempts");
            assertEquals(1, gaveUp.size(), "one line for the call given up: " + gaveUp);
            assertTrue(gaveUp.get(0).contains("Read timed out"), "the line names the cause: " + gaveUp.get(0));
        }
    }

    @Test
    void aRequestWithoutTheKeyIsRefusedByTheReplayServerAsByTheRealApi() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api.baseUrl() + EPL)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().contains("Invalid Premium API key"));
    }

    private static void runLiveScore() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
    }

    private static void scripted(String path, String state, ResponseDefinitionBuilder response, String next) {
        var stub = get(urlPathEqualTo(path)).atPriority(2).inScenario("fault " + path)
                .whenScenarioStateIs("first".equals(state) ? Scenario.STARTED : state)
                .willReturn(response);
        if (next != null) {
            stub = stub.willSetStateTo(next);
        }
        api.wireMock().stubFor(stub);
    }

    private static List<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toList());
    }

    private static List<String> idsIn(String answer) throws Exception {
        JsonNode rows = new ObjectMapper().readTree(answer).path("livescore");
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("idLiveScore").asText()));
        return ids;
    }
}
