package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.api.ExchangeKeys;

/**
 * Once per run and the caps, as the feed routes write them: an {@code idempotentConsumer} keyed
 * {@code <run>/<field>/<id>} on the memory repository {@code feedRunIds}, then a {@code filter} on
 * {@code feedRun.within(field, cap)}; what they turn away is counted per feed, a row without the id goes on.
 * A run with more ids than the repository holds ({@value #CAPACITY} here) is reported.
 */
class FeedRunIdsTest extends CamelTestSupport {

    private static final int CAPACITY = 3;
    private final FeedCounters counters = new FeedCounters();

    @Override
    protected RoutesBuilder createRouteBuilder() {
        context().getRegistry().bind("feedRunIds", new FeedRunIds(counters, CAPACITY));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:teams")
                        .split(body())
                            .idempotentConsumer(simple("${exchangeProperty.feedRun.id}/idTeam/${body[idTeam]}")).idempotentRepository("feedRunIds")
                                .filter(simple("${exchangeProperty.feedRun.within('idTeam', ${exchangeProperty.maxTeams})}"))
                                    .to("mock:team");
            }
        };
    }

    private void run(FeedRun run, int maxTeams, List<Map<String, Object>> rows) {
        template().send("direct:teams", e -> {
            e.setProperty(RunIds.FEED_RUN, run);
            e.setProperty(ExchangeKeys.FEED, "player");
            e.setProperty("maxTeams", maxTeams);
            e.getIn().setBody(rows);
        });
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
            assertEquals(2, counters.get("player", FeedRunIds.PAST_CAPACITY), "the 4th id and the 1st one again");
            assertEquals(1, log.containing("WARN", "feed player: run " + run.getId() + " has handled more than " + CAPACITY
                    + " ids (feeds.run-ids.capacity)").size(), "once per run");
        }
    }

    @Test
    void aRunWithinTheCapacityIsNotReported() throws Exception {
        getMockEndpoint("mock:team").expectedMessageCount(CAPACITY);

        try (LogLines log = new LogLines()) {
            run(new FeedRun("player", counters), 0, List.of(Map.of("idTeam", "133601"), Map.of("idTeam", "133602"), Map.of("idTeam", "133603")));

            getMockEndpoint("mock:team").assertIsSatisfied();
            assertEquals(0, counters.get("player", FeedRunIds.PAST_CAPACITY));
            assertEquals(List.of(), log.containing("feeds.run-ids.capacity"));
        }
    }
}
