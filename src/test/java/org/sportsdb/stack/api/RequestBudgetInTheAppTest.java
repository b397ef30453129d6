package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;

/** The budget as the API sees it: with 4 requests per 1 s window, no window of the server's log holds more. */
class RequestBudgetInTheAppTest {

    private static final int LIMIT = 4;
    private static final int WINDOW_MS = 1000;

    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("sportsdb.api.requests-per-minute", Integer.toString(LIMIT));
        settings.put("sportsdb.api.live-reserve", "1");
        settings.put("sportsdb.api.budget-window-ms", Integer.toString(WINDOW_MS));
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @Test
    void theServerNeverSeesMoreRequestsInAWindowThanTheBudget() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));

        List<Long> times = api.wireMock().getAllServeEvents().stream()
                .map(e -> e.getRequest().getLoggedDate().getTime())
                .sorted()
                .collect(Collectors.toList());
        long liveScoreCalls = api.wireMock().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/api/v2/json/livescore/")).count();
        assertEquals(17, liveScoreCalls, "one live score request per seed league (plus the live event lookups)");
        for (int i = 0; i + LIMIT < times.size(); i++) {
            long span = times.get(i + LIMIT) - times.get(i);
            assertTrue(span >= WINDOW_MS - 50, (LIMIT + 1) + " requests within " + span + " ms");
        }
        ApiRequestBudget budget = app.getCamelContext().getRegistry().lookupByNameAndType("apiRequestBudget", ApiRequestBudget.class);
        assertTrue(budget.totalWaitMillis() >= 3 * WINDOW_MS - 100, "the feed waited for the budget: " + budget.totalWaitMillis() + " ms");
    }
}
