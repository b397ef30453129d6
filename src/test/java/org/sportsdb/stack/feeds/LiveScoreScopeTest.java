package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which leagues the live score feed asks one by one when the sport answer is at its row limit. */
class LiveScoreScopeTest {

    private static final Instant NOW = Instant.parse("2026-12-05T15:30:00Z");

    private final LiveScoreScope scope = new LiveScoreScope("4328,4480", "soccer", 100, Duration.ofMinutes(30),
            Duration.ofMinutes(150), Clock.fixed(NOW, ZoneOffset.UTC), new FeedCounters());

    private void schedule(Map<String, Object>... rows) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(List.of(rows));
        scope.scheduled(exchange);
    }

    /**
     * A league whose kick-offs are not known (its schedule not polled, its call failed, no current season) may have a
     * match on now: it is asked, as every league is while no schedule at all is known, not left out because another
     * league's schedule is known.
     */
    @Test
    void aLeagueWithoutKnownKickOffsIsAskedWhateverTheOtherLeaguesSchedulesSay() {
        assertTrue(scope.inWindow("4328") && scope.inWindow("4480"), "no schedule known: every league");
        schedule(Map.of("idLeague", "4328", "idEvent", "1", "strTimestamp", "2026-12-05T21:00:00"));
        assertFalse(scope.inWindow("4328"), "its only match is hours away");
        assertTrue(scope.inWindow("4480"), "no kick-off of it known: it may be playing now");
        schedule(Map.of("idLeague", "4480", "idEvent", "2", "strTimestamp", "2026-12-05T15:00:00"));
        assertTrue(scope.inWindow("4480"), "its match kicked off 30 minutes ago");
        schedule(Map.of("idLeague", "4480", "idEvent", "2", "strTimestamp", "2026-12-06T15:00:00"));
        assertFalse(scope.inWindow("4480"), "moved to tomorrow: known, and out of its window");
    }
}
