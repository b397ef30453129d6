package org.sportsdb.stack.ops.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.sportsdb.stack.triage.TopicCounts;
import org.sportsdb.stack.triage.TriageResult;
import org.sportsdb.stack.triage.TriageRunFailedException;

/**
 * Counts triage runs (ok / failed) and what each run committed, per topic: records, Parquet files, offsets
 * lost to retention; and the time and duration of the last run. It listens to the "exchange sent" event of
 * the triage endpoint ({@code direct://triage}, whether the schedule or {@code ./stack triage} sent it)
 * and reads the run's {@link TriageResult} from the reply, or, from a failed run, what it committed before the
 * failure ({@link TriageRunFailedException#committed()}): those files and offsets stay, so they are counted too.
 */
final class TriageRunMeters extends ExchangeSentMeters implements MeterSet {

    private static final String RUNS = "sportsdb.triage.runs";
    private static final String OUTCOME = "outcome";
    private static final String OK = "ok";
    private static final String FAILED = "failed";

    private final String triageEndpoint;
    private final LastRun lastRun = new LastRun();

    TriageRunMeters(Supplier<MeterRegistry> registry, String triageEndpoint) {
        super(registry);
        this.triageEndpoint = triageEndpoint;
    }

    /** The run counters and last-run gauges exist from the start, so "no failed run yet" reads 0. */
    @Override
    public void bindTo(MeterRegistry meters) {
        meters.counter(RUNS, OUTCOME, OK);
        meters.counter(RUNS, OUTCOME, FAILED);
        lastRun.bindTo(meters);
    }

    @Override
    protected boolean accepts(Endpoint endpoint, Exchange exchange) {
        return triageEndpoint.equals(endpoint.getEndpointUri());
    }

    @Override
    void record(ExchangeSentEvent sent, MeterRegistry meters) {
        Exchange exchange = sent.getExchange();
        TriageResult result = exchange.getException() == null ? exchange.getMessage().getBody(TriageResult.class) : null;
        meters.counter(RUNS, OUTCOME, result == null ? FAILED : OK).increment();
        lastRun.finished(result, sent.getTimeTaken());
        TriageRunFailedException failed = exchange.getException(TriageRunFailedException.class);
        TriageResult committed = result != null ? result : failed != null ? failed.committed() : null;
        if (committed != null) {
            committed.topics().forEach((topic, counts) -> count(meters, topic, counts));
        }
    }

    private static void count(MeterRegistry meters, String topic, TopicCounts counts) {
        meters.counter("sportsdb.triage.records", "topic", topic).increment(counts.records());
        meters.counter("sportsdb.triage.files", "topic", topic).increment(counts.files().size());
        meters.counter("sportsdb.triage.lost.to.retention", "topic", topic).increment(counts.lostToRetention());
    }
}
