package org.sportsdb.stack.feeds;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * The fan-out decisions of the feed routes, on the run's {@link FeedRun}: handle an id once per
 * run (across leagues, seasons and teams), within a cap, and announce the requests that follow.
 * <pre>
 *   - setProperty: {name: feedRun, method: {ref: runIds, method: start}}
 *   - filter: {method: "runIds.admit(*, 'idTeam', 0, 1)"}
 * </pre>
 */
public final class RunIds {

    public static final String FEED_RUN = "feedRun";

    private final FeedProgress progress;
    private final FeedCounters counters;

    public RunIds(FeedProgress progress, FeedCounters counters) {
        this.progress = progress;
        this.counters = counters;
    }

    public FeedRun start() {
        return new FeedRun();
    }

    /**
     * True when the body row's {@code field} was not handled yet in this run and fewer than {@code cap}
     * (≤ 0: no cap) were; then {@code requests} requests are announced for it. Rows without the id pass
     * (they are published for the validator to reject, never dropped silently).
     */
    public boolean admit(Exchange exchange, String field, int cap, int requests) {
        return admitIn(exchange, field, field, cap, requests);
    }

    /** Like {@link #admit} with the cap counted per value of {@code perField} (e.g. players per team). */
    public boolean admitPer(Exchange exchange, String field, String perField, int cap, int requests) {
        Object per = row(exchange).get(perField);
        return admitIn(exchange, field + " per " + perField + "=" + per, field, cap, requests);
    }

    private boolean admitIn(Exchange exchange, String scope, String field, int cap, int requests) {
        Object id = row(exchange).get(field);
        String feed = FeedName.of(exchange);
        if (id == null || id.toString().isBlank()) {
            counters.count(feed, "without_" + field);
            progress.expect(requests);
            return true;
        }
        boolean admitted = run(exchange).admit(scope, id.toString().trim(), cap);
        if (admitted) {
            progress.expect(requests);
        } else {
            counters.count(feed, "skipped_" + field + "_seen_or_capped");
        }
        return admitted;
    }

    /** Sets the body row aside for a later step of the run (e.g. choosing the latest events). */
    public void setAside(Exchange exchange) {
        run(exchange).setAside(row(exchange));
    }

    /**
     * The rows set aside, one per {@code idField}, latest {@code orderField} first, at most {@code cap}
     * (≤ 0: all); announces {@code requestsEach} requests for each.
     */
    public List<Map<String, Object>> latest(Exchange exchange, String idField, String orderField, int cap, int requestsEach) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : run(exchange).setAsideRows()) {
            Object id = row.get(idField);
            if (id != null && !id.toString().isBlank()) {
                byId.putIfAbsent(id.toString().trim(), row);
            }
        }
        List<Map<String, Object>> rows = byId.values().stream()
                .sorted(Comparator.comparing((Map<String, Object> r) -> String.valueOf(r.getOrDefault(orderField, ""))).reversed())
                .limit(cap > 0 ? cap : Long.MAX_VALUE)
                .collect(Collectors.toList());
        progress.expect((long) rows.size() * requestsEach);
        return rows;
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
