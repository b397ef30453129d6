package org.sportsdb.stack.validator.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.sportsdb.stack.validator.stream.KafkaSourceAndSink;
import org.sportsdb.stack.validator.stream.StreamSettings;

import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/** The benchmark's baseline: the same source and sink as the validator, records copied unchanged to copy.soccer.*. */
public final class CopyPipeline {
    public static final String PREFIX = "copy.";

    private CopyPipeline() {
    }

    public static StreamingQuery start(SparkSession spark, StreamSettings settings) throws TimeoutException {
        Dataset<Row> out = KafkaSourceAndSink.source(spark, settings)
                .select(concat(lit(PREFIX), col("topic")).as("topic"), col("key"), col("value"));
        return KafkaSourceAndSink.sink(out, settings).start();
    }
}
