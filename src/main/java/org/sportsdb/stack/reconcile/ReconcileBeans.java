package org.sportsdb.stack.reconcile;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.kafka.KafkaClientSettings;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.warehouse.RawTableNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@code reconciler} (the ledger of the chain, {@code ./stack reconcile}) and {@code reconcileStats}; when
 * {@code reconcile.interval-seconds} is above 0, a timer route {@code reconcile} runs the ledger over
 * {@code reconcile.window} that often and logs every gap (the gauges read the stats).
 */
public final class ReconcileBeans implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileBeans.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        KafkaClientSettings kafka = context.getRegistry().lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
        DataSource warehouse = settings.isTrue("warehouse.enabled", false)
                ? context.getRegistry().lookupByNameAndType("warehouseDataSource", DataSource.class) : null;
        ReconcileSettings rs = new ReconcileSettings(kafka.clientProperties(),
                TopicCatalog.FEED_NAMES.stream().map(n -> "soccer." + n).toList(),
                settings.require("reconcile.audit-topic"), settings.require("warehouse.ingest.group-id"), warehouse,
                new RawTableNames(settings.require("warehouse.raw.table-prefix"), settings.require("warehouse.rejected.topic-prefix")),
                settings.require("reconcile.triage-group-id"), Path.of(settings.require("reconcile.triage-root")),
                ReconcileSettings.VALIDATOR_SOURCE_TOPICS, kafkaTimeout(settings), settings.isTrue("triage.enabled", true));
        Reconciler reconciler = new Reconciler(rs);
        ReconcileStats stats = new ReconcileStats();
        context.getRegistry().bind("reconciler", reconciler);
        context.getRegistry().bind("reconcileStats", stats);
        Duration window = window(settings.get("reconcile.window"));
        int interval = settings.requireInt("reconcile.interval-seconds");
        if (interval > 0) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:reconcile?delay=" + interval * 1000L + "&period=" + interval * 1000L)
                            .routeId("reconcile")
                            .process(e -> runPeriodic(reconciler, stats, window, Clock.systemUTC()));
                }
            });
        }
    }

    static void runPeriodic(Reconciler reconciler, ReconcileStats stats, Duration window, Clock clock) {
        Instant now = clock.instant();
        try {
            Ledger ledger = reconciler.run(window == null ? null : now.minus(window), null);
            if (!ledger.cannotAccount().isEmpty()) {
                // counted as a run that could not be built: its figures would pass a stage without traces for lag or 0
                stats.failed();
                LOG.warn("reconcile: the ledger could not account for every stage: {}\n{}", String.join("; ", ledger.cannotAccount()),
                        ledger.render());
                return;
            }
            stats.record(ledger, now.getEpochSecond());
            if (ledger.unaccounted() > 0) {
                LOG.warn("reconcile: {} records unaccounted for\n{}", ledger.unaccounted(), ledger.render());
            } else {
                LOG.info("reconcile: 0 unaccounted; lag: validator {}, warehouse {}, triage {}", ledger.validatorLag(),
                        stats.getIngestLag() < 0 ? "not checked" : Long.toString(stats.getIngestLag()), ledger.triageLag());
            }
        } catch (Exception e) {
            stats.failed();
            LOG.warn("reconcile: the ledger could not be built: {}", ErrorText.of(e));
        }
    }

    private static Duration kafkaTimeout(StackProperties settings) {
        int millis = settings.requireInt("reconcile.kafka-timeout-ms");
        if (millis <= 0) {
            throw new IllegalArgumentException("setting reconcile.kafka-timeout-ms must be above 0, was " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** "24h", "90m", "7d", "30s" → a duration; empty → null (every retained offset). */
    public static Duration window(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a window is <n>s, <n>m, <n>h or <n>d (e.g. 24h), was '" + text + "'");
        }
    }

}
