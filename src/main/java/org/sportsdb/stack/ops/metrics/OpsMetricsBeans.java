package org.sportsdb.stack.ops.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.api.ApiRequestBudget;
import org.sportsdb.stack.feeds.FeedCounters;
import org.sportsdb.stack.kafka.KafkaClientSettings;
import org.sportsdb.stack.publish.PublishedRecords;
import org.sportsdb.stack.reconcile.ReconcileStats;
import org.sportsdb.stack.warehouse.WarehouseStats;

/**
 * Operations: the application's counters as Prometheus meters on the management server's
 * {@code /observe/metrics} (next to Camel's own per-route meters), and the Kafka and warehouse-ingestion
 * readiness checks on {@code /observe/health/ready}. Settings: {@code ops.*} (docs/metrics.md).
 */
public final class OpsMetricsBeans implements CamelConfiguration {

    /** The name under which camel-micrometer-prometheus binds its registry. */
    static final String METER_REGISTRY_BEAN = "metricsRegistry";

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        Registry beans = context.getRegistry();
        Supplier<MeterRegistry> meters = () -> beans.lookupByNameAndType(METER_REGISTRY_BEAN, MeterRegistry.class);

        ApiRequestTimer apiTimer = new ApiRequestTimer(meters, buckets(settings.require("ops.metrics.api-latency-buckets-ms")));
        TriageRunMeters triage = new TriageRunMeters(meters, settings.require("ops.metrics.triage-endpoint"));
        context.getManagementStrategy().addEventNotifier(apiTimer);
        context.getManagementStrategy().addEventNotifier(triage);

        WarehouseStats warehouse = bean(beans, "warehouseStats", WarehouseStats.class);
        List<MeterSet> meterSets = List.of(
                new ApiMeters(bean(beans, "apiCallStats", ApiCallStats.class), bean(beans, "apiRequestBudget", ApiRequestBudget.class)),
                new PublishMeters(bean(beans, "publishedRecords", PublishedRecords.class), bean(beans, "feedCounters", FeedCounters.class)),
                new WarehouseMeters(warehouse),
                new AlertMeters(beans),
                new ReconcileMeters(bean(beans, "reconcileStats", ReconcileStats.class)),
                triage);

        KafkaClusterProbe probe = new KafkaClusterProbe(bean(beans, "kafkaClientSettings", KafkaClientSettings.class).clientProperties());
        KafkaReadinessCheck kafkaReady = new KafkaReadinessCheck(probe, Duration.ofMillis(settings.requireInt("ops.health.kafka-timeout-ms")));
        kafkaReady.setCamelContext(context);
        WarehouseReadinessCheck warehouseReady = new WarehouseReadinessCheck(warehouse);
        warehouseReady.setCamelContext(context);

        MeterExport export = new MeterExport(context, meters, meterSets, List.of(kafkaReady, warehouseReady),
                settings.requireInt("ops.metrics.refresh-ms"), probe);
        context.addService(export, true, true);
        context.addStartupListener(export);
    }

    private static <T> T bean(Registry beans, String name, Class<T> type) {
        T bean = beans.lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("bean " + name + " (" + type.getSimpleName() + ") is not bound: the operations metrics read it");
        }
        return bean;
    }

    /** "25,50,100" (milliseconds) → durations. */
    static List<Duration> buckets(String millis) {
        try {
            return Arrays.stream(millis.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> Duration.ofMillis(Long.parseLong(s))).sorted().toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ops.metrics.api-latency-buckets-ms must be whole milliseconds separated by ',', was '" + millis + "'");
        }
    }
}
