package org.sportsdb.stack.warehouse;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse counters (bean {@code warehouseStats}), plain getters for the operations' Prometheus
 * export: migrations applied/pending/failed, rows inserted per raw table, rows refused, batches,
 * unavailable-warehouse failures, offsets committed and the consumer's lag.
 */
public final class WarehouseStats {

    private final AtomicLong migrationsApplied = new AtomicLong();
    private final AtomicLong migrationsPending = new AtomicLong();
    private final AtomicLong migrationsAppliedThisRun = new AtomicLong();
    private final AtomicLong migrationFailures = new AtomicLong();
    private final AtomicLong startRetries = new AtomicLong();
    private final Map<String, AtomicLong> rowsInserted = new ConcurrentHashMap<>();
    private final AtomicLong rowsRefused = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong batchFailures = new AtomicLong();
    private final AtomicLong recordsCommitted = new AtomicLong();
    private final AtomicLong ingestionLag = new AtomicLong(-1);

    void migrations(int applied, int pending) {
        migrationsApplied.set(applied);
        migrationsPending.set(pending);
    }

    void migrationApplied() {
        migrationsApplied.incrementAndGet();
        migrationsPending.updateAndGet(p -> Math.max(0, p - 1));
        migrationsAppliedThisRun.incrementAndGet();
    }

    void migrationFailed() {
        migrationFailures.incrementAndGet();
    }

    void startRetried() {
        startRetries.incrementAndGet();
    }

    void inserted(String table, long rows) {
        rowsInserted.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
    }

    void refused(long rows) {
        rowsRefused.addAndGet(rows);
    }

    void batchWritten() {
        batchesWritten.incrementAndGet();
    }

    void batchFailed() {
        batchFailures.incrementAndGet();
    }

    void committed(long records, long lag) {
        recordsCommitted.addAndGet(records);
        ingestionLag.set(lag);
    }

    /** Migrations in the ledger (as of the last plan or apply). */
    public long getMigrationsApplied() {
        return migrationsApplied.get();
    }

    public long getMigrationsPending() {
        return migrationsPending.get();
    }

    /** Migrations this process applied. */
    public long getMigrationsAppliedThisRun() {
        return migrationsAppliedThisRun.get();
    }

    public long getMigrationFailures() {
        return migrationFailures.get();
    }

    /** Start-up migration attempts retried because the warehouse was unreachable. */
    public long getStartRetries() {
        return startRetries.get();
    }

    /** Rows inserted per raw table since start. */
    public Map<String, Long> getRowsInserted() {
        Map<String, Long> out = new TreeMap<>();
        rowsInserted.forEach((t, n) -> out.put(t, n.get()));
        return out;
    }

    public long getRowsInsertedTotal() {
        return rowsInserted.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Rows the warehouse refused (sent to the rejected topics with their error). */
    public long getRowsRefused() {
        return rowsRefused.get();
    }

    public long getBatchesWritten() {
        return batchesWritten.get();
    }

    /** Batches not written because the warehouse was unreachable (offsets not committed, redelivered). */
    public long getBatchFailures() {
        return batchFailures.get();
    }

    public long getRecordsCommitted() {
        return recordsCommitted.get();
    }

    /** Records on the validated topics not yet committed by the warehouse consumer after its last commit; -1 before the first. */
    public long getIngestionLag() {
        return ingestionLag.get();
    }
}
