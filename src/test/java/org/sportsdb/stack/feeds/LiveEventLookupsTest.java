package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The recent-lookup window of the live event lookup, on a clock the test moves. */
class LiveEventLookupsTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2027-05-30T15:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anEventIsLookedUpAgainOnlyAfterTheWindow() {
        MovableClock clock = new MovableClock();
        FeedCounters counters = new FeedCounters();
        LiveEventLookups lookups = new LiveEventLookups(Duration.ofMinutes(5), clock, counters);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(LiveEventLookups.POLL_IDS, lookups.newPoll());
        for (String id : List.of("1", "2", "1")) {
            exchange.getIn().setBody(Map.of("idEvent", id));
            lookups.collect(exchange);
        }
        lookups.polled(exchange);

        assertEquals(List.of("1", "2"), lookups.due(exchange), "each live event of the poll once");
        assertEquals(List.of("1", "2"), lookups.due(exchange), "not looked up (published) yet: due again");
        lookedUp(lookups, exchange, "1", "2");
        clock.now = clock.now.plusSeconds(299);
        assertEquals(List.of(), lookups.due(exchange), "within 5 minutes");
        clock.now = clock.now.plusSeconds(1);
        assertEquals(List.of("1", "2"), lookups.due(exchange), "5 minutes later");
        assertEquals(2, counters.get("unknown", "skipped_looked_up_recently"));
    }

    private static void lookedUp(LiveEventLookups lookups, Exchange exchange, String... ids) {
        for (String id : ids) {
            exchange.setProperty("idEvent", id);
            lookups.lookedUp(exchange);
        }
    }
}
