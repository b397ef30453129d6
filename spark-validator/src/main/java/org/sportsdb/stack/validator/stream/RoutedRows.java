package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sportsdb.stack.validator.core.RoutedRecord;

import java.sql.Timestamp;

/** The Spark row shape of a {@link RoutedRecord}: the Kafka sink columns plus the de-duplication columns. */
public final class RoutedRows {
    public static final String TOPIC = "topic";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String DEDUP_ID = "dedup_id";
    public static final String EVENT_TIME = "event_time";

    public static final StructType SCHEMA = new StructType()
            .add(TOPIC, DataTypes.StringType, false)
            .add(KEY, DataTypes.StringType, true)
            .add(VALUE, DataTypes.BinaryType, false)
            .add(DEDUP_ID, DataTypes.StringType, false)
            .add(EVENT_TIME, DataTypes.TimestampType, false);

    private RoutedRows() {
    }

    public static Row toRow(RoutedRecord r) {
        return RowFactory.create(r.outTopic(), r.key(), r.value(), r.dedupId(), new Timestamp(r.eventTimeMillis()));
    }
}
