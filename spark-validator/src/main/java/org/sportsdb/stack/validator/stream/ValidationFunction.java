package org.sportsdb.stack.validator.stream;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.SourcePosition;

import java.sql.Timestamp;
import java.util.Iterator;

/**
 * Validates the Kafka rows of one partition of a micro-batch. Input columns: key, value, topic, partition, offset,
 * timestamp (the Kafka source schema); output: {@link RoutedRows#SCHEMA}.
 */
public final class ValidationFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

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
                Timestamp ts = in.getAs("timestamp");
                SourcePosition pos = new SourcePosition(in.getAs("topic"), in.<Integer>getAs("partition"),
                        in.<Long>getAs("offset"), ts == null ? null : ts.getTime());
                byte[] key = in.getAs("key");
                return RoutedRows.toRow(validator.validate(pos, RecordValidator.keyText(key), in.getAs("value")));
            }
        };
    }
}
