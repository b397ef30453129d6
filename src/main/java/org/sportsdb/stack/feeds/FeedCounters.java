package org.sportsdb.stack.feeds;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the feeds decided not to publish or not to call, per feed: answers reused from another
 * feed, ids already handled in a run, broadcasts outside the allowlists or already published
 * today, live lookups skipped because recent, unchanged league seasons. API calls and published
 * records are counted by {@code apiCallStats} and {@code publishedRecords}.
 */
public final class FeedCounters {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void count(String feed, String what) {
        counts.computeIfAbsent(feed + " " + what, k -> new AtomicLong()).incrementAndGet();
    }

    public long get(String feed, String what) {
        AtomicLong n = counts.get(feed + " " + what);
        return n == null ? 0 : n.get();
    }

    /** "feed what" → count, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
