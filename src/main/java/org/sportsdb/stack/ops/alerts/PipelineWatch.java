package org.sportsdb.stack.ops.alerts;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.warehouse.WarehouseStats;

/**
 * Checks, every {@code alerts.check-interval-ms}, the parts that fail without an exception in the
 * application's own flow, and raises their alerts (when alerts are on) and gauges ({@link PipelineHealth}):
 * <ul>
 *   <li>the warehouse (when {@code warehouse.enabled}): a connection and {@code isValid}; unreachable for
 *       longer than {@code alerts.warehouse.unreachable-minutes} raises {@link AlertKind#WAREHOUSE_UNREACHABLE}
 *       (again at each check while it lasts: the window makes that one mail per window); rows it refused since
 *       the last check ({@code warehouseStats}) raise {@link AlertKind#WAREHOUSE_REFUSED_ROWS};</li>
 *   <li>the validator (when {@code alerts.validator.checkpoint-dir} is set): its lag, the records of its
 *       source topics after the offsets of its checkpoint's last committed batch (its Kafka source commits no
 *       consumer group offsets), past {@code alerts.validator.max-lag-records} raises
 *       {@link AlertKind#VALIDATOR_LAG}; records waiting with no batch committed for
 *       {@code alerts.validator.stall-minutes} raise {@link AlertKind#VALIDATOR_DOWN}.</li>
 * </ul>
 */
public final class PipelineWatch extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatch.class);

    /** The watch's settings ({@code alerts.*}); a null data source or checkpoint folder turns that check off. */
    public record Settings(Duration interval, DataSource warehouse, Duration warehouseUnreachableAfter, Path validatorCheckpoint,
                           Pattern validatorSources, long validatorMaxLag, Duration validatorStallAfter) {
    }

    private final CamelContext context;
    private final Settings settings;
    private final PipelineHealth health;
    private final Alerts alerts;
    private final WarehouseStats warehouseStats;
    private final Supplier<Admin> adminFactory;
    private final Clock clock;
    private ScheduledExecutorService timer;
    private Admin admin;
    private Instant unreachableSince;
    private String lastWarehouseError;
    private long expiredSeen;
    private java.util.Set<String> stoppedSeen = java.util.Set.of();
    private long refusedSeen;
    private Instant watchStarted;

    /** {@code alerts} may be null (alerts off: gauges only). */
    public PipelineWatch(CamelContext context, Settings settings, PipelineHealth health, Alerts alerts,
                         WarehouseStats warehouseStats, Supplier<Admin> adminFactory, Clock clock) {
        this.context = context;
        this.settings = settings;
        this.health = health;
        this.alerts = alerts;
        this.warehouseStats = warehouseStats;
        this.adminFactory = adminFactory;
        this.clock = clock;
    }

    /** One round of checks (the timer's job). */
    synchronized void checkOnce() {
        if (settings.warehouse() != null) {
            try {
                checkWarehouse();
            } catch (RuntimeException e) {
                health.checkFailed();
                LOG.warn("warehouse check failed: {}", ErrorText.of(e));
            }
        }
        if (settings.validatorCheckpoint() != null) {
            try {
                checkValidator();
            } catch (Exception e) {
                health.checkFailed();
                LOG.warn("validator lag check failed (checkpoint {}): {}", settings.validatorCheckpoint(), ErrorText.of(e));
            }
        }
    }

    private void checkWarehouse() {
        Instant now = clock.instant();
        String error = null;
        try (Connection c = settings.warehouse().getConnection()) {
            if (!c.isValid(10)) {
                error = "the connection is not valid (isValid false)";
            }
        } catch (Exception e) {
            error = ErrorText.of(e);
        }
        if (error == null) {
            if (unreachableSince != null) {
                LOG.info("warehouse reachable again after {} s", Duration.between(unreachableSince, now).toSeconds());
            }
            unreachableSince = null;
            health.warehouse(true, 0);
        } else {
            if (unreachableSince == null) {
                unreachableSince = now;
                LOG.warn("warehouse {} unreachable: {}", settings.warehouse(), error);
            }
            lastWarehouseError = error;
            Duration down = Duration.between(unreachableSince, now);
            health.warehouse(false, down.toMillis() / 1000.0);
            if (alerts != null && down.compareTo(settings.warehouseUnreachableAfter()) >= 0) {
                alerts.raise(AlertKind.WAREHOUSE_UNREACHABLE, settings.warehouse().toString(),
                        "unreachable since " + unreachableSince + " (" + describe(down) + ")", lastWarehouseError, 1);
            }
        }
        long refused = warehouseStats.getRowsRefused();
        if (refused > refusedSeen && alerts != null) {
            alerts.raise(AlertKind.WAREHOUSE_REFUSED_ROWS, settings.warehouse().toString(), "raw tables (rejected.warehouse.soccer.*)",
                    "rows the warehouse refused: see header warehouse.error on the rejected topics", (int) Math.min(Integer.MAX_VALUE, refused - refusedSeen));
        }
        refusedSeen = refused;
        long expired = warehouseStats.getExpiredBeforeIngestionTotal();
        if (expired > expiredSeen && alerts != null) {
            alerts.raise(AlertKind.WAREHOUSE_EXPIRED_BEFORE_INGESTION, settings.warehouse().toString(),
                    "validated topics: " + warehouseStats.getExpiredBeforeIngestion(),
                    "validated records deleted by retention before the warehouse read them",
                    (int) Math.min(Integer.MAX_VALUE, expired - expiredSeen));
        }
        expiredSeen = expired;
        Map<String, String> stopped = warehouseStats.getStoppedTables();
        if (alerts != null) {
            stopped.forEach((table, reason) -> {
                if (!stoppedSeen.contains(table)) {
                    alerts.raise(AlertKind.WAREHOUSE_TABLE_STOPPED, settings.warehouse().toString(), table, reason, 1);
                }
            });
        }
        stoppedSeen = stopped.keySet();
    }

    private void checkValidator() throws Exception {
        Instant now = clock.instant();
        Optional<ValidatorCheckpoint.Committed> committed = ValidatorCheckpoint.lastCommitted(settings.validatorCheckpoint());
        Map<TopicPartition, Long> done = committed.map(ValidatorCheckpoint.Committed::offsets).orElse(Map.of());
        if (admin == null) {
            admin = adminFactory.get();
        }
        List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> settings.validatorSources().matcher(t).matches()).sorted().toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> {
                    latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                }));
        var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        var starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        long lag = 0;
        for (var e : ends.entrySet()) {
            long from = done.getOrDefault(e.getKey(), starts.get(e.getKey()).offset());
            lag += Math.max(0, e.getValue().offset() - from);
        }
        Instant lastCommit = committed.map(ValidatorCheckpoint.Committed::committedAt).orElse(watchStarted);
        Duration age = Duration.between(lastCommit, now);
        health.validator(lag, Math.max(0, age.toMillis()) / 1000.0);
        if (alerts == null) {
            return;
        }
        String batch = committed.map(c -> "batch " + c.batchId() + " committed " + c.committedAt()).orElse("no committed batch");
        if (lag > settings.validatorMaxLag()) {
            alerts.raise(AlertKind.VALIDATOR_LAG, "validator", lag + " records behind (limit " + settings.validatorMaxLag() + ")",
                    "last " + batch, 1);
        }
        if (lag > 0 && age.compareTo(settings.validatorStallAfter()) >= 0) {
            alerts.raise(AlertKind.VALIDATOR_DOWN, "validator", "no batch committed for " + describe(age) + " with " + lag + " records waiting",
                    "last " + batch + " (checkpoint " + settings.validatorCheckpoint() + ")", 1);
        }
    }

    private static String describe(Duration d) {
        long s = d.toSeconds();
        return s >= 120 ? (s / 60) + " min" : s + " s";
    }

    @Override
    protected void doStart() {
        watchStarted = clock.instant();
        refusedSeen = warehouseStats == null ? 0 : warehouseStats.getRowsRefused();
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "pipeline-watch");
        long every = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::checkOnce, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
