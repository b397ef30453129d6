package org.sportsdb.stack.ops.alerts;

/**
 * What {@link PipelineWatch} last saw (bean {@code pipelineHealth}, exported as Prometheus gauges): the
 * warehouse's reachability, the validator's lag and the age of its last committed batch; -1 = not watched
 * (or not known yet).
 */
public final class PipelineHealth {

    private volatile int warehouseReachable = -1;
    private volatile double warehouseUnreachableSeconds;
    private volatile long validatorLagRecords = -1;
    private volatile double validatorLastCommitAgeSeconds = -1;
    private final java.util.concurrent.atomic.AtomicLong checkErrors = new java.util.concurrent.atomic.AtomicLong();

    void warehouse(boolean reachable, double unreachableSeconds) {
        warehouseReachable = reachable ? 1 : 0;
        warehouseUnreachableSeconds = unreachableSeconds;
    }

    void validator(long lagRecords, double lastCommitAgeSeconds) {
        validatorLagRecords = lagRecords;
        validatorLastCommitAgeSeconds = lastCommitAgeSeconds;
    }

    void checkFailed() {
        checkErrors.incrementAndGet();
    }

    /** 1 reachable, 0 not, -1 not watched (warehouse.enabled false). */
    public int getWarehouseReachable() {
        return warehouseReachable;
    }

    /** Seconds since the first failed check of the current outage; 0 while reachable. */
    public double getWarehouseUnreachableSeconds() {
        return warehouseUnreachableSeconds;
    }

    /** Records on the validator's source topics after its last committed batch; -1 when not watched. */
    public long getValidatorLagRecords() {
        return validatorLagRecords;
    }

    /** Seconds since the validator's last committed batch (since the watch started when it has none); -1 when not watched. */
    public double getValidatorLastCommitAgeSeconds() {
        return validatorLastCommitAgeSeconds;
    }

    /** Checks that could not run (e.g. the broker did not answer the validator lag's offset query). */
    public long getCheckErrors() {
        return checkErrors.get();
    }
}
