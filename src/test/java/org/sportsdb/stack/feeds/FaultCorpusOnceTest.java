package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;

/**
 * The whole {@code --once} run (every feed, in feeds.run-order) over the fault corpus
 * {@code src/test/resources/replay-faults}: the default corpus with about a quarter of the nightly
 * calls failing (HTTP 500, 503, 429, an HTML page, truncated JSON; all permanent but one 400 that the
 * run-level retry gets past). The run ends in the time its retries need, never waiting on
 * feeds.reuse-wait-minutes, and publishes and skips exactly what the faults leave.
 */
class FaultCorpusOnceTest {

    private static void failed(Map<String, Long> out, String feed, long inRun, long afterRetry) {
        out.put(feed + " calls_failed", inRun + afterRetry);
        out.put(feed + " calls_retried", inRun);
        out.put(feed + " calls_failed_after_retry", afterRetry);
    }

    static final Path FAULTS = Path.of("src/test/resources/replay-faults/mappings");

    @Test
    void aQuarterOfTheNightlyCallsFailingEndsInTheTimeTheRetriesNeedWithExactCounts() throws Exception {
        try (ReplayServer api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0)) {
            assertEquals(7, api.addFaults(FAULTS));
            Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "faults-once");
            settings.put("sportsdb.api.max-retries", "2");
            settings.put("feeds.leagues", "4328,4480");
            settings.put("feeds.player.max-players-per-team", "2");
            settings.put("feeds.reuse-wait-minutes", "1");
            settings.put("feeds.retry-after-minutes", "0.02");
            Main app = TestStack.startApp(settings);
            try {
                OnDemandRuns runner = new OnDemandRuns(app.getCamelContext());
                FeedCounters counters = app.getCamelContext().getRegistry().lookupByNameAndType("feedCounters", FeedCounters.class);
                List<String> feeds = runner.allFeeds();
                long start = System.nanoTime();
                Map<String, Long> published = runner.runOnce(feeds);
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.println(OnDemandRuns.table(published));
                System.out.println("fault corpus --once: " + millis + " ms");

                Set<String> paths = new TreeSet<>();
                Set<String> failing = new TreeSet<>();
                for (ServeEvent served : api.wireMock().getAllServeEvents()) {
                    String url = served.getRequest().getUrl();
                    if (url.matches("/api/v2/json/(lookup|list|schedule)/.*")) {
                        paths.add(url);
                        String body = served.getResponse().getBodyAsString();
                        if (served.getResponse().getStatus() != 200 || body.startsWith("<html") || !body.trim().endsWith("}")) {
                            failing.add(url);
                        }
                    }
                }
                System.out.println("nightly paths asked: " + paths.size() + ", of them failing at least once: " + failing.size() + " " + failing);
                Map<String, Long> failures = new TreeMap<>();
                counters.snapshot().forEach((k, v) -> {
                    if (k.endsWith(" calls_failed") || k.endsWith(" calls_failed_after_retry") || k.endsWith(" calls_retried")) {
                        failures.put(k, v);
                    }
                });
                System.out.println("failed calls: " + failures);

                assertTrue(millis < Duration.ofSeconds(50).toMillis(), "the run took " + millis + " ms; a wait on feeds.reuse-wait-minutes alone is 60 s");
                assertEquals(134, paths.size(), "nightly requests (distinct paths)");
                assertEquals(35, failing.size(), "about a quarter of them fail: " + failing);

                Map<String, Long> expected = new TreeMap<>();
                expected.put("soccer.live_score", 7L);
                expected.put("soccer.live.event.lookup", 7L);
                expected.put("soccer.broadcast", 21L);
                expected.put("soccer.league", 2L);
                expected.put("soccer.schedule", 19L);           // 4480's schedule: HTTP 500
                expected.put("soccer.event", 19L);              // 2494001: HTTP 400, then answered in the run-level retry
                expected.put("soccer.event.lineup", 22L);
                expected.put("soccer.event.highlights", 1L);    // stats: HTTP 500; 2494000's timeline: an HTML page
                expected.put("soccer.team", 1L);                // 133600-133603: 429
                expected.put("soccer.player", 1L);              // 34148681's lookup: 503, so not published
                assertEquals(expected, published);

                // failed calls of each feed in its run and in its run-level retry (a failure another feed got
                // counts for every feed that needed the answer), then what was reported after the retry
                Map<String, Long> expectedFailures = new TreeMap<>();
                failed(expectedFailures, "schedule", 1, 1);     // the 4480 schedule
                failed(expectedFailures, "event", 2, 1);        // the 4480 schedule; 2494001 once
                failed(expectedFailures, "event-details", 22, 22); // 12 stats, 9 timelines, the 4480 schedule
                failed(expectedFailures, "team", 4, 4);
                failed(expectedFailures, "venue", 5, 5);         // the 4480 schedule, 4 team lookups
                failed(expectedFailures, "player", 8, 8);        // 7 player lists (truncated JSON), 1 player lookup
                assertEquals(expectedFailures, failures);
            } finally {
                app.stop();
            }
        }
    }
}
