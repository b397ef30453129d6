package org.sportsdb.stack.feeds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/** The league feed publishes on the first run and on a season change; its memory lives in Kafka, across restarts. */
class LeagueFeedTest {

    private ReplayServer api;
    private Map<String, String> settings;

    @BeforeEach
    void start() {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        settings = TestStack.feedSettings(api.baseUrl(), "test");
        // no full refresh unless a test asks for one (whatever day of the week the test runs on)
        settings.put("feeds.polling.full", "false");
        settings.put("feeds.polling.full-days", "");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, JsonNode> runLeague(Main app) {
        try (TopicReader reader = new TopicReader(TestStack.broker().bootstrap(), "soccer.league")) {
            new OnDemandRuns(app.getCamelContext()).runOnce(List.of("league"));
            return Corpus.byKey(reader.readSinceMark());
        }
    }

    /**
     * A full refresh (feeds.polling.full, run-feed --full, feeds.polling.full-days) asks for everything and publishes
     * every league again: what changed besides the season (a new badge, a renamed league) reaches soccer.league.
     */
    @Test
    void aFullRefreshPublishesEveryLeagueWithWhatChangedBesidesTheSeason() throws Exception {
        Main app = TestStack.startApp(settings);
        try {
            assertEquals(2, runLeague(app).size(), "first run: every league");
        } finally {
            app.stop();
        }
        ObjectNode newBadge = ((ObjectNode) Corpus.rows("lookup/league/4328").get(0)).deepCopy();
        newBadge.put("strBadge", "https://example.org/new-badge.png");
        api.wireMock().stubFor(get(urlPathEqualTo("/api/v2/json/lookup/league/4328")).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"lookup\":[" + newBadge + "]}")));
        settings.put("feeds.polling.full", "true");
        Main full = TestStack.startApp(settings);
        try {
            Map<String, JsonNode> written = runLeague(full);
            assertEquals(new TreeSet<>(List.of("4328", "4480")), new TreeSet<>(written.keySet()), "every league again");
            assertEquals(newBadge, written.get("4328"), "with its new badge, its season unchanged");
        } finally {
            full.stop();
        }
    }

    @Test
    void publishesFirstThenOnlyWhenTheCurrentSeasonChangesAcrossRestarts() throws Exception {
        Main first = TestStack.startApp(settings);
        try {
            Map<String, JsonNode> written = runLeague(first);
            assertEquals(new TreeSet<>(List.of("4328", "4480")), new TreeSet<>(written.keySet()), "first run: every league with data");
            assertEquals(Corpus.rows("lookup/league/4328").get(0), written.get("4328"));
            assertEquals(Map.of(), runLeague(first), "unchanged second run");
        } finally {
            first.stop();
        }

        Main restarted = TestStack.startApp(settings);
        try {
            assertEquals(Map.of(), runLeague(restarted), "the seasons were remembered in Kafka, not in the stopped app");

            ObjectNode nextSeason = ((ObjectNode) Corpus.rows("lookup/league/4328").get(0)).deepCopy();
            nextSeason.put("strCurrentSeason", "2027-2028");
            api.wireMock().stubFor(get(urlPathEqualTo("/api/v2/json/lookup/league/4328")).atPriority(5)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"lookup\":[" + nextSeason + "]}")));
            Map<String, JsonNode> changed = runLeague(restarted);
            assertEquals(Map.of("4328", nextSeason), changed, "only the league whose season changed");
            assertEquals(Map.of(), runLeague(restarted), "the new season is remembered too");
        } finally {
            restarted.stop();
        }
    }
}
