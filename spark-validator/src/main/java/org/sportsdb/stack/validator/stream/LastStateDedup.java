package org.sportsdb.stack.validator.stream;

import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.GroupState;
import org.sportsdb.stack.validator.audit.BatchCounts;
import org.sportsdb.stack.validator.core.DedupState;
import org.sportsdb.stack.validator.metrics.RoutingCounter;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The stateful de-duplication of {@link DedupStore#HDFS} (flatMapGroupsWithState, processing-time timeout; the rule
 * itself, {@link #decide}, is shared with {@link LastStateProcessor}): per state key (output topic + primary
 * key, hashed to a long by {@link org.sportsdb.stack.validator.core.StateKeyHash}, which explains why a collision never
 * drops a record) the last validated payload hash and when it was validated ({@link DedupState}). A validated row equal to that
 * state is replaced by an {@link RoutedRows#UNCHANGED} marker; any other is passed on and becomes the state. The state
 * times out a window after the last validated record of its key (the TTL), and is then removed.
 *
 * <p>The rows of one key in one batch are taken in source order (Kafka offset within a partition; ingestion time, then
 * partition and offset, when a key's rows come from several partitions). Rejected rows come in groups of their own
 * (one per source partition) and are passed on untouched: they never touch the state.
 */
public final class LastStateDedup implements FlatMapGroupsWithStateFunction<Long, Row, DedupState, Row> {
    private static final long serialVersionUID = 1L;
    /** Prefix of the per-output-topic counts of unchanged re-polls next to the routing counts. */
    public static final String UNCHANGED_PREFIX = "unchanged:";
    /**
     * Prefix of the per-output-topic counts of keys whose rows came through more than one source partition in one batch:
     * there the in-task rule ({@link org.sportsdb.stack.validator.core.InBatchRepeats}) may have dropped a record that
     * followed another partition's record of the key in time (see the validator README).
     */
    public static final String ACROSS_PARTITIONS_PREFIX = "across-partitions:";

    private static final Comparator<Row> BY_OFFSET = Comparator.comparingLong(r -> r.getLong(RoutedRows.SOURCE_OFFSET_POS));
    private static final Comparator<Row> BY_TIME_PARTITION_OFFSET = Comparator
            .comparing((Row r) -> (Timestamp) r.get(RoutedRows.EVENT_TIME_POS))
            .thenComparingInt(r -> r.isNullAt(RoutedRows.SOURCE_PARTITION_POS) ? -1 : r.getInt(RoutedRows.SOURCE_PARTITION_POS))
            .thenComparing(BY_OFFSET);

    private final long windowMillis;
    private final RoutingCounter counter;
    private final DedupCounts counts;

    /** @param counter counts the dropped rows per output topic ({@link #UNCHANGED_PREFIX}), or null */
    public LastStateDedup(long windowMillis, RoutingCounter counter) {
        this(windowMillis, counter, null);
    }

    /**
     * @param counts the audit counts (or null): per source topic the rows passed on to the sink as validated or
     *               rejected and the unchanged re-polls dropped here
     */
    public LastStateDedup(long windowMillis, RoutingCounter counter, BatchCounts counts) {
        this.windowMillis = windowMillis;
        this.counter = counter;
        this.counts = new DedupCounts(counts);
    }

    @Override
    public Iterator<Row> call(Long groupKey, Iterator<Row> rows, GroupState<DedupState> state) {
        if (state.hasTimedOut()) {
            state.remove();
            return Collections.emptyIterator();
        }
        Row first = rows.next();
        if (isRejected(first)) {
            return prepend(first, rows, counts);
        }
        Decided d = decide(first, rows, state.exists() ? state.get() : null, state.getCurrentProcessingTimeMs(),
                windowMillis, counter, counts);
        if (d.changed()) {
            state.update(d.state());
            state.setTimeoutDuration(windowMillis);
        } else {
            state.setTimeoutDuration(Math.max(1, d.state().remainingMillis(state.getCurrentProcessingTimeMs(), windowMillis)));
        }
        return d.rows();
    }

    /** The rows of one key in one batch after the rule, and the key's state after them ({@code changed}: to be written). */
    record Decided(Iterator<Row> rows, DedupState state, boolean changed) {
    }

    /** True for the first row of a group of rejected rows (they never touch the state: passed on as they come). */
    static boolean isRejected(Row first) {
        return RoutedRows.REJECTED.equals(first.getString(RoutedRows.OUTCOME_POS));
    }

    /**
     * The rule for the validated rows of one key in one batch ({@code first} and {@code rest}), given the key's last
     * validated state ({@code last}, null when none) at processing time {@code now}: a row equal to the state becomes an
     * unchanged marker, any other is passed on and becomes the state. Shared by both state operators.
     */
    static Decided decide(Row first, Iterator<Row> rest, DedupState last, long now, long windowMillis, RoutingCounter counter,
                          DedupCounts counts) {
        if (!rest.hasNext()) {  // the common case: one row of the key in this batch
            String hash = RoutedRows.payloadHash(first);
            if (last != null && last.isUnchanged(hash, now, windowMillis)) {
                countUnchanged(counter, counts, first);
                return new Decided(Collections.singletonList(RoutedRows.unchanged(first)).iterator(), last, false);
            }
            counts.count(first, BatchCounts.VALIDATED);
            return new Decided(Collections.singletonList(first).iterator(), new DedupState(hash, now), true);
        }
        List<Row> ordered = new ArrayList<>();
        ordered.add(first);
        rest.forEachRemaining(ordered::add);
        boolean onePartition = fromOnePartition(ordered);
        ordered.sort(onePartition ? BY_OFFSET : BY_TIME_PARTITION_OFFSET);
        if (counter != null && !onePartition) {
            counter.add(ACROSS_PARTITIONS_PREFIX + first.getString(RoutedRows.TOPIC_POS));
        }
        boolean changed = false;
        List<Row> out = new ArrayList<>(ordered.size());
        for (Row r : ordered) {
            String hash = RoutedRows.payloadHash(r);
            if (last != null && last.isUnchanged(hash, now, windowMillis)) {
                out.add(RoutedRows.unchanged(r));
                countUnchanged(counter, counts, r);
            } else {
                out.add(r);
                counts.count(r, BatchCounts.VALIDATED);
                last = new DedupState(hash, now);
                changed = true;
            }
        }
        return new Decided(out.iterator(), last, changed);
    }

    private static void countUnchanged(RoutingCounter counter, DedupCounts counts, Row r) {
        counts.count(r, BatchCounts.DROPPED);
        if (counter != null) {
            counter.add(UNCHANGED_PREFIX + r.getString(RoutedRows.TOPIC_POS));
        }
    }

    private static boolean fromOnePartition(List<Row> rows) {
        return rows.stream().map(r -> r.get(RoutedRows.SOURCE_PARTITION_POS)).distinct().count() == 1;
    }

    /** The rows of a rejected group, read lazily (Spark consumes a group's output before it moves to the next group). */
    static Iterator<Row> prepend(Row first, Iterator<Row> rest, DedupCounts counts) {
        return new Iterator<>() {
            private boolean firstGiven;

            @Override
            public boolean hasNext() {
                return !firstGiven || rest.hasNext();
            }

            @Override
            public Row next() {
                if (!firstGiven) {
                    firstGiven = true;
                    counts.count(first, BatchCounts.REJECTED);
                    return first;
                }
                if (!rest.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = rest.next();
                counts.count(r, BatchCounts.REJECTED);
                return r;
            }
        };
    }
}
