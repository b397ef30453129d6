package org.sportsdb.stack.reconcile;

import java.util.Map;
import java.util.TreeMap;

/** The ledger of one feed topic over the window: every stage's counts, and the offsets nobody accounts for. */
public final class TopicLedger {
    final String topic;
    /** soccer.* offsets in the window (aligned to the validator's batches). */
    long published;
    long validated;
    long rejected;
    /**
     * Unchanged re-polls, counted by the de-duplication (from a record of the earlier audit format: covered - validated
     * - rejected, which includes the offsets not read).
     */
    long dropped;
    /** Offsets inside the validator's batches it did not read: compacted, or deleted by retention before it got there. */
    long notRead;
    /** Offsets below the validator's first range of a partition (its starting offsets): never its to read. */
    final Map<Integer, OffsetRanges> beforeStart = new TreeMap<>();
    /** Batches whose counts do not add up for this topic: rows read - validated - rejected - dropped. */
    final java.util.List<Unbalanced> unbalanced = new java.util.ArrayList<>();
    long validatorLag;
    /**
     * Offsets processed whose counts are lost (the validator stopped after their batch's commit, before its audit
     * record): batch id → partition → offsets. Not in validated / rejected / dropped, not unaccounted.
     */
    final Map<Long, Map<Integer, OffsetRanges>> countsLostBatches = new TreeMap<>();
    /**
     * Offsets two different batches covered (the validator read them twice: its checkpoint was reset or replaced);
     * their records are counted twice in validated / rejected / dropped.
     */
    long processedTwice;
    /** Offsets of validated.* in the window. */
    long validatedRecords;
    boolean warehouseChecked;
    long inRaw;
    /** Of {@link #inRaw}: records whose row the raw table collapsed into an identical one (same payload_hash). */
    long inRawAsIdenticalRow;
    long refused;
    final Map<String, Long> refusedReasons = new TreeMap<>();
    long ingestLag;
    /** Validated offsets deleted by retention before the warehouse ingestion read them. */
    long warehouseExpired;
    /** False when the triage is off (triage.enabled=false): its columns are not known. */
    boolean triageChecked;
    /** Offsets of rejected.* in the window. */
    long rejectedRecords;
    long triaged;
    final Map<String, Long> rejectedReasons = new TreeMap<>();
    long triageLag;
    /**
     * Rejected offsets the triage can never read, deleted by retention first: the count its commits carry, plus the
     * offsets still between its commit and the log start.
     */
    long triageExpired;
    /** stage → partition → offsets nobody accounts for. */
    final Map<String, Map<Integer, OffsetRanges>> gaps = new TreeMap<>();

    TopicLedger(String topic) {
        this.topic = topic;
    }

    /**
     * A validator batch whose counts do not add up: {@code rows} lost (or, below 0, counted twice) between the stages
     * that counted them, somewhere in {@code offsets}.
     */
    public record Unbalanced(long batchId, String what, long rows, String offsets) {
        String describe() {
            return String.format("batch %d: %s: %d row%s unaccounted, offsets %s", batchId, what, Math.abs(rows),
                    Math.abs(rows) == 1 ? "" : "s", offsets);
        }
    }

    public java.util.List<Unbalanced> unbalanced() {
        return unbalanced;
    }

    public long notRead() {
        return notRead;
    }

    /** partition → offsets below the validator's first range (its starting offsets). */
    public Map<Integer, OffsetRanges> beforeStart() {
        return beforeStart;
    }

    void gap(String stage, int partition, OffsetRanges offsets) {
        if (!offsets.isEmpty()) {
            gaps.computeIfAbsent(stage, s -> new TreeMap<>()).computeIfAbsent(partition, p -> new OffsetRanges()).addAll(offsets);
        }
    }

    void countsLost(long batchId, AuditBatch.Range range) {
        countsLostBatches.computeIfAbsent(batchId, b -> new TreeMap<>()).computeIfAbsent(range.partition(), p -> new OffsetRanges())
                .add(range.from(), range.until());
    }

    /** batch id → partition → offsets processed whose counts are lost. */
    public Map<Long, Map<Integer, OffsetRanges>> countsLostBatches() {
        return countsLostBatches;
    }

    public long countsLost() {
        return countsLostBatches.values().stream().flatMap(m -> m.values().stream()).mapToLong(OffsetRanges::size).sum();
    }

    public String topic() {
        return topic;
    }

    public long published() {
        return published;
    }

    public long validated() {
        return validated;
    }

    public long rejected() {
        return rejected;
    }

    public long dropped() {
        return dropped;
    }

    public long validatorLag() {
        return validatorLag;
    }

    public long processedTwice() {
        return processedTwice;
    }

    public long inRaw() {
        return inRaw;
    }

    public long inRawAsIdenticalRow() {
        return inRawAsIdenticalRow;
    }

    public long refused() {
        return refused;
    }

    public long ingestLag() {
        return ingestLag;
    }

    public long triaged() {
        return triaged;
    }

    public long triageLag() {
        return triageLag;
    }

    public long triageExpired() {
        return triageExpired;
    }

    public long warehouseExpired() {
        return warehouseExpired;
    }

    public Map<String, Long> rejectedReasons() {
        return rejectedReasons;
    }

    public Map<String, Long> refusedReasons() {
        return refusedReasons;
    }

    /** stage ({@link Ledger#VALIDATOR}, {@link Ledger#WAREHOUSE}, {@link Ledger#TRIAGE}) → partition → offsets. */
    public Map<String, Map<Integer, OffsetRanges>> gaps() {
        return gaps;
    }

    public long unaccounted() {
        return gaps.values().stream().flatMap(m -> m.values().stream()).mapToLong(OffsetRanges::size).sum()
                + unbalanced.stream().mapToLong(u -> Math.abs(u.rows())).sum();
    }
}
