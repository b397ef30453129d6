package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.kafka.TopicCatalog;

/** What {@code ./stack demo --once} does: every feed once, in feeds.run-order, against the default corpus. */
class AllFeedsOnceTest {

    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "all-feeds");
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @Test
    void theDefaultCorpusReachesAllThirteenFeedTopics() {
        OnDemandRuns runner = new OnDemandRuns(app.getCamelContext());
        List<String> feeds = runner.allFeeds();
        assertEquals(List.of("live-score", "live-event-lookup", "broadcast", "league", "schedule", "event",
                "event-details", "team", "venue", "player"), feeds, "feeds.run-order");
        Map<String, Long> perTopic = runner.runOnce(feeds);
        System.out.println(OnDemandRuns.table(perTopic));
        assertEquals(TopicCatalog.FEED_NAMES.stream().map(n -> "soccer." + n).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(perTopic.keySet()));
        perTopic.values().forEach(n -> assertTrue(n > 0));
        for (String path : List.of("/schedule/league/4328/2026-2027", "/list/teams/4328", "/lookup/team/133604", "/lookup/league/4328")) {
            assertEquals(1, api.wireMock().findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/v2/json" + path))).size(),
                    path + " is asked once in the whole run; the other feeds reuse the answer");
        }
    }
}
