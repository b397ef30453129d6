package org.sportsdb.stack.ops.metrics;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sportsdb.stack.triage.TriageResult;

/** When the last triage run ended, how long it took, and when the last successful one ended (epoch seconds; 0 = none yet). */
final class LastRun {

    private final AtomicLong endedAt = new AtomicLong();
    private final AtomicLong succeededAt = new AtomicLong();
    private final AtomicLong durationMillis = new AtomicLong();

    void bindTo(MeterRegistry meters) {
        Gauge.builder("sportsdb.triage.last.run.timestamp.seconds", endedAt, AtomicLong::get)
                .description("When the last triage run ended").register(meters);
        Gauge.builder("sportsdb.triage.last.success.timestamp.seconds", succeededAt, AtomicLong::get)
                .description("When the last successful triage run ended").register(meters);
        Gauge.builder("sportsdb.triage.last.run.duration.seconds", durationMillis, d -> d.get() / 1000.0)
                .description("How long the last triage run took").register(meters);
    }

    void finished(TriageResult result, long tookMillis) {
        long now = System.currentTimeMillis() / 1000;
        endedAt.set(now);
        durationMillis.set(tookMillis);
        if (result != null) {
            succeededAt.set(now);
        }
    }
}
