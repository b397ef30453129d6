package org.sportsdb.stack.validator.metrics;

import org.apache.spark.util.AccumulatorV2;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * A Spark accumulator of the first offset each validation task read from each Kafka partition ("topic-partition" →
 * offsets), so {@link RetentionLossTracker} can tell where a batch's reading really started. The driver prunes what it
 * has looked at ({@link #forgetBelow}).
 */
public final class FirstOffsetsRead extends AccumulatorV2<SourcePosition, Map<String, NavigableSet<Long>>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, TreeSet<Long>> offsets = new HashMap<>();

    public static String topicPartition(String topic, int partition) {
        return topic + "-" + partition;
    }

    @Override
    public boolean isZero() {
        return offsets.isEmpty();
    }

    @Override
    public AccumulatorV2<SourcePosition, Map<String, NavigableSet<Long>>> copy() {
        FirstOffsetsRead c = new FirstOffsetsRead();
        synchronized (this) {
            offsets.forEach((tp, set) -> c.offsets.put(tp, new TreeSet<>(set)));
        }
        return c;
    }

    @Override
    public synchronized void reset() {
        offsets.clear();
    }

    @Override
    public synchronized void add(SourcePosition first) {
        offsets.computeIfAbsent(topicPartition(first.topic(), first.partition()), k -> new TreeSet<>()).add(first.offset());
    }

    @Override
    public synchronized void merge(AccumulatorV2<SourcePosition, Map<String, NavigableSet<Long>>> other) {
        other.value().forEach((tp, set) -> offsets.computeIfAbsent(tp, k -> new TreeSet<>()).addAll(set));
    }

    @Override
    public synchronized Map<String, NavigableSet<Long>> value() {
        Map<String, NavigableSet<Long>> copy = new HashMap<>();
        offsets.forEach((tp, set) -> copy.put(tp, new TreeSet<>(set)));
        return copy;
    }

    /** The smallest first offset read in [from, until) of a partition, or null when no task read there. */
    public synchronized Long firstReadIn(String topicPartition, long from, long until) {
        TreeSet<Long> set = offsets.get(topicPartition);
        Long first = set == null ? null : set.ceiling(from);
        return first != null && first < until ? first : null;
    }

    /** Drops the offsets below {@code until} of a partition (that batch has been looked at). */
    public synchronized void forgetBelow(String topicPartition, long until) {
        TreeSet<Long> set = offsets.get(topicPartition);
        if (set != null) {
            set.headSet(until).clear();
        }
    }
}
