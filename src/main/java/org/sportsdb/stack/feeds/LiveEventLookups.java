package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * Hands the live score poll's events to the live event lookup, so that /livescore is polled once:
 * the live score route collects each live row's idEvent ({@link #newPoll}, {@link #collect},
 * {@link #polled}); the lookup takes the events of the latest poll that were not looked up within
 * {@code recent} ({@link #due}); an event counts as looked up once its record was published ({@link #lookedUp}).
 */
public final class LiveEventLookups {

    public static final String POLL_IDS = "liveEventIds";

    private final Duration recent;
    private final Clock clock;
    private final FeedCounters counters;
    private final Map<String, Instant> lookedUpAt = new ConcurrentHashMap<>();
    private volatile List<String> latestPoll = List.of();

    public LiveEventLookups(Duration recent, Clock clock, FeedCounters counters) {
        this.recent = recent;
        this.clock = clock;
        this.counters = counters;
    }

    /** A fresh list for the idEvents of one poll (exchange property {@value #POLL_IDS}). */
    public List<String> newPoll() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Adds the body row's idEvent to the poll's list. */
    @SuppressWarnings("unchecked")
    public void collect(Exchange exchange) {
        List<String> ids = exchange.getProperty(POLL_IDS, List.class);
        Object id = FeedRunSteps.row(exchange).get("idEvent");
        if (ids != null && id != null && !id.toString().isBlank()) {
            ids.add(id.toString().trim());
        }
    }

    /** The poll is over: its distinct idEvents become the latest poll. */
    @SuppressWarnings("unchecked")
    public void polled(Exchange exchange) {
        List<String> ids = exchange.getProperty(POLL_IDS, List.class);
        if (ids != null) {
            synchronized (ids) {
                latestPoll = List.copyOf(new LinkedHashSet<>(ids));
            }
        }
    }

    public List<String> latestPoll() {
        return latestPoll;
    }

    /** The latest poll's events not looked up within the recent window. */
    public List<String> due(Exchange exchange) {
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        lookedUpAt.values().removeIf(at -> !at.plus(recent).isAfter(now));
        for (String id : latestPoll) {
            if (lookedUpAt.containsKey(id)) {
                counters.count(FeedName.of(exchange), "skipped_looked_up_recently");
            } else {
                due.add(id);
            }
        }
        return due;
    }

    /**
     * The lookup of event {@code idEvent} was answered and its records acknowledged by Kafka: it counts as
     * looked up from now. A lookup that failed, or whose record could not be published, never gets here,
     * so the next poll looks the event up again.
     */
    public void lookedUp(Exchange exchange) {
        lookedUpAt.put(exchange.getProperty("idEvent", String.class), clock.instant());
    }
}
