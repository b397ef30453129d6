package org.sportsdb.stack.feeds;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * The steps of the feed routes that act on their run, its {@link FeedRun} (bean {@code feedRunSteps}): each nightly
 * feed starts its run with
 * <pre>
 *   - setProperty: {name: feedRun, method: {ref: feedRunSteps, method: start}}
 * </pre>
 * and its steps then handle an id once per run ({@code idempotentConsumer} keyed by {@code feedRun.id}, repository
 * {@code oncePerRun}), apply caps ({@code filter} on {@code feedRun.within(...)}) and set rows aside for a later
 * step ({@link #setAside}, {@link #latest}).
 */
public final class FeedRunSteps {

    public static final String FEED_RUN = "feedRun";

    private final FeedCounters counters;

    public FeedRunSteps(FeedCounters counters) {
        this.counters = counters;
    }

    /**
     * The run the feed route starts; in the feed's run-level retry (a retry through the feed route itself) the retry's
     * run, set by {@link RunGuard}, which knows what the retried run chose.
     */
    public FeedRun start(Exchange exchange) {
        FeedRun retry = exchange.getProperty(FEED_RUN, FeedRun.class);
        if (retry != null && RunGuard.isRetryPass(exchange)) {
            return retry;
        }
        return new FeedRun(FeedName.of(exchange), counters);
    }

    /** Sets the body row aside for a later step of the run (e.g. choosing the latest events). */
    public void setAside(Exchange exchange) {
        run(exchange).setAside(row(exchange));
    }

    /**
     * The rows set aside, one per {@code idField}, latest {@code orderField} first, at most {@code cap} (≤ 0: all; the
     * rows over the cap are counted {@code skipped_over_max_events}); of those, the ones not chosen before in the run or
     * in the run it retries (they are chosen now).
     */
    public List<Map<String, Object>> latest(Exchange exchange, String idField, String orderField, int cap) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : run(exchange).setAsideRows()) {
            Object id = row.get(idField);
            if (id != null && !id.toString().isBlank()) {
                byId.putIfAbsent(id.toString().trim(), row);
            }
        }
        if (cap > 0 && byId.size() > cap) {
            for (int i = cap; i < byId.size(); i++) {
                counters.count(FeedName.of(exchange), "skipped_over_max_events");
            }
        }
        return byId.values().stream()
                .sorted(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.getOrDefault(orderField, ""))).reversed())
                .limit(cap > 0 ? cap : Long.MAX_VALUE)
                .filter(row -> run(exchange).choose(row.get(idField).toString().trim()))
                .collect(Collectors.toList());
    }

    private static FeedRun run(Exchange exchange) {
        FeedRun run = exchange.getProperty(FEED_RUN, FeedRun.class);
        if (run == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " did not start a feed run (property " + FEED_RUN + ")");
        }
        return run;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> row(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (!(body instanceof Map)) {
            throw new IllegalArgumentException("expected one API row as body, got " + (body == null ? "nothing" : body.getClass().getSimpleName()));
        }
        return (Map<String, Object>) body;
    }
}
