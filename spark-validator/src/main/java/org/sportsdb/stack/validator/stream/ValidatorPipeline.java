package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.metrics.ValidatorMetrics;

import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The validator query: one Kafka source over every soccer.* topic, one validation pass per row, de-duplication of
 * validated records on (topic, key, payload_hash) within the window on ingestion time, one Kafka sink whose topic
 * column routes each row to validated.* or rejected.*.
 */
public final class ValidatorPipeline {
    private ValidatorPipeline() {
    }

    /** The routed, de-duplicated rows (topic, key, value) of the source. */
    public static Dataset<Row> routed(Dataset<Row> kafkaRows, DedupWindow dedupWindow) {
        return kafkaRows
                .selectExpr(ValidationFunction.INPUT_COLUMNS)
                .mapPartitions(new ValidationFunction(), Encoders.row(RoutedRows.SCHEMA))
                .observe(ValidatorMetrics.OBSERVATION, ROUTED_COUNTS[0], java.util.Arrays.copyOfRange(ROUTED_COUNTS, 1, ROUTED_COUNTS.length))
                .withWatermark(RoutedRows.EVENT_TIME, dedupWindow.sparkInterval())
                .dropDuplicatesWithinWatermark(RoutedRows.DEDUP_ID)
                .select(col(RoutedRows.TOPIC), col(RoutedRows.KEY), col(RoutedRows.VALUE));
    }

    private static final Column[] ROUTED_COUNTS = routedCounts();

    /** Per output topic of every contract: how many rows the batch routed there (counted in the same pass). */
    private static Column[] routedCounts() {
        return ContractCatalog.fromClasspath().all().keySet().stream()
                .flatMap(t -> Stream.of(RecordValidator.VALIDATED_PREFIX + t, RecordValidator.REJECTED_PREFIX + t))
                .map(out -> sum(when(col(RoutedRows.TOPIC).equalTo(out), 1L).otherwise(0L)).as(out))
                .toArray(Column[]::new);
    }

    public static StreamingQuery start(SparkSession spark, StreamSettings settings) throws TimeoutException {
        Dataset<Row> out = routed(KafkaStreams.source(spark, settings), settings.dedupWindow());
        return KafkaStreams.sink(out, settings).start();
    }
}
