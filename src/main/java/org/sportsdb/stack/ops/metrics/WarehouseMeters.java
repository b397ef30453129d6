package org.sportsdb.stack.ops.metrics;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.sportsdb.stack.warehouse.WarehouseStats;

/** The warehouse's migration state, ingestion counts and lag ({@code warehouseStats}), read through its getters. */
final class WarehouseMeters implements MeterSet {

    private final WarehouseStats stats;
    private final KeyedCounters rowsInserted;
    private final KeyedCounters batchRetries;
    private final KeyedCounters expired;

    WarehouseMeters(WarehouseStats stats) {
        this.stats = stats;
        this.rowsInserted = new KeyedCounters("sportsdb.warehouse.rows.inserted", "Rows inserted per raw table",
                stats::getRowsInserted, table -> Tags.of("table", table));
        this.batchRetries = new KeyedCounters("sportsdb.warehouse.batch.retries",
                "Failed tries of a kept batch by ClickHouse error code (0 = no answer, none = rejected topic or commit)",
                stats::getBatchRetriesByCode, code -> Tags.of("code", code));
        this.expired = new KeyedCounters("sportsdb.warehouse.expired.before.ingestion",
                "Validated records deleted by retention before the warehouse read them, per validated topic",
                stats::getExpiredBeforeIngestion, topic -> Tags.of("topic", topic));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "sportsdb.warehouse.migrations.applied", "Migrations in the warehouse ledger", WarehouseStats::getMigrationsApplied);
        gauge(registry, "sportsdb.warehouse.migrations.pending", "Migrations not applied yet", WarehouseStats::getMigrationsPending);
        gauge(registry, "sportsdb.warehouse.ingestion.lag.records",
                "Records on the validated topics not yet committed by the warehouse consumer (-1 before its first commit)",
                WarehouseStats::getIngestionLag);
        counter(registry, "sportsdb.warehouse.migrations.applied.by.this.run", "Migrations this process applied", WarehouseStats::getMigrationsAppliedThisRun);
        counter(registry, "sportsdb.warehouse.migration.failures", "Migration runs that failed", WarehouseStats::getMigrationFailures);
        counter(registry, "sportsdb.warehouse.start.retries", "Start-up migrations retried while the warehouse was unreachable", WarehouseStats::getStartRetries);
        counter(registry, "sportsdb.warehouse.rows.refused", "Rows the warehouse refused (sent to the rejected topics)", WarehouseStats::getRowsRefused);
        counter(registry, "sportsdb.warehouse.batches.written", "Batches written to the warehouse", WarehouseStats::getBatchesWritten);
        counter(registry, "sportsdb.warehouse.batch.failures", "Failed tries of a batch (kept, nothing committed, retried)", WarehouseStats::getBatchFailures);
        counter(registry, "sportsdb.warehouse.batches.split", "Batches split to find the rows the server refused for their data", WarehouseStats::getBatchesSplit);
        counter(registry, "sportsdb.warehouse.split.inserts", "INSERT statements sent by the batch splits", WarehouseStats::getSplitInserts);
        gauge(registry, "sportsdb.warehouse.ingestion.degraded", "1 while the ingestion retries a batch the warehouse could not take",
                WarehouseStats::getIngestionDegraded);
        gauge(registry, "sportsdb.warehouse.tables.stopped", "Raw tables stopped by a permanent error (unknown table or column); their records held",
                WarehouseStats::getTablesStopped);
        counter(registry, "sportsdb.warehouse.records.committed", "Records whose offsets the warehouse consumer committed", WarehouseStats::getRecordsCommitted);
    }

    @Override
    public void refresh(MeterRegistry registry) {
        rowsInserted.refresh(registry);
        batchRetries.refresh(registry);
        expired.refresh(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<WarehouseStats> value) {
        Gauge.builder(name, stats, value).description(description).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<WarehouseStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).register(registry);
    }
}
