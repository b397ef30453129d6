package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * What one live score poll asks for. With {@code feeds.live-score.sport} set: one {@code /livescore/{sport}} call, its
 * rows filtered to the configured leagues; per-league {@code /livescore/{league}} calls only when that answer is at
 * the endpoint's row limit ({@code feeds.live-score.row-limit}: rows may be missing) or the call failed, and then
 * only for the leagues with a match in its window (kick-off - {@code window-before-minutes} to kick-off +
 * {@code window-after-minutes}, from the schedule rows the schedule feed publishes; every league while no schedule
 * is known, after a start). Without a sport: a call per configured league, as before.
 * A row is published once per poll (the sport answer and a league's answer may both carry it).
 */
public final class LiveScoreScope {

    /** The exchange property holding the poll ({@link Poll}). */
    static final String POLL = "livePoll";

    private final List<String> leagues;
    private final String sport;
    private final int rowLimit;
    private final Duration before;
    private final Duration after;
    private final Clock clock;
    private final FeedCounters counters;
    /** idEvent → (league, kick-off) of the followed leagues' scheduled events. */
    private final Map<String, Kickoff> kickoffs = new ConcurrentHashMap<>();

    record Kickoff(String league, Instant at) {
    }

    /** One poll: whether the sport call answered and how many rows it had, the rows published. */
    public static final class Poll {
        volatile boolean answered;
        volatile int rows;
        final Set<String> published = ConcurrentHashMap.newKeySet();
    }

    public LiveScoreScope(String leagues, String sport, int rowLimit, Duration before, Duration after, Clock clock, FeedCounters counters) {
        this.leagues = SeasonScope.csv(leagues);
        this.sport = sport == null ? "" : sport.trim();
        this.rowLimit = rowLimit;
        this.before = before;
        this.after = after;
        this.clock = clock;
        this.counters = counters;
    }

    public Poll newPoll() {
        return new Poll();
    }

    /** The sport to ask in one call: [sport], or none (a call per league). */
    public List<String> sports() {
        return sport.isEmpty() ? List.of() : List.of(sport);
    }

    /** After the sport call answered (body: its rows). */
    public void answered(Exchange exchange) {
        Poll poll = poll(exchange);
        poll.answered = true;
        poll.rows = exchange.getIn().getBody(List.class).size();
    }

    /** True for a row (body) of a configured league; a row of another league is counted and left out. */
    public boolean followed(Exchange exchange) {
        boolean followed = leagues.contains(text(FeedRunSteps.row(exchange).get("idLeague")));
        if (!followed) {
            counters.count(FeedName.of(exchange), "skipped_other_league");
        }
        return followed;
    }

    /** True the first time this poll meets the row (body), by idLiveScore, else idEvent. */
    public boolean firstInPoll(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String id = text(row.get("idLiveScore"));
        return poll(exchange).published.add(id.isEmpty() ? "event/" + text(row.get("idEvent")) : id);
    }

    /** The leagues to ask one by one in this poll: all without a sport; else the ones in a window, when the sport answer may be incomplete. */
    public List<String> leagues(Exchange exchange) {
        if (sport.isEmpty()) {
            return leagues;
        }
        Poll poll = poll(exchange);
        if (poll.answered && poll.rows < rowLimit) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String league : leagues) {
            if (inWindow(league)) {
                out.add(league);
            }
        }
        counters.count(FeedName.of(exchange), poll.answered ? "league_calls_at_row_limit" : "league_calls_sport_failed");
        return out;
    }

    /**
     * True when a scheduled match of the league is in its window now, or no kick-off of the league is known (its
     * schedule not polled, its schedule call failed, no current season): it may be playing now, whatever the other
     * leagues' schedules say.
     */
    boolean inWindow(String league) {
        Instant now = clock.instant();
        boolean known = false;
        for (Kickoff k : kickoffs.values()) {
            if (k.league().equals(league)) {
                known = true;
                if (!now.isBefore(k.at().minus(before)) && !now.isAfter(k.at().plus(after))) {
                    return true;
                }
            }
        }
        return !known;
    }

    /** Remembers the kick-offs of a schedule answer's rows (body: the rows) for the windows. */
    public void scheduled(Exchange exchange) {
        List<?> rows = exchange.getIn().getBody(List.class);
        if (rows == null) {
            return;
        }
        for (Object row : rows) {
            if (row instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> scheduleRow = (Map<String, Object>) map;
                scheduled(scheduleRow);
            }
        }
    }

    private void scheduled(Map<String, Object> row) {
        String league = text(row.get("idLeague"));
        String id = text(row.get("idEvent"));
        String ts = text(row.get("strTimestamp"));
        if (!leagues.contains(league) || id.isEmpty() || ts.isEmpty()) {
            return;
        }
        try {
            kickoffs.put(id, new Kickoff(league, LocalDateTime.parse(ts.replace(' ', 'T')).toInstant(ZoneOffset.UTC)));
        } catch (DateTimeParseException e) {
            // a row without a readable kick-off places no window (its league is asked when the answer is at the limit
            // while none of its kick-offs is known)
        }
    }

    private static Poll poll(Exchange exchange) {
        Poll poll = exchange.getProperty(POLL, Poll.class);
        if (poll == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " did not start a live score poll (property " + POLL + ")");
        }
        return poll;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
