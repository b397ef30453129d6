package org.sportsdb.stack.validator.metrics;

import org.apache.spark.util.AccumulatorV2;

import java.util.HashMap;
import java.util.Map;

/**
 * A Spark accumulator of counts by name, filled by the validation tasks in the same pass: one count per output topic
 * and one per rejection reason. Like every accumulator updated in a transformation, a retried task counts twice
 * (metrics only; the output topics are the record of truth).
 */
public final class RoutingCounter extends AccumulatorV2<String, Map<String, Long>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Long> counts = new HashMap<>();

    @Override
    public boolean isZero() {
        return counts.isEmpty();
    }

    @Override
    public AccumulatorV2<String, Map<String, Long>> copy() {
        RoutingCounter c = new RoutingCounter();
        synchronized (this) {
            c.counts.putAll(counts);
        }
        return c;
    }

    @Override
    public synchronized void reset() {
        counts.clear();
    }

    @Override
    public synchronized void add(String name) {
        counts.merge(name, 1L, Long::sum);
    }

    @Override
    public synchronized void merge(AccumulatorV2<String, Map<String, Long>> other) {
        other.value().forEach((k, v) -> counts.merge(k, v, Long::sum));
    }

    @Override
    public synchronized Map<String, Long> value() {
        return new HashMap<>(counts);
    }
}
