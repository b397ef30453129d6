package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.StateKeyHash;

import java.sql.Timestamp;

/**
 * The Spark row shape of a {@link RoutedRecord} between the validation and the sink: the Kafka sink columns (topic, key,
 * value), the outcome ({@link #VALIDATED}, {@link #REJECTED} or {@link #UNCHANGED}), the de-duplication columns and the
 * source coordinates. An unchanged row is a marker (value null) the de-duplication state leaves for a validated record
 * it dropped as an unchanged re-poll; it never reaches the sink.
 */
public final class RoutedRows {
    public static final String TOPIC = "topic";
    public static final String KEY = "key";
    public static final String VALUE = "value";
    public static final String OUTCOME = "outcome";
    /**
     * The de-duplication group, a long ({@link StateKeyHash}): the state key of a validated record; one group per source
     * partition for rejected ones.
     */
    public static final String GROUP_KEY = "group_key";
    public static final String SOURCE_TOPIC = "source_topic";
    public static final String SOURCE_PARTITION = "source_partition";
    public static final String SOURCE_OFFSET = "source_offset";
    public static final String EVENT_TIME = "event_time";

    public static final String VALIDATED = "validated";
    public static final String REJECTED = "rejected";
    public static final String UNCHANGED = "unchanged";

    public static final StructType SCHEMA = new StructType()
            .add(TOPIC, DataTypes.StringType, false)
            .add(KEY, DataTypes.StringType, true)
            .add(VALUE, DataTypes.BinaryType, true)
            .add(OUTCOME, DataTypes.StringType, false)
            .add(GROUP_KEY, DataTypes.LongType, false)
            .add(SOURCE_TOPIC, DataTypes.StringType, false)
            .add(SOURCE_PARTITION, DataTypes.IntegerType, true)
            .add(SOURCE_OFFSET, DataTypes.LongType, false)
            .add(EVENT_TIME, DataTypes.TimestampType, false);

    /** Column positions in {@link #SCHEMA}. */
    static final int TOPIC_POS = 0;
    static final int KEY_POS = 1;
    static final int OUTCOME_POS = 3;
    static final int GROUP_KEY_POS = 4;
    static final int VALUE_POS = 2;
    static final int SOURCE_TOPIC_POS = 5;
    static final int SOURCE_PARTITION_POS = 6;
    static final int SOURCE_OFFSET_POS = 7;
    static final int EVENT_TIME_POS = 8;

    private RoutedRows() {
    }

    /** The payload hash of a validated row, read from the end of its value (not a column of its own: it would make every shuffled row 64 bytes larger). */
    public static String payloadHash(Row validated) {
        return RecordValidator.payloadHashOf((byte[]) validated.get(VALUE_POS));
    }

    public static Row toRow(RoutedRecord r) {
        long groupKey = r.valid() ? StateKeyHash.of(r.outTopic(), r.key())
                : StateKeyHash.rejectedGroup(r.source().topic(), r.source().partition());
        return RowFactory.create(r.outTopic(), r.key(), r.value(), r.valid() ? VALIDATED : REJECTED, groupKey,
                r.source().topic(), r.source().partition(), r.source().offset(),
                new Timestamp(r.eventTimeMillis()));
    }

    /** The marker of a validated row dropped by the de-duplication state. */
    public static Row unchanged(Row validated) {
        return RowFactory.create(validated.get(TOPIC_POS), validated.get(KEY_POS), null, UNCHANGED,
                validated.get(GROUP_KEY_POS), validated.get(SOURCE_TOPIC_POS),
                validated.get(SOURCE_PARTITION_POS), validated.get(SOURCE_OFFSET_POS), validated.get(EVENT_TIME_POS));
    }
}
