package org.sportsdb.stack.reconcile;

/** The last periodic ledger's figures, for the Prometheus gauges (-1 before the first run). */
public final class ReconcileStats {
    private volatile long unaccounted = -1;
    private volatile long validatorLag = -1;
    private volatile long ingestLag = -1;
    private volatile long triageLag = -1;
    private volatile long lastRunEpochSeconds = -1;
    private volatile long failures;

    void record(Ledger ledger, long epochSeconds) {
        unaccounted = ledger.unaccounted();
        validatorLag = ledger.validatorLag();
        ingestLag = ledger.topics().stream().anyMatch(t -> t.warehouseChecked) ? ledger.ingestLag() : -1;
        triageLag = ledger.topics().stream().anyMatch(t -> t.triageChecked) ? ledger.triageLag() : -1;
        lastRunEpochSeconds = epochSeconds;
    }

    void failed() {
        failures++;
    }

    public long getUnaccounted() {
        return unaccounted;
    }

    public long getValidatorLag() {
        return validatorLag;
    }

    public long getIngestLag() {
        return ingestLag;
    }

    public long getTriageLag() {
        return triageLag;
    }

    public long getLastRunEpochSeconds() {
        return lastRunEpochSeconds;
    }

    public long getFailures() {
        return failures;
    }
}
