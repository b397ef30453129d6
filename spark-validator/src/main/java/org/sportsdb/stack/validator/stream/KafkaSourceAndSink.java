package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;

/** The Kafka source and sink of a query, configured from {@link StreamSettings} (shared by the validator and the benchmark's copy job). */
public final class KafkaSourceAndSink {
    private KafkaSourceAndSink() {
    }

    public static Dataset<Row> source(SparkSession spark, StreamSettings s) {
        DataStreamReader r = spark.readStream().format("kafka")
                .options(s.kafkaOptions())
                .option("subscribePattern", s.sourcePattern())
                .option("startingOffsets", s.startingOffsets())
                .option("failOnDataLoss", Boolean.toString(s.failOnDataLoss()));
        if (s.maxOffsetsPerTrigger() != null) {
            r = r.option("maxOffsetsPerTrigger", s.maxOffsetsPerTrigger());
        }
        return r.load();
    }

    /** A Kafka sink for rows with topic, key and value columns; idempotent producer, acks=all. */
    public static DataStreamWriter<Row> sink(Dataset<Row> rows, StreamSettings s) {
        return rows.writeStream().format("kafka")
                .options(s.kafkaOptions())
                .option("kafka.enable.idempotence", "true")
                .option("kafka.acks", "all")
                .option("kafka.linger.ms", "20")
                .option("kafka.compression.type", "lz4")
                .option("checkpointLocation", s.checkpointDir())
                .queryName(s.queryName())
                .trigger(s.sparkTrigger());
    }
}
