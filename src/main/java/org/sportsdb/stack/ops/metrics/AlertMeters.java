package org.sportsdb.stack.ops.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.Registry;
import org.sportsdb.stack.ops.alerts.AlertKind;
import org.sportsdb.stack.ops.alerts.AlertStats;
import org.sportsdb.stack.ops.alerts.PipelineHealth;

/**
 * The alerting's counters ({@code alertStats}: failures raised per kind, mails sent, failed and dropped) and the
 * pipeline checks' gauges ({@code pipelineHealth}: warehouse reachable, validator lag): what the Prometheus
 * rules of infra/prometheus/rules.yml alert on. The beans are bound after the metrics' configuration, so
 * they are looked up when the meters are bound (the context has started).
 */
final class AlertMeters implements MeterSet {

    private final Registry beans;

    AlertMeters(Registry beans) {
        this.beans = beans;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        AlertStats stats = beans.lookupByNameAndType("alertStats", AlertStats.class);
        PipelineHealth health = beans.lookupByNameAndType("pipelineHealth", PipelineHealth.class);
        if (stats != null) {
            for (AlertKind kind : AlertKind.values()) {
                FunctionCounter.builder("sportsdb.alert.failures", stats, s -> s.failuresSeen(kind))
                        .description("Failures raised to the alerting, per kind").tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry);
            }
            FunctionCounter.builder("sportsdb.alert.mails", stats, AlertStats::mailsSent).tag("outcome", "sent")
                    .description("Alert mails, by outcome").register(registry);
            FunctionCounter.builder("sportsdb.alert.mails", stats, AlertStats::mailsFailed).tag("outcome", "failed")
                    .description("Alert mails, by outcome").register(registry);
            FunctionCounter.builder("sportsdb.alert.mails", stats, AlertStats::mailsDropped).tag("outcome", "dropped")
                    .description("Alert mails, by outcome").register(registry);
        }
        if (health != null) {
            gauge(registry, health, "sportsdb.pipeline.warehouse.reachable", "1 the warehouse answered the last check, 0 not, -1 not watched",
                    PipelineHealth::getWarehouseReachable);
            gauge(registry, health, "sportsdb.pipeline.warehouse.unreachable.seconds", "Seconds the warehouse has not answered (0 while it does)",
                    PipelineHealth::getWarehouseUnreachableSeconds);
            gauge(registry, health, "sportsdb.pipeline.validator.lag.records",
                    "Records on the validator's source topics after its last committed batch (-1 not watched)", PipelineHealth::getValidatorLagRecords);
            gauge(registry, health, "sportsdb.pipeline.validator.last.commit.age.seconds",
                    "Seconds since the validator's last committed batch (-1 not watched)", PipelineHealth::getValidatorLastCommitAgeSeconds);
            FunctionCounter.builder("sportsdb.pipeline.check.errors", health, PipelineHealth::getCheckErrors)
                    .description("Warehouse or validator checks that could not run (checkpoint unreadable, broker not answering)").register(registry);
        }
    }

    private static void gauge(MeterRegistry registry, PipelineHealth health, String name, String description, ToDoubleFunction<PipelineHealth> value) {
        Gauge.builder(name, health, value).description(description).register(registry);
    }
}
