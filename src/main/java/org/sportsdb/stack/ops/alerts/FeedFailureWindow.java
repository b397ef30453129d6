package org.sportsdb.stack.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The no-storm rule: at most one mail per feed per window. The first failure of a quiet feed is
 * mailed at once; the failures that follow within the window are held back and gathered into the
 * feed's next mail, due when the window ends. A mail the SMTP server did not take gives its failures
 * back, so they are counted in the next one.
 */
public final class FeedFailureWindow {

    private static final int MAX_ENDPOINTS_LISTED = 20;

    private final Duration window;
    private final Map<String, FeedState> feeds = new HashMap<>();

    public FeedFailureWindow(Duration window) {
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** Records one failure; returns the mail to send now, or empty when the feed had a mail within the window. */
    public synchronized Optional<FeedFailureAlert> failed(String feed, String endpoint, String error, Instant now) {
        FeedState state = feeds.computeIfAbsent(feed, f -> new FeedState());
        state.add(endpoint, error, now, 1);
        return takeIfDue(feed, state, now);
    }

    /** The pending failures of the feed if its window is over (used when the window ends). */
    public synchronized Optional<FeedFailureAlert> due(String feed, Instant now) {
        FeedState state = feeds.get(feed);
        return state == null ? Optional.empty() : takeIfDue(feed, state, now);
    }

    /** When the feed's held-back failures become due, or empty when none are held back. */
    public synchronized Optional<Instant> dueAt(String feed) {
        FeedState state = feeds.get(feed);
        if (state == null || state.count == 0) {
            return Optional.empty();
        }
        return Optional.of(state.lastMailAt == null ? Instant.MIN : state.lastMailAt.plus(window));
    }

    /** A mail that was not delivered: its failures go back into the feed's next mail (the window is kept). */
    public synchronized void notDelivered(FeedFailureAlert alert) {
        FeedState state = feeds.computeIfAbsent(alert.feed(), f -> new FeedState());
        alert.failuresByEndpoint().forEach((endpoint, n) -> state.add(endpoint, null, null, n));
        state.count += alert.failures() - alert.failuresByEndpoint().values().stream().mapToInt(Integer::intValue).sum();
        state.first = state.first == null || alert.first().isBefore(state.first) ? alert.first() : state.first;
        if (state.last == null || alert.last().isAfter(state.last)) {
            state.last = alert.last();
            state.lastEndpoint = alert.lastEndpoint();
            state.lastError = alert.lastError();
        }
    }

    private Optional<FeedFailureAlert> takeIfDue(String feed, FeedState state, Instant now) {
        if (state.count == 0 || (state.lastMailAt != null && now.isBefore(state.lastMailAt.plus(window)))) {
            return Optional.empty();
        }
        state.lastMailAt = now;
        FeedFailureAlert alert = new FeedFailureAlert(feed, state.count, state.first, state.last,
                Map.copyOf(state.byEndpoint), state.lastEndpoint, state.lastError);
        state.clear();
        return Optional.of(alert);
    }

    private static final class FeedState {
        Instant lastMailAt;
        int count;
        Instant first;
        Instant last;
        String lastEndpoint;
        String lastError;
        final Map<String, Integer> byEndpoint = new LinkedHashMap<>();

        void add(String endpoint, String error, Instant at, int n) {
            count += n;
            if (byEndpoint.containsKey(endpoint) || byEndpoint.size() < MAX_ENDPOINTS_LISTED) {
                byEndpoint.merge(endpoint, n, Integer::sum);
            }
            if (at != null) {
                first = first == null ? at : first;
                last = at;
                lastEndpoint = endpoint;
                lastError = error;
            }
        }

        void clear() {
            count = 0;
            first = null;
            last = null;
            byEndpoint.clear();
        }
    }
}
