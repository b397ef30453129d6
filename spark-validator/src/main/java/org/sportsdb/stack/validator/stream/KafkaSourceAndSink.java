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
                .option("failOnDataLoss", Boolean.toString(s.failOnDataLoss()))
                // Spark's reader asks the broker for the partition's offset range after every poll; on the same
                // connection that request waits behind the consumer's next fetch, which the broker holds up to
                // fetch.max.wait.ms (500 ms by default) when the task's range ends at the log's end: ≈ 0.5 s per task,
                // 26 tasks a batch, on an idle machine (a 1,000-record batch took 7 s; now ≈ 1 s)
                .option("kafka.fetch.max.wait.ms", "10");
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
                // batches of up to 256 KiB instead of 16 KiB: the broker's cost is per batch (a catch-up writes 30 % faster)
                .option("kafka.batch.size", "262144")
                .option("kafka.compression.type", "lz4")
                .option("checkpointLocation", s.checkpointDir())
                .queryName(s.queryName())
                .trigger(s.sparkTrigger());
    }
}
