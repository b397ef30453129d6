package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.validator.stream.LastStateDedup;
import org.sportsdb.stack.validator.stream.ValidationFunction;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Running totals of the validator's micro-batches: records in and out (the query progress), unchanged re-polls
 * dropped (counted where the de-duplication dropped them, {@link BatchFigures}), records unaccounted for, batch
 * durations; routed per output topic, unchanged re-polls per topic and rejection reasons (from the
 * {@link RoutingCounter}); records lost to retention per partition (from the {@link RetentionLossTracker}).
 * Rendered in the Prometheus text format by {@link #prometheusText()}.
 */
public final class ValidatorMetrics extends StreamingQueryListener {
    private final RoutingCounter counter;
    private final RetentionLossTracker losses;

    /** @param counter the accumulator the validation tasks fill (registered with the SparkContext) */
    public ValidatorMetrics(RoutingCounter counter) {
        this(counter, null);
    }

    /** @param losses the query's retention-loss tracker, or null */
    public ValidatorMetrics(RoutingCounter counter, RetentionLossTracker losses) {
        this.counter = counter;
        this.losses = losses;
    }

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong input = new AtomicLong();
    private final AtomicLong output = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unaccounted = new AtomicLong();
    private final AtomicLong stateRows = new AtomicLong();
    private final DoubleAdder batchSeconds = new DoubleAdder();
    private volatile double lastBatchSeconds;

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        BatchFigures f = BatchFigures.of(p);
        batches.incrementAndGet();
        input.addAndGet(f.input());
        output.addAndGet(f.output());
        duplicates.addAndGet(Math.max(0, f.unchanged()));
        unaccounted.addAndGet(Math.abs(f.unaccounted()));
        stateRows.set(f.stateRows());
        lastBatchSeconds = f.durationMs() / 1000.0;
        batchSeconds.add(lastBatchSeconds);
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }

    /** Records routed to an output topic (before de-duplication of validated records). */
    public long routed(String outTopic) {
        return counter.value().getOrDefault(outTopic, 0L);
    }

    /** Unchanged re-polls dropped, as counted where the de-duplication dropped them. */
    public long droppedDuplicates() {
        return duplicates.get();
    }

    /** Rows read but neither written nor dropped as unchanged (input - output - dropped; 0 unless rows were lost). */
    public long unaccounted() {
        return unaccounted.get();
    }

    public String prometheusText() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "validator_batches_total", "micro-batches run", batches.get());
        counter(sb, "validator_input_records_total", "records read from soccer.*", input.get());
        counter(sb, "validator_output_records_total", "records written to validated.* and rejected.*", output.get());
        counter(sb, "validator_dropped_duplicates_total", "unchanged re-polls dropped by the de-duplication", duplicates.get());
        counter(sb, "validator_unaccounted_records_total",
                "records read but neither written nor dropped as unchanged (0 unless records were lost on the way to the sink)",
                unaccounted.get());
        counter(sb, "validator_dropped_late_total",
                "always 0: no row is dropped for its age since the last-state de-duplication (kept for the dashboards)", 0);
        Map<String, Long> counts = new TreeMap<>(counter.value());
        labelled(sb, "validator_routed_records_total", "records routed per output topic, before de-duplication",
                counts, "", name -> name.startsWith(ValidationFunction.REASON_PREFIX)
                        || name.startsWith(LastStateDedup.UNCHANGED_PREFIX)
                        || name.startsWith(LastStateDedup.ACROSS_PARTITIONS_PREFIX) ? null : "topic=\"" + name + "\"");
        labelled(sb, "validator_dropped_unchanged_records_total", "unchanged re-polls dropped per validated topic",
                counts, LastStateDedup.UNCHANGED_PREFIX, name -> "topic=\"" + name + "\"");
        labelled(sb, "validator_keys_across_partitions_total",
                "keys whose records came through more than one source partition in one batch (the in-task repeat rule "
                        + "assumes one partition per key)", counts, LastStateDedup.ACROSS_PARTITIONS_PREFIX,
                name -> "topic=\"" + name + "\"");
        labelled(sb, "validator_lost_to_retention_total", "records deleted by Kafka retention before the validator read them",
                losses == null ? Map.of() : losses.lostByPartition(), "", tp -> "topic=\"" + tp.substring(0, tp.lastIndexOf('-'))
                        + "\",partition=\"" + tp.substring(tp.lastIndexOf('-') + 1) + "\"");
        labelled(sb, "validator_rejection_reasons_total", "rejection reasons (a record can have several)",
                counts, ValidationFunction.REASON_PREFIX, reason -> "reason=\"" + reason + "\"");
        gauge(sb, "validator_state_rows", "de-duplication state entries", stateRows.get());
        gauge(sb, "validator_last_batch_duration_seconds", "duration of the last micro-batch", lastBatchSeconds);
        counter(sb, "validator_batch_duration_seconds_total", "time spent in micro-batches", batchSeconds.sum());
        return sb.toString();
    }

    /**
     * A counter with one sample per entry of {@code counts} whose name starts with {@code prefix}; {@code labels} gives
     * the label text of the name without the prefix (null: not this metric's entry).
     */
    private static void labelled(StringBuilder sb, String metric, String help, Map<String, Long> counts, String prefix,
                                 java.util.function.Function<String, String> labels) {
        sb.append("# HELP ").append(metric).append(' ').append(help).append('\n')
                .append("# TYPE ").append(metric).append(" counter\n");
        counts.forEach((name, n) -> {
            String l = name.startsWith(prefix) ? labels.apply(name.substring(prefix.length())) : null;
            if (l != null) {
                sb.append(metric).append('{').append(l).append("} ").append(n).append('\n');
            }
        });
    }

    private static void counter(StringBuilder sb, String name, String help, Number value) {
        metric(sb, name, help, "counter", value);
    }

    private static void gauge(StringBuilder sb, String name, String help, Number value) {
        metric(sb, name, help, "gauge", value);
    }

    private static void metric(StringBuilder sb, String name, String help, String type, Number value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n')
                .append(name).append(' ').append(value).append('\n');
    }
}
