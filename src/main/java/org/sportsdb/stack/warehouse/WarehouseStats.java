package org.sportsdb.stack.warehouse;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warehouse counters (bean {@code warehouseStats}), plain getters for the operations' Prometheus
 * export and readiness: migrations applied/pending/failed, rows inserted per raw table, rows refused, batches,
 * batch retries by server error code, whether a batch is being retried now (degraded), offsets committed and
 * the consumer's lag.
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
    private final AtomicLong lastBatchRecords = new AtomicLong();
    private final Map<String, AtomicLong> expiredBeforeIngestion = new ConcurrentHashMap<>();
    private final Map<String, String> stoppedTables = new ConcurrentHashMap<>();
    private final AtomicLong largestBatchRecords = new AtomicLong();
    private final AtomicLong batchFailures = new AtomicLong();
    private final Map<String, AtomicLong> batchRetriesByCode = new ConcurrentHashMap<>();
    private final AtomicLong batchesSplit = new AtomicLong();
    private final AtomicLong splitInserts = new AtomicLong();
    private volatile Degraded degraded;
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

    void batchWritten(int records) {
        batchesWritten.incrementAndGet();
        lastBatchRecords.set(records);
        largestBatchRecords.accumulateAndGet(records, Math::max);
    }

    /**
     * A batch was not committed and is kept for a retry: {@code code} is the server's error code, 0 when it did
     * not answer, -1 when the failure was not the warehouse's (the rejected topic, the commit).
     */
    void batchFailed(int code, String message) {
        batchFailures.incrementAndGet();
        batchRetriesByCode.computeIfAbsent(code < 0 ? "none" : Integer.toString(code), c -> new AtomicLong()).incrementAndGet();
        Degraded before = degraded;
        degraded = new Degraded(before == null ? Instant.now() : before.since(), before == null ? 1 : before.failures() + 1, code, message);
    }

    /** A batch was committed: the warehouse takes rows again. */
    void recovered() {
        degraded = null;
    }

    void batchSplit(int inserts) {
        batchesSplit.incrementAndGet();
        splitInserts.addAndGet(inserts);
    }

    void committed(long records, long lag) {
        recordsCommitted.addAndGet(records);
        ingestionLag.set(lag);
    }

    /** A table stopped by a permanent error (unknown table or column): its records are held. */
    void tableStopped(String table, String reason) {
        stoppedTables.put(table, reason);
    }

    /** The table took rows: no longer stopped. */
    void tableTookRows(String table) {
        stoppedTables.remove(table);
    }

    /** Tables stopped by a permanent error → the error; empty when every table takes rows. */
    public Map<String, String> getStoppedTables() {
        return new TreeMap<>(stoppedTables);
    }

    public int getTablesStopped() {
        return stoppedTables.size();
    }

    /** Validated records of {@code topic} that retention deleted before the ingestion read them. */
    void expiredBeforeIngestion(String topic, long records) {
        expiredBeforeIngestion.computeIfAbsent(topic, t -> new AtomicLong()).addAndGet(records);
    }

    /** Validated records deleted by retention before the ingestion read them, per topic, since start. */
    public Map<String, Long> getExpiredBeforeIngestion() {
        Map<String, Long> out = new TreeMap<>();
        expiredBeforeIngestion.forEach((t, n) -> out.put(t, n.get()));
        return out;
    }

    public long getExpiredBeforeIngestionTotal() {
        return expiredBeforeIngestion.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Records of the last committed batch. */
    public long getLastBatchRecords() {
        return lastBatchRecords.get();
    }

    /** Records of the largest committed batch since start. */
    public long getLargestBatchRecords() {
        return largestBatchRecords.get();
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

    /** Tries of a batch that failed (warehouse transient error or unreachable, rejected topic unreachable): nothing committed, the batch is retried. */
    public long getBatchFailures() {
        return batchFailures.get();
    }

    /** Failed tries of a batch by the server's error code ("252", "241", "0" = no answer, "none" = not a warehouse error). */
    public Map<String, Long> getBatchRetriesByCode() {
        Map<String, Long> out = new TreeMap<>();
        batchRetriesByCode.forEach((c, n) -> out.put(c, n.get()));
        return out;
    }

    /** Batches split because the server refused rows for their data (to find those rows). */
    public long getBatchesSplit() {
        return batchesSplit.get();
    }

    /** INSERT statements the splits sent (the whole batch included). */
    public long getSplitInserts() {
        return splitInserts.get();
    }

    /** 1 while a batch is being retried (the warehouse cannot take rows now), else 0. */
    public long getIngestionDegraded() {
        return degraded == null ? 0 : 1;
    }

    /** Why ingestion is retrying a batch, or null when it is not. */
    public Degraded degraded() {
        return degraded;
    }

    /** Ingestion retrying a batch since {@code since}: failed tries so far and the last error (code as in {@link #batchFailed}). */
    public record Degraded(Instant since, long failures, int code, String message) {
    }

    public long getRecordsCommitted() {
        return recordsCommitted.get();
    }

    /** Records on the validated topics not yet committed by the warehouse consumer after its last commit; -1 before the first. */
    public long getIngestionLag() {
        return ingestionLag.get();
    }
}
