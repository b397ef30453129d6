package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.sportsdb.stack.validator.audit.BatchAudit;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.metrics.RoutingCounter;

import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;

/**
 * The validator query: one Kafka source over every soccer.* topic, one validation pass per row (which also drops
 * repeats inside the task, see {@link org.sportsdb.stack.validator.core.InBatchRepeats}), de-duplication of validated
 * records on (topic, key, payload_hash) within the window on ingestion time, one Kafka sink whose topic column routes
 * each row to validated.* or rejected.*.
 */
public final class ValidatorPipeline {
    private ValidatorPipeline() {
    }

    /** The routed, de-duplicated rows (topic, key, value) of the source. */
    public static Dataset<Row> routed(Dataset<Row> kafkaRows, DedupWindow dedupWindow, RoutingCounter counter) {
        return kafkaRows
                .selectExpr(ValidationFunction.INPUT_COLUMNS)
                .mapPartitions(new ValidationFunction(counter, dedupWindow.millis()), Encoders.row(RoutedRows.SCHEMA))
                .withWatermark(RoutedRows.EVENT_TIME, dedupWindow.sparkInterval())
                .dropDuplicatesWithinWatermark(RoutedRows.DEDUP_ID)
                .select(col(RoutedRows.TOPIC), col(RoutedRows.KEY), col(RoutedRows.VALUE));
    }

    /** Starts the query; {@code counter} (may be null) counts per output topic and reason. */
    public static StreamingQuery start(SparkSession spark, StreamSettings settings, RoutingCounter counter)
            throws TimeoutException {
        // the audit counts of each batch (validator.audit, see audit/BatchAudit) ride on the rows going to the sink
        Dataset<Row> out = BatchAudit.observe(routed(KafkaStreams.source(spark, settings), settings.dedupWindow(), counter));
        return KafkaStreams.sink(out, settings).start();
    }
}
