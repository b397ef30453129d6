package org.sportsdb.stack.validator.stream;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.core.InBatchRepeats;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.sql.Timestamp;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Validates the Kafka rows of one partition of a micro-batch. Input: {@link #INPUT_COLUMNS} of the Kafka source;
 * output: {@link RoutedRows#SCHEMA}.
 */
public final class ValidationFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Column positions of {@link #INPUT_COLUMNS}. */
    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int TOPIC = 2;
    private static final int PARTITION = 3;
    private static final int OFFSET = 4;
    private static final int TIMESTAMP = 5;
    /** The Kafka source columns this function reads, in this order. */
    public static final String[] INPUT_COLUMNS = {"key", "value", "topic", "partition", "offset", "timestamp"};
    /** Prefix of the per-reason counts next to the per-output-topic counts. */
    public static final String REASON_PREFIX = "reason:";

    private final RoutingCounter counter;
    private final long dedupWindowMillis;

    /**
     * @param counter           counts per output topic and per rejection reason, or null
     * @param dedupWindowMillis the de-duplication window: repeats inside a task are dropped here ({@link InBatchRepeats})
     */
    public ValidationFunction(RoutingCounter counter, long dedupWindowMillis) {
        this.counter = counter;
        this.dedupWindowMillis = dedupWindowMillis;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordValidator validator = RecordValidator.fromClasspath();
        InBatchRepeats repeats = new InBatchRepeats(System.currentTimeMillis(), dedupWindowMillis, InBatchRepeats.DEFAULT_CAPACITY);
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && input.hasNext()) {
                    RoutedRecord routed = validate(validator, input.next());
                    if (!repeats.isRepeat(routed)) {
                        next = RoutedRows.toRow(routed);
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row out = next;
                next = null;
                return out;
            }
        };
    }

    private RoutedRecord validate(RecordValidator validator, Row in) {
        Timestamp ts = (Timestamp) in.get(TIMESTAMP);
        SourcePosition pos = new SourcePosition(in.getString(TOPIC), in.getInt(PARTITION), in.getLong(OFFSET),
                ts == null ? null : ts.getTime());
        byte[] key = (byte[]) in.get(KEY);
        RoutedRecord routed = validator.validate(pos, RecordValidator.keyText(key), (byte[]) in.get(VALUE));
        if (counter != null) {
            counter.add(routed.outTopic());
            for (String reason : routed.reasons()) {
                counter.add(REASON_PREFIX + reason);
            }
        }
        return routed;
    }
}
