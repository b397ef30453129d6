package org.sportsdb.stack.validator.stream;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.sql.Timestamp;
import java.util.Iterator;

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

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordValidator validator = RecordValidator.fromClasspath();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row in = input.next();
                Timestamp ts = (Timestamp) in.get(TIMESTAMP);
                SourcePosition pos = new SourcePosition(in.getString(TOPIC), in.getInt(PARTITION), in.getLong(OFFSET),
                        ts == null ? null : ts.getTime());
                byte[] key = (byte[]) in.get(KEY);
                return RoutedRows.toRow(validator.validate(pos, RecordValidator.keyText(key), (byte[]) in.get(VALUE)));
            }
        };
    }
}
