package org.sportsdb.stack.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The no-storm rule: at most one mail per source and kind (a feed's API give-ups, triage runs, the
 * warehouse, ...) per window. The first failure of a quiet source is mailed at once; the failures that
 * follow within the window are held back and gathered into the source's next mail, due when the window
 * ends. A mail the SMTP server did not take (or the mailer dropped) gives its failures back, so they are counted
 * in the next one, which says how many of its failures were in mails that did not go out.
 */
public final class AlertWindow {

    private static final int MAX_ENDPOINTS_LISTED = 20;

    private final Duration window;
    private final Map<Key, SourceState> sources = new HashMap<>();

    private record Key(AlertKind kind, String source) {
    }

    public AlertWindow(Duration window) {
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** Records one API give-up of a feed (see {@link #failed(AlertKind, String, String, String, int, Instant)}). */
    public Optional<WindowedFailures> failed(String feed, String endpoint, String error, Instant now) {
        return failed(AlertKind.API_GIVE_UP, feed, endpoint, error, 1, now);
    }

    /** Records {@code count} failures; returns the mail to send now, or empty when the source had a mail of this kind within the window. */
    public synchronized Optional<WindowedFailures> failed(AlertKind kind, String source, String detail, String error, int count, Instant now) {
        Key key = new Key(kind, source);
        SourceState state = sources.computeIfAbsent(key, f -> new SourceState());
        state.add(detail, error, now, count);
        return takeIfDue(key, state, now);
    }

    /** The pending failures of a feed's API give-ups if its window is over. */
    public Optional<WindowedFailures> due(String feed, Instant now) {
        return due(AlertKind.API_GIVE_UP, feed, now);
    }

    /** The pending failures of the source if its window is over (used when the window ends). */
    public synchronized Optional<WindowedFailures> due(AlertKind kind, String source, Instant now) {
        Key key = new Key(kind, source);
        SourceState state = sources.get(key);
        return state == null ? Optional.empty() : takeIfDue(key, state, now);
    }

    public Optional<Instant> dueAt(String feed) {
        return dueAt(AlertKind.API_GIVE_UP, feed);
    }

    /** When the source's held-back failures become due, or empty when none are held back. */
    public synchronized Optional<Instant> dueAt(AlertKind kind, String source) {
        SourceState state = sources.get(new Key(kind, source));
        if (state == null || state.count == 0) {
            return Optional.empty();
        }
        return Optional.of(state.lastMailAt == null ? Instant.MIN : state.lastMailAt.plus(window));
    }

    /** A mail that was not delivered: its failures go back into the source's next mail (the window is kept). */
    public synchronized void notDelivered(WindowedFailures alert) {
        SourceState state = sources.computeIfAbsent(new Key(alert.kind(), alert.source()), f -> new SourceState());
        alert.failuresByDetail().forEach((endpoint, n) -> state.add(endpoint, null, null, n));
        state.count += alert.failures() - alert.failuresByDetail().values().stream().mapToInt(Integer::intValue).sum();
        state.unsent += alert.failures();
        state.first = state.first == null || alert.first().isBefore(state.first) ? alert.first() : state.first;
        if (state.last == null || alert.last().isAfter(state.last)) {
            state.last = alert.last();
            state.lastDetail = alert.lastDetail();
            state.lastError = alert.lastError();
        }
    }

    private Optional<WindowedFailures> takeIfDue(Key key, SourceState state, Instant now) {
        if (state.count == 0 || (state.lastMailAt != null && now.isBefore(state.lastMailAt.plus(window)))) {
            return Optional.empty();
        }
        state.lastMailAt = now;
        WindowedFailures alert = new WindowedFailures(key.kind(), key.source(), state.count, state.first, state.last,
                Map.copyOf(state.byEndpoint), state.lastDetail, state.lastError, state.unsent);
        state.clear();
        return Optional.of(alert);
    }

    private static final class SourceState {
        Instant lastMailAt;
        int count;
        /** Of {@code count}, the failures whose last mail did not go out. */
        int unsent;
        Instant first;
        Instant last;
        String lastDetail;
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
                lastDetail = endpoint;
                lastError = error;
            }
        }

        void clear() {
            count = 0;
            unsent = 0;
            first = null;
            last = null;
            byEndpoint.clear();
        }
    }
}
