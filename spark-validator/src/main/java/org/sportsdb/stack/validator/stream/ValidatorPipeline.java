package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.TimeMode;
import org.sportsdb.stack.validator.audit.BatchCounts;
import org.sportsdb.stack.validator.core.DedupState;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.StateKeyHash;
import org.sportsdb.stack.validator.metrics.FirstOffsetsRead;
import org.sportsdb.stack.validator.metrics.RetentionLossTracker;
import org.sportsdb.stack.validator.metrics.RoutingCounter;

import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The validator query, in named stages over rows of {@link RoutedRows#SCHEMA}:
 * <ol>
 *   <li>{@link #validatedOrRejected}: one Kafka source over every soccer.* topic, one validation pass per row; every
 *       input row gives a row, {@code outcome} = validated or rejected, except the repeats of the previous record of
 *       their key inside the task ({@link org.sportsdb.stack.validator.core.InBatchRepeats}), dropped there and
 *       counted;</li>
 *   <li>{@link #decided}: the validated and rejected rows through the stateful de-duplication
 *       ({@link LastStateProcessor} on RocksDB, or {@link LastStateDedup} for {@link DedupStore#HDFS}: a validated row
 *       equal to its key's last validated state becomes an unchanged marker; rejected rows pass untouched);</li>
 *   <li>{@link #written}: the validated and rejected rows, (topic, key, value) for the Kafka sink.</li>
 * </ol>
 * Nothing else drops a row: per batch, input = validated + rejected + unchanged (in the tasks + in the state). The
 * stages count what they read, pass on and drop per source topic ({@link BatchCounts}) for the audit record, and the
 * sink's own count of rows written tells whether every row passed on reached it.
 */
public final class ValidatorPipeline {
    /** Spark's switch for micro-batches that run without new data (to process timeouts and watermarks). */
    public static final String NO_DATA_BATCHES = "spark.sql.streaming.noDataMicroBatches.enabled";

    private ValidatorPipeline() {
    }

    /**
     * A test-only fault between the de-duplication and the sink (identity in production): what the audit counts must
     * show when a row passed on to the sink never reaches it.
     */
    private static volatile java.util.function.UnaryOperator<Dataset<Row>> faultBeforeSink = java.util.function.UnaryOperator.identity();

    /** Tests only: {@code fault} applied to the rows between the de-duplication and the sink of the queries started next. */
    public static void testFaultBeforeSink(java.util.function.UnaryOperator<Dataset<Row>> fault) {
        faultBeforeSink = fault == null ? java.util.function.UnaryOperator.identity() : fault;
    }

    /** Stage 1: every source row validated and routed ({@link RoutedRows#SCHEMA}). */
    public static Dataset<Row> validatedOrRejected(Dataset<Row> kafkaRows, RoutingCounter counter, FirstOffsetsRead firstOffsets) {
        return validatedOrRejected(kafkaRows, counter, firstOffsets, null);
    }

    static Dataset<Row> validatedOrRejected(Dataset<Row> kafkaRows, RoutingCounter counter, FirstOffsetsRead firstOffsets,
                                            BatchCounts counts) {
        return kafkaRows
                .selectExpr(ValidationFunction.INPUT_COLUMNS)
                .mapPartitions(new ValidationFunction(counter, firstOffsets, counts), Encoders.row(RoutedRows.SCHEMA));
    }

    /**
     * Stage 2: the rows of stage 1 de-duplicated on the last validated state of their key (unchanged → marker rows), with
     * the operator of {@code store} (the session must be configured for it: {@link DedupStore#configure}).
     */
    public static Dataset<Row> decided(Dataset<Row> validatedOrRejected, DedupWindow window, RoutingCounter counter,
                                       DedupStore store) {
        return decided(validatedOrRejected, window, counter, store, null);
    }

    static Dataset<Row> decided(Dataset<Row> validatedOrRejected, DedupWindow window, RoutingCounter counter, DedupStore store,
                                BatchCounts counts) {
        requireDistinctTopicTags();
        KeyValueGroupedDataset<Long, Row> byKey = validatedOrRejected
                .groupBy(col(RoutedRows.GROUP_KEY))
                .as(Encoders.LONG(), Encoders.row(RoutedRows.SCHEMA));
        if (store == DedupStore.ROCKSDB) {
            return byKey.transformWithState(new LastStateProcessor(window.millis(), counter, counts), TimeMode.ProcessingTime(),
                    OutputMode.Append(), Encoders.row(RoutedRows.SCHEMA));
        }
        return byKey.flatMapGroupsWithState(new LastStateDedup(window.millis(), counter, counts), OutputMode.Append(),
                Encoders.bean(DedupState.class), Encoders.row(RoutedRows.SCHEMA),
                GroupStateTimeout.ProcessingTimeTimeout());
    }

    /** The state keys of two topics must never meet ({@link StateKeyHash}): a contract whose tag collides stops the start. */
    static void requireDistinctTopicTags() {
        List<String> outTopics = ContractCatalog.fromClasspath().all().keySet().stream()
                .map(t -> RecordValidator.VALIDATED_PREFIX + t).toList();
        if (!StateKeyHash.distinctTopicTags(outTopics)) {
            throw new IllegalStateException("two validated topics share a state key tag (StateKeyHash.topicTag): "
                    + "rename one or change the tag width; topics " + outTopics);
        }
    }

    /** Stage 3: what the sink writes, the validated and rejected rows of stage 2. */
    public static Dataset<Row> written(Dataset<Row> decided) {
        return decided
                .filter(col(RoutedRows.OUTCOME).notEqual(lit(RoutedRows.UNCHANGED)))
                .select(col(RoutedRows.TOPIC), col(RoutedRows.KEY), col(RoutedRows.VALUE));
    }

    /** The rows the sink writes (topic, key, value) from the Kafka source rows. */
    public static Dataset<Row> routed(Dataset<Row> kafkaRows, DedupWindow window, RoutingCounter counter,
                                      FirstOffsetsRead firstOffsets, DedupStore store) {
        return routed(kafkaRows, window, counter, firstOffsets, store, null);
    }

    /** The same, counting for the audit records ({@code counts} may be null). */
    static Dataset<Row> routed(Dataset<Row> kafkaRows, DedupWindow window, RoutingCounter counter,
                               FirstOffsetsRead firstOffsets, DedupStore store, BatchCounts counts) {
        return written(decided(validatedOrRejected(kafkaRows, counter, firstOffsets, counts), window, counter, store, counts));
    }

    /** Starts the query; {@code counter} (may be null) counts per output topic and reason. Retention losses are logged. */
    public static StreamingQuery start(SparkSession spark, StreamSettings settings, RoutingCounter counter)
            throws TimeoutException {
        RetentionLossTracker losses = RetentionLossTracker.register(spark, settings.kafkaOptions());
        StreamingQuery q = start(spark, settings, counter, losses);
        losses.removeWhenTerminated(spark);
        return q;
    }

    /**
     * Starts the query with a tracker of retention losses (see {@link RetentionLossTracker#register}).
     * Turns off Spark's batches without data for the session ({@link #NO_DATA_BATCHES}): with a processing-time timeout
     * the state operator asks for one after every batch, so Trigger.AvailableNow would never end and a running query
     * would scan the whole state every trigger interval. Expired states are then removed by the next batch with data
     * (the rule itself looks at the state's age, so an expired state never drops a record).
     */
    public static StreamingQuery start(SparkSession spark, StreamSettings settings, RoutingCounter counter,
                                       RetentionLossTracker losses) throws TimeoutException {
        spark.conf().set(NO_DATA_BATCHES, "false");
        settings.dedupStore().check(settings.checkpointDir(), spark.sparkContext().hadoopConfiguration());
        settings.dedupStore().configure(spark);
        // the audit counts of each batch (validator.audit, see audit/BatchCounts), counted by the stages' own tasks
        BatchCounts counts = BatchCounts.of(spark.sparkContext());
        Dataset<Row> out = faultBeforeSink.apply(
                routed(KafkaSourceAndSink.source(spark, settings), settings.dedupWindow(), counter, losses.firstOffsets(),
                        settings.dedupStore(), counts));
        losses.watch(settings.queryName());
        return KafkaSourceAndSink.sink(out, settings).start();
    }
}
