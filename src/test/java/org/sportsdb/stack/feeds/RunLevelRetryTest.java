package org.sportsdb.stack.feeds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/**
 * One failing call per feed: the run-level retry does all the work that depended on the call, so the run with its
 * retry publishes what a run without the failure publishes; a live feed's next run publishes what the call held back. The failure is an answer the API route rejects at once
 * (HTTP 400, not retried within the call); the next request of the path gets the corpus answer. No answer is reused
 * between feeds here (feeds.reuse-minutes 0): every feed makes its own calls.
 */
class RunLevelRetryTest {

    private static final String API = "/api/v2/json";
    private static final int FAULT_PRIORITY = 2;

    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "run-level-retry");
        settings.put("feeds.leagues", "4328,4480");
        settings.put("feeds.reuse-minutes", "0");
        settings.put("feeds.retry-after-minutes", "0.02");
        settings.put("feeds.progress-seconds", "0");
        settings.put("feeds.player.leagues", "4480");
        settings.put("feeds.player.max-teams", "2");
        settings.put("feeds.player.max-players", "4");
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @AfterEach
    void removeFaults() {
        api.removeScriptedFaults(FAULT_PRIORITY);
    }

    @ParameterizedTest(name = "{0}: {1} fails once")
    @CsvSource({
            "schedule,      /schedule/league/4328/2026-2027",
            "event,         /schedule/league/4328/2026-2027",
            "event,         /lookup/league/4480",
            "event-details, /schedule/league/4328/2026-2027",
            "event-details, /lookup/league/4328",
            "event-details, /lookup/event_lineup/2494000",
            "team,          /list/teams/4328",
            "venue,         /list/teams/4480",
            "venue,         /schedule/league/4480/2026-2027",
            "player,        /list/teams/4480",
            "player,        /list/players/133604",
    })
    void theRetryPublishesWhatTheFailedCallWouldHaveLedTo(String feed, String path) {
        Map<String, Set<String>> withoutFault = keysPublished(feed);
        assertFalse(withoutFault.isEmpty(), feed + " publishes on the corpus");
        int before = requests(path);
        failOnce(path);

        Map<String, Set<String>> withFault = keysPublished(feed);

        assertEquals(before + 2, requests(path), "asked in the run (rejected), then once in the run-level retry");
        assertEquals(withoutFault, withFault, "the run with its retry published the records a run without the failure did");
        assertEquals(lastCounts.get(0), lastCounts.get(1), "and each once: the retry handles no id the run handled");
    }

    /** The records each topic received in the last two runs of {@link #keysPublished}. */
    private static final List<Map<String, Long>> lastCounts = new java.util.ArrayList<>();

    /** Runs the feed once (with its run-level retry): topic → keys of the records it published. */
    private static Map<String, Set<String>> keysPublished(String feed) {
        List<String> topics = List.of("soccer.live_score", "soccer.live.event.lookup", "soccer.broadcast", "soccer.schedule", "soccer.event", "soccer.event.stats", "soccer.event.timeline",
                "soccer.event.lineup", "soccer.event.highlights", "soccer.team", "soccer.venue", "soccer.player");
        List<TopicReader> readers = topics.stream().map(t -> new TopicReader(TestStack.broker().bootstrap(), t)).toList();
        try {
            lastCounts.add(runOnce(feed));
            while (lastCounts.size() > 2) {
                lastCounts.remove(0);
            }
            Map<String, Set<String>> keys = new TreeMap<>();
            for (TopicReader reader : readers) {
                reader.readSinceMark().forEach(r -> keys.computeIfAbsent(r.topic(), t -> new TreeSet<>()).add(r.key()));
            }
            return keys;
        } finally {
            readers.forEach(TopicReader::close);
        }
    }

    @Test
    void theLeagueFeedPublishesTheLeagueWhoseLookupFailedInTheRetry() {
        failOnce("/lookup/league/4480");
        assertEquals(Map.of("soccer.league", 2L), runOnce("league"), "both leagues: 4480 by the run-level retry");
    }

    /** The live feeds have no run-level retry: their next run (2 minutes later) asks again. */
    @ParameterizedTest(name = "{0}: {1} fails once")
    @CsvSource({
            "live-score, /lookup/event/2494373, soccer.live.event.lookup", // first: the lookup is not recent yet
            "live-score, /livescore/4328,       soccer.live_score",
            "broadcast,  /filter/tv/sport/Soccer, soccer.broadcast",
    })
    void aLiveFeedsNextRunPublishesWhatTheFailedCallHeldBack(String feed, String path, String topic) {
        Set<String> heldBack = switch (path) {
            case "/lookup/event/2494373" -> Set.of("2494373");
            case "/livescore/4328" -> keys(Corpus.rows("livescore/4328"), "idLiveScore");
            default -> keys(Corpus.rows("filter/tv/sport/Soccer").stream().filter(r -> "Soccer".equals(r.get("strSport").asText())).toList(), "id");
        };
        int before = requests(path);
        failOnce(path);

        Set<String> first = keysPublished(feed).getOrDefault(topic, Set.of());
        Set<String> next = keysPublished(feed).getOrDefault(topic, Set.of());

        assertEquals(before + 2, requests(path), "asked in the run (rejected), then by the next run");
        assertTrue(Collections.disjoint(first, heldBack), "nothing published from the failed call: " + first);
        assertTrue(next.containsAll(heldBack), "the next run published " + heldBack + ": " + next);
    }

    private static Set<String> keys(List<JsonNode> rows, String field) {
        return rows.stream().map(r -> r.get(field).asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Long> runOnce(String feed) {
        return new OnDemandRuns(app.getCamelContext()).runOnce(List.of(feed));
    }

    /** The first request of the path gets an HTTP 400 (a call without an answer, not retried within the call). */
    private static void failOnce(String path) {
        api.wireMock().stubFor(get(urlPathEqualTo(API + path)).atPriority(FAULT_PRIORITY).inScenario("once " + path + System.nanoTime())
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("{\"Message\":\"Invalid\"}"))
                .willSetStateTo("answered"));
    }

    private static int requests(String path) {
        return api.wireMock().findAll(getRequestedFor(urlPathEqualTo(API + path))).size();
    }
}
