package org.sportsdb.stack.ops.metrics;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the application has started: binds the application's meters to the Prometheus registry that
 * camel-micrometer-prometheus created, registers the readiness checks, and registers the meters of new
 * keys (a topic published to for the first time, a new API outcome) every {@code refreshMillis}.
 * Stopping the application stops the refresh and closes the Kafka probe.
 */
final class MeterExport extends ServiceSupport implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(MeterExport.class);

    private final CamelContext context;
    private final Supplier<MeterRegistry> registry;
    private final List<MeterSet> meterSets;
    private final List<HealthCheck> readinessChecks;
    private final long refreshMillis;
    private final AutoCloseable probe;
    private ScheduledExecutorService refresher;

    MeterExport(CamelContext context, Supplier<MeterRegistry> registry, List<MeterSet> meterSets,
                List<HealthCheck> readinessChecks, long refreshMillis, AutoCloseable probe) {
        this.context = context;
        this.registry = registry;
        this.meterSets = meterSets;
        this.readinessChecks = readinessChecks;
        this.refreshMillis = refreshMillis;
        this.probe = probe;
    }

    @Override
    public void onCamelContextStarted(CamelContext ignored, boolean alreadyStarted) {
        // everything happens once the routes run: onCamelContextFullyStarted
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext ignored, boolean alreadyStarted) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            readinessChecks.forEach(health::register);
        }
        MeterRegistry meters = registry.get();
        if (meters == null) {
            LOG.info("camel.metrics.enabled is off: the application's meters are not exported");
            return;
        }
        meterSets.forEach(set -> set.bindTo(meters));
        refresh(meters);
        refresher = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "ops-metrics-refresh");
        refresher.scheduleWithFixedDelay(() -> refresh(meters), refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    private void refresh(MeterRegistry meters) {
        try {
            meterSets.forEach(set -> set.refresh(meters));
        } catch (RuntimeException e) {
            LOG.warn("refreshing the application's meters failed: {}", e.toString());
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (refresher != null) {
            context.getExecutorServiceManager().shutdown(refresher);
            refresher = null;
        }
        probe.close();
    }
}
