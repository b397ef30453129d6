package org.sportsdb.stack.feeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of one feed (exchange property {@code feedRun}, made by {@code feedRunSteps.start}; the split steps below
 * share it): its id, the key prefix of its ids in the {@code idempotentConsumer} steps ({@link OncePerRunRepository}); how many
 * ids each cap has let through ({@link #within}); the rows it set aside and the ids it chose among them
 * ({@link FeedRunSteps#latest}). The run-level retry of a run has a run of its own ({@link #retry}).
 */
public final class FeedRun {

    private static final AtomicLong RUNS = new AtomicLong();

    private final String id;
    private final String feed;
    private final FeedCounters counters;
    private final Map<String, Integer> taken = new HashMap<>();
    private final List<Map<String, Object>> setAside = new ArrayList<>();
    /** Ids chosen by {@link FeedRunSteps#latest} in this run and in the run it retries. */
    private final Set<String> chosen;
    private final FeedRun retryOf;

    public FeedRun(String feed, FeedCounters counters) {
        this(feed, counters, null);
    }

    private FeedRun(String feed, FeedCounters counters, FeedRun retryOf) {
        this.id = feed + "#" + RUNS.incrementAndGet();
        this.feed = feed;
        this.counters = counters;
        this.retryOf = retryOf;
        this.chosen = retryOf == null ? new HashSet<>() : retryOf.chosenIds();
    }

    /**
     * The run of this run's run-level retry: an id of its own (what the retried calls lead to is handled again) and
     * fresh caps, but the ids this run chose already are not chosen again ({@link FeedRunSteps#latest}).
     */
    public FeedRun retry() {
        return new FeedRun(feed, counters, this);
    }

    /** The run this one retries, or null for a feed's run. */
    public FeedRun getRetryOf() {
        return retryOf;
    }

    /** Unique per run (also per run-level retry pass), e.g. {@code player#12}. */
    public String getId() {
        return id;
    }

    /** The feed this is a run of. */
    public String getFeed() {
        return feed;
    }

    /**
     * The cap of a {@code filter} step: true while fewer than {@code cap} (≤ 0: no cap) rows passed the filter named
     * {@code field} in this run, and then counts this one; otherwise counted as {@code skipped_<field>_seen_or_capped}.
     */
    public boolean within(String field, int cap) {
        return within(field, field, cap);
    }

    /** Like {@link #within}, with the cap counted per value of {@code per} (e.g. the players of each team). */
    public boolean withinPer(String field, Object per, int cap) {
        return within(field + " per " + per, field, cap);
    }

    private synchronized boolean within(String scope, String field, int cap) {
        int passed = taken.getOrDefault(scope, 0);
        if (cap > 0 && passed >= cap) {
            counters.count(feed, "skipped_" + field + "_seen_or_capped");
            return false;
        }
        taken.put(scope, passed + 1);
        return true;
    }

    public synchronized void setAside(Map<String, Object> row) {
        setAside.add(row);
    }

    public synchronized List<Map<String, Object>> setAsideRows() {
        return new ArrayList<>(setAside);
    }

    /** Takes the id as chosen in this run; false when this run or the run it retries chose it already. */
    synchronized boolean choose(String id) {
        return chosen.add(id);
    }

    private synchronized Set<String> chosenIds() {
        return new HashSet<>(chosen);
    }

    @Override
    public String toString() {
        return id;
    }
}
