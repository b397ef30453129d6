package org.sportsdb.stack.feeds;

import org.sportsdb.stack.dev.LogLines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.api.ExchangeKeys;

/**
 * Once per run and the caps, as the feed routes write them: an {@code idempotentConsumer} keyed
 * {@code <run>/<field>/<id>} on the memory repository {@code oncePerRun}, then a {@code filter} on
 * {@code feedRun.within(field, cap)}; what they turn away is counted per feed, a row without the id goes on.
 * The memory holds the ids of the runs going ({@link RunGuard}: a run is over with its run-level retry); when it is
 * full ({@value #CAPACITY} ids here), the run that loses an id is reported, whichever run's id filled it.
 */
class OncePerRunRepositoryTest extends CamelTestSupport {

    private static final int CAPACITY = 3;
    private final FeedCounters counters = new FeedCounters();
    private final OncePerRunRepository feedRunSteps = new OncePerRunRepository(counters, CAPACITY);
    /** Holds the run-level retry pass at its start until the test lets it go. */
    private final CountDownLatch retryMayGo = new CountDownLatch(1);

    @Override
    protected RoutesBuilder createRouteBuilder() {
        context().getRegistry().bind("oncePerRun", feedRunSteps);
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:teams")
                        .split(body())
                            .idempotentConsumer(simple("${exchangeProperty.feedRun.id}/idTeam/${body[idTeam]}")).idempotentRepository("oncePerRun")
                                .filter(simple("${exchangeProperty.feedRun.within('idTeam', ${exchangeProperty.maxTeams})}"))
                                    .to("mock:team");
                from("direct:teams-retried")
                        .process(e -> assertTrue(retryMayGo.await(30, TimeUnit.SECONDS), "the test let the retry go"))
                        .setProperty("maxTeams", constant(0))
                        .to("direct:teams");
            }
        };
    }

    private void run(FeedRun run, int maxTeams, List<Map<String, Object>> rows) {
        run("player", run, maxTeams, rows);
    }

    private void run(String feed, FeedRun run, int maxTeams, List<Map<String, Object>> rows) {
        template().send("direct:teams", e -> {
            e.setProperty(FeedRunSteps.FEED_RUN, run);
            e.setProperty(ExchangeKeys.FEED, feed);
            e.setProperty("maxTeams", maxTeams);
            e.getIn().setBody(rows);
        });
    }

    /** The exchange of direct:feed-run once {@code runs.begin} let the feed's run start and its route started {@code run}. */
    private Exchange begin(RunGuard runs, String feed, FeedRun run) {
        Exchange exchange = new DefaultExchange(context());
        exchange.setProperty(RunGuard.RUN_FEED, feed);
        assertTrue(runs.begin(exchange), "no run of " + feed + " going");
        exchange.setProperty(FeedRunSteps.FEED_RUN, run);
        return exchange;
    }

    private RunGuard runGuard(Duration retryAfter) {
        RunGuard runs = new RunGuard(context(), retryAfter, Clock.systemUTC(), counters);
        runs.addListener(feedRunSteps);
        runs.start();
        return runs;
    }

    private static Map<String, Object> team(String idTeam) {
        return Map.of("idTeam", idTeam);
    }

    @Test
    void aTeamListedTwiceIsHandledOnceACapStopsTheRestAndARowWithoutItsIdGoesOn() throws Exception {
        MockEndpoint teams = getMockEndpoint("mock:team");
        teams.expectedBodiesReceived(Map.of("idTeam", "133604"), Map.of("strTeam", "no id"), Map.of("idTeam", "133610"));

        run(new FeedRun("player", counters), 3, List.of(Map.of("idTeam", "133604"), Map.of("strTeam", "no id"),
                Map.of("idTeam", "133604"), Map.of("idTeam", "133610"), Map.of("idTeam", "133612")));

        teams.assertIsSatisfied();
        assertEquals(2, counters.get("player", "skipped_idTeam_seen_or_capped"), "the second 133604 and 133612 over the cap of 3");
        assertEquals(1, counters.get("player", "without_idTeam"));
    }

    @Test
    void theNextRunHandlesTheSameIdsAgain() throws Exception {
        MockEndpoint teams = getMockEndpoint("mock:team");
        teams.expectedMessageCount(2);

        run(new FeedRun("player", counters), 0, List.of(Map.of("idTeam", "133604")));
        run(new FeedRun("player", counters), 0, List.of(Map.of("idTeam", "133604")));

        teams.assertIsSatisfied();
        assertEquals(0, counters.get("player", "skipped_idTeam_seen_or_capped"));
    }

    @Test
    void aRunWithMoreIdsThanTheCapacityIsLoggedOnceAndEachIdPastItCounted() throws Exception {
        MockEndpoint teams = getMockEndpoint("mock:team");
        // past the capacity the run's first id is forgotten: 133601 comes back and is handled a second time
        teams.expectedBodiesReceived(Map.of("idTeam", "133601"), Map.of("idTeam", "133602"), Map.of("idTeam", "133603"),
                Map.of("idTeam", "133604"), Map.of("idTeam", "133601"));
        FeedRun run = new FeedRun("player", counters);

        try (LogLines log = new LogLines()) {
            run(run, 0, List.of(Map.of("idTeam", "133601"), Map.of("idTeam", "133602"), Map.of("idTeam", "133603"),
                    Map.of("idTeam", "133604"), Map.of("idTeam", "133601")));

            teams.assertIsSatisfied();
            assertEquals(2, counters.get("player", OncePerRunRepository.PAST_CAPACITY), "the 4th id and the 1st one again");
            assertEquals(1, log.containing("WARN", "feed player: run " + run.getId() + " lost ids", "(feeds.run-ids.capacity").size(),
                    "once per run");
        }
    }

    @Test
    void aRunWithinTheCapacityIsNotReported() throws Exception {
        getMockEndpoint("mock:team").expectedMessageCount(CAPACITY);

        try (LogLines log = new LogLines()) {
            run(new FeedRun("player", counters), 0, List.of(Map.of("idTeam", "133601"), Map.of("idTeam", "133602"), Map.of("idTeam", "133603")));

            getMockEndpoint("mock:team").assertIsSatisfied();
            assertEquals(0, counters.get("player", OncePerRunRepository.PAST_CAPACITY));
            assertEquals(List.of(), log.containing("feeds.run-ids.capacity"));
        }
    }

    @Test
    void twoRunsTogetherFillingTheMemoryNeitherPassingItAloneReportTheRunThatLostAnId() throws Exception {
        MockEndpoint teams = getMockEndpoint("mock:team");
        // team's first id is forgotten once player's second id fills the memory: met again, it is handled a second time
        teams.expectedBodiesReceived(team("133601"), team("133602"), team("133701"), team("133702"), team("133601"));
        FeedRun teamRun = new FeedRun("team", counters);
        FeedRun playerRun = new FeedRun("player", counters);

        try (LogLines log = new LogLines()) {
            run("team", teamRun, 0, List.of(team("133601"), team("133602")));
            run("player", playerRun, 0, List.of(team("133701"), team("133702")));
            run("team", teamRun, 0, List.of(team("133601")));

            teams.assertIsSatisfied();
            assertEquals(2, counters.get("team", OncePerRunRepository.PAST_CAPACITY), "133601 lost to player's 133702, then 133602 to 133601 again");
            assertEquals(0, counters.get("player", OncePerRunRepository.PAST_CAPACITY), "player lost none of its ids");
            assertEquals(1, log.containing("WARN", "feed team: run " + teamRun.getId() + " lost ids", "(feeds.run-ids.capacity").size(),
                    "once per run");
            assertEquals(List.of(), log.containing("feed player: run " + playerRun.getId() + " lost ids"));
        }
    }

    @Test
    void aRunOverLeavesTheMemoryWithTheIdsOfTheRunsStillGoing() throws Exception {
        RunGuard runs = runGuard(Duration.ofHours(1));
        try {
            FeedRun teamRun = new FeedRun("team", counters);
            Exchange team = begin(runs, "team", teamRun);
            run("team", teamRun, 0, List.of(team("133601"), team("133602")));
            FeedRun playerRun = new FeedRun("player", counters);
            Exchange player = begin(runs, "player", playerRun);
            run("player", playerRun, 0, List.of(team("133601")));
            assertEquals(3, feedRunSteps.size());

            runs.end(team);
            assertEquals(1, feedRunSteps.size(), "player's id only");
            run("player", playerRun, 0, List.of(team("133701"), team("133702")));
            assertEquals(0, counters.get("player", OncePerRunRepository.PAST_CAPACITY), "room for player's ids: nothing lost");

            runs.end(player);
            assertEquals(0, feedRunSteps.size());
        } finally {
            runs.stop();
        }
    }

    @Test
    void aRunsIdsStayWhileItsRunLevelRetryIsPendingAndLeaveWhenTheRetryEnds() throws Exception {
        RunGuard runs = runGuard(Duration.ofMillis(50));
        try {
            playerRunEndedWithAFailedCall(runs);
            assertEquals(2, feedRunSteps.size(), "the run's ids while its retry waits (or is held at its start)");

            retryMayGo.countDown();
            runs.awaitRetries(List.of("player"));
            assertEquals(1, counters.get("player", "calls_retried"));
            assertEquals(0, feedRunSteps.size(), "the run and its retry are over");
        } finally {
            runs.stop();
        }
    }

    @Test
    void aRunsIdsLeaveWhenTheNextRunDropsItsWaitingRetry() throws Exception {
        RunGuard runs = runGuard(Duration.ofHours(1));
        try {
            playerRunEndedWithAFailedCall(runs);
            assertEquals(2, feedRunSteps.size(), "kept for the retry");

            Exchange tonight = begin(runs, "player", new FeedRun("player", counters));
            assertEquals(0, feedRunSteps.size(), "the retry is dropped: last night's run is over");
            runs.end(tonight);
        } finally {
            runs.stop();
        }
    }

    /** A player run that handled teams 133601 and 133602 and whose call for 133603 gave up (a retry is due), ended. */
    private void playerRunEndedWithAFailedCall(RunGuard runs) {
        FeedRun run = new FeedRun("player", counters);
        Exchange player = begin(runs, "player", run);
        run("player", run, 0, List.of(team("133601"), team("133602")));
        failedCall(player, List.of(team("133603")));
        runs.callFailed(player);
        runs.end(player);
    }

    /** What the shared API route leaves on the exchange of a nightly call that gave up, retried through direct:teams-retried. */
    private static void failedCall(Exchange exchange, List<Map<String, Object>> input) {
        exchange.setProperty(ExchangeKeys.ENDPOINT, "/list/teams/{league}");
        exchange.setProperty("league", "4328");
        exchange.setProperty(ExchangeKeys.REQUEST_PATH, "/list/teams/4328");
        exchange.setProperty(ExchangeKeys.RETRY_AT, "teams-retried");
        exchange.setProperty(ExchangeKeys.API_ATTEMPTS, 3);
        exchange.setProperty(ExchangeKeys.API_FAILURE, "RetryableApiException: HTTP 500 from /list/teams/4328");
        exchange.setProperty(ExchangeKeys.CALL_INPUT, input);
    }
}
