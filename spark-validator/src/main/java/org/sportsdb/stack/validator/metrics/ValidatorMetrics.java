package org.sportsdb.stack.validator.metrics;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Running totals of the validator's micro-batches, from the query progress: records in, records out, routed per
 * output topic (observed before de-duplication), unchanged re-polls dropped, late rows dropped, batch durations.
 * Rendered in the Prometheus text format by {@link #prometheusText()}.
 */
public final class ValidatorMetrics extends StreamingQueryListener {
    /** Name of the observation that {@code ValidatorPipeline} attaches to the routed rows. */
    public static final String OBSERVATION = "routed";

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong input = new AtomicLong();
    private final AtomicLong output = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong stateRows = new AtomicLong();
    private final DoubleAdder batchSeconds = new DoubleAdder();
    private volatile double lastBatchSeconds;
    private final Map<String, AtomicLong> routed = new ConcurrentHashMap<>();

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
        duplicates.addAndGet(f.duplicates());
        late.addAndGet(f.late());
        stateRows.set(f.stateRows());
        lastBatchSeconds = f.durationMs() / 1000.0;
        batchSeconds.add(lastBatchSeconds);
        Row observed = p.observedMetrics().get(OBSERVATION);
        if (observed != null) {
            for (String field : observed.schema().fieldNames()) {
                Object v = observed.getAs(field);
                long n = v == null ? 0 : ((Number) v).longValue();
                routed.computeIfAbsent(field, k -> new AtomicLong()).addAndGet(n);
            }
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }

    /** Records routed to an output topic (before de-duplication of validated records). */
    public long routed(String outTopic) {
        AtomicLong n = routed.get(outTopic);
        return n == null ? 0 : n.get();
    }

    public long droppedDuplicates() {
        return duplicates.get();
    }

    public String prometheusText() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "validator_batches_total", "micro-batches run", batches.get());
        counter(sb, "validator_input_records_total", "records read from soccer.*", input.get());
        counter(sb, "validator_output_records_total", "records written to validated.* and rejected.*", output.get());
        counter(sb, "validator_dropped_duplicates_total", "unchanged re-polls dropped by the de-duplication", duplicates.get());
        counter(sb, "validator_dropped_late_total", "rows older than the watermark, dropped by Spark", late.get());
        sb.append("# HELP validator_routed_records_total records routed per output topic, before de-duplication\n")
                .append("# TYPE validator_routed_records_total counter\n");
        new TreeMap<>(routed).forEach((topic, n) -> sb.append("validator_routed_records_total{topic=\"").append(topic)
                .append("\"} ").append(n.get()).append('\n'));
        gauge(sb, "validator_state_rows", "de-duplication state entries", stateRows.get());
        gauge(sb, "validator_last_batch_duration_seconds", "duration of the last micro-batch", lastBatchSeconds);
        counter(sb, "validator_batch_duration_seconds_total", "time spent in micro-batches", batchSeconds.sum());
        return sb.toString();
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
