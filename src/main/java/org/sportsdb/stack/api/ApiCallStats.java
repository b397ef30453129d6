package org.sportsdb.stack.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every API call by endpoint template and outcome: HTTP status codes, envelope rejections,
 * "no data" answers and calls given up after their retries. Nothing the API answers goes uncounted.
 */
public final class ApiCallStats {

    /** The outcomes that end an API call; every call ends with exactly one of them. */
    public static final List<String> CALL_ENDINGS = List.of("ok", "no_data", "envelope_rejected", "gave_up");

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong callsStarted = new AtomicLong();

    /** A call is sent for the first time (its retries are the same call). */
    public void callStarted() {
        callsStarted.incrementAndGet();
    }

    /** Calls sent so far, answered or not. */
    public long callsStarted() {
        return callsStarted.get();
    }

    /** Calls that ended (one of {@link #CALL_ENDINGS}). */
    public long callsFinished() {
        return CALL_ENDINGS.stream().mapToLong(this::total).sum();
    }

    public void count(String endpoint, String outcome) {
        counts.computeIfAbsent(endpoint + " " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    public long get(String endpoint, String outcome) {
        AtomicLong n = counts.get(endpoint + " " + outcome);
        return n == null ? 0 : n.get();
    }

    /** Sum over all endpoints of one outcome, e.g. {@code envelope_rejected}. */
    public long total(String outcome) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" " + outcome))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    /** "endpoint outcome" → count, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
