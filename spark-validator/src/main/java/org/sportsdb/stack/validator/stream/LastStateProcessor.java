package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.sportsdb.stack.validator.audit.BatchCounts;
import org.sportsdb.stack.validator.core.DedupState;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import scala.jdk.javaapi.CollectionConverters;

import java.time.Duration;
import java.util.Iterator;

/**
 * The stateful de-duplication on the RocksDB state store ({@code transformWithState}): the same rule as
 * {@link LastStateDedup} ({@link LastStateDedup#decide}), with the key's last validated state in a {@link ValueState}
 * whose TTL is the window. A batch reads and writes only the states of its own keys: expired states are found through
 * the store's TTL index (no scan of every state, as the processing-time timeout of {@code flatMapGroupsWithState}
 * does each batch), and with changelog checkpointing a batch's commit writes only the states it changed. The TTL
 * counts from the last write, which happens only when a record is validated, so a state expires a window after its
 * key's last validated record, as with the timeout; the rule also checks the age itself, so an expired state that is
 * still stored never drops a record.
 */
public final class LastStateProcessor extends StatefulProcessor<Long, Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Name of the value state (part of the checkpoint's state schema). */
    static final String STATE_NAME = "last_validated";

    private final long windowMillis;
    private final RoutingCounter counter;
    private final DedupCounts counts;
    private transient ValueState<DedupState> state;

    /** @param counter counts the dropped rows per output topic ({@link LastStateDedup#UNCHANGED_PREFIX}), or null */
    public LastStateProcessor(long windowMillis, RoutingCounter counter) {
        this(windowMillis, counter, null);
    }

    /** @param counts the audit counts (or null), as {@link LastStateDedup}'s */
    public LastStateProcessor(long windowMillis, RoutingCounter counter, BatchCounts counts) {
        this.windowMillis = windowMillis;
        this.counter = counter;
        this.counts = new DedupCounts(counts);
    }

    @Override
    public void init(OutputMode outputMode, TimeMode timeMode) {
        state = getHandle().getValueState(STATE_NAME, Encoders.bean(DedupState.class),
                new TTLConfig(Duration.ofMillis(windowMillis)));
    }

    @Override
    public scala.collection.Iterator<Row> handleInputRows(Long groupKey, scala.collection.Iterator<Row> input,
                                                          TimerValues timerValues) {
        Iterator<Row> rows = CollectionConverters.asJava(input);
        Row first = rows.next();
        if (LastStateDedup.isRejected(first)) {
            return CollectionConverters.asScala(LastStateDedup.prepend(first, rows, counts));
        }
        DedupState last = state.get();  // null when the key has none (one store read; exists() would be a second)
        LastStateDedup.Decided d = LastStateDedup.decide(first, rows, last,
                timerValues.getCurrentProcessingTimeInMs(), windowMillis, counter, counts);
        if (d.changed()) {
            state.update(d.state());
        }
        return CollectionConverters.asScala(d.rows());
    }
}
