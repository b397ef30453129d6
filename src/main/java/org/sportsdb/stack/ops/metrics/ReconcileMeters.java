package org.sportsdb.stack.ops.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.sportsdb.stack.reconcile.ReconcileStats;

/** The last periodic reconciliation ({@code reconcileStats}): unaccounted records and the lag of each stage. */
final class ReconcileMeters implements MeterSet {

    private final ReconcileStats stats;

    ReconcileMeters(ReconcileStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "sportsdb.reconcile.unaccounted.records",
                "Records of the reconcile window that no stage accounts for (must be 0; -1 before the first run or when off)",
                ReconcileStats::getUnaccounted, Tags.empty());
        String lag = "sportsdb.reconcile.lag.records";
        String lagHelp = "Records not yet processed by a stage at the last reconciliation (-1: not checked)";
        gauge(registry, lag, lagHelp, ReconcileStats::getValidatorLag, Tags.of("stage", "validator"));
        gauge(registry, lag, lagHelp, ReconcileStats::getIngestLag, Tags.of("stage", "warehouse"));
        gauge(registry, lag, lagHelp, ReconcileStats::getTriageLag, Tags.of("stage", "triage"));
        gauge(registry, "sportsdb.reconcile.last.run.timestamp.seconds", "When the last reconciliation ran (epoch seconds, -1: never)",
                ReconcileStats::getLastRunEpochSeconds, Tags.empty());
        FunctionCounter.builder("sportsdb.reconcile.failures", stats, ReconcileStats::getFailures)
                .description("Reconciliations that could not be built (Kafka or the warehouse unreachable)").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<ReconcileStats> value, Tags tags) {
        Gauge.builder(name, stats, value).description(description).tags(tags).register(registry);
    }
}
