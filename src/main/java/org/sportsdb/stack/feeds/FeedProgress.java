package org.sportsdb.stack.feeds;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.sportsdb.stack.api.ApiCallStats;

/**
 * How far a feed run is: requests known to be needed (announced by the fan-out steps as they
 * discover work) against requests finished (every call ends as exactly one of ok, no_data,
 * envelope_rejected or gave_up in {@code apiCallStats}).
 */
public final class FeedProgress {

    /** The outcomes that end an API call; every call ends with exactly one of them. */
    static final List<String> CALL_ENDINGS = List.of("ok", "no_data", "envelope_rejected", "gave_up");

    private final AtomicLong expected = new AtomicLong();

    /** A fan-out step announces requests it is about to make. */
    public void expect(long requests) {
        if (requests > 0) {
            expected.addAndGet(requests);
        }
    }

    /** A request announced earlier was answered without calling the API (a reused answer). */
    public void notNeeded(long requests) {
        expected.addAndGet(-requests);
    }

    public long expected() {
        return expected.get();
    }

    public static long callsFinished(ApiCallStats stats) {
        return CALL_ENDINGS.stream().mapToLong(stats::total).sum();
    }
}
