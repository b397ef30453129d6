package org.sportsdb.stack.validator.batch;

import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RoutedRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * The file command's de-duplication, the same rule as the stream's dropDuplicatesWithinWatermark: a validated record
 * whose (topic, key, payload_hash) was first seen less than the window earlier (by ingestion time) is dropped.
 * Rejected records are never duplicates.
 */
public final class WindowDeduplicator {
    private final long windowMillis;
    private final Map<String, Long> firstSeen = new HashMap<>();

    public WindowDeduplicator(DedupWindow window) {
        this.windowMillis = window.millis();
    }

    /** True when the record should be written, false when it is a duplicate within the window. */
    public boolean keep(RoutedRecord r) {
        if (!r.valid()) {
            return true;
        }
        Long first = firstSeen.get(r.dedupId());
        if (first != null && Math.abs(r.eventTimeMillis() - first) < windowMillis) {
            return false;
        }
        firstSeen.put(r.dedupId(), r.eventTimeMillis());
        return true;
    }
}
