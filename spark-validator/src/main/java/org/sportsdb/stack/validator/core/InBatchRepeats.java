package org.sportsdb.stack.validator.core;

import java.util.HashSet;
import java.util.Set;

/**
 * Recognises, inside one task of one micro-batch, the repeats of a validated record (same topic, key and payload
 * hash) so they are dropped before the shuffle to the de-duplication state: a catch-up batch holds many unchanged
 * re-polls of the live feeds, all from the same Kafka partition as their first copy.
 *
 * <p>Dropping them here gives the same output as Spark's dropDuplicatesWithinWatermark, which inside one batch keeps
 * the first copy and drops the rest, as long as that first copy is not behind the watermark (Spark would drop it as
 * late and let a later, on-time copy through). The watermark is at most the newest event time seen minus the window,
 * so a first copy whose event time is within {@code window - clockSkew} of this task's clock is never late; older
 * records are left to Spark. Rejected records are never repeats (their identity is their source position).
 * At most {@code capacity} identities are remembered; when full, the memory starts again (Spark still de-duplicates).
 */
public final class InBatchRepeats {
    /** How far ahead of this task's clock a producer's record timestamps may be. */
    public static final long CLOCK_SKEW_MILLIS = 86_400_000L;
    public static final int DEFAULT_CAPACITY = 200_000;

    private final long onTimeFromMillis;
    private final int capacity;
    private final Set<String> seen = new HashSet<>();

    /** @param nowMillis this task's clock; @param windowMillis the de-duplication window (the watermark delay) */
    public InBatchRepeats(long nowMillis, long windowMillis, int capacity) {
        this.onTimeFromMillis = nowMillis - windowMillis + CLOCK_SKEW_MILLIS;
        this.capacity = capacity;
    }

    /** True when {@code r} repeats a validated record seen earlier in this task and can be dropped. */
    public boolean isRepeat(RoutedRecord r) {
        if (!r.valid() || r.eventTimeMillis() < onTimeFromMillis) {
            return false;
        }
        if (seen.size() >= capacity) {
            seen.clear();
        }
        return !seen.add(r.dedupId());
    }
}
