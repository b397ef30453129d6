package org.sportsdb.stack.validator.batch;

import org.sportsdb.stack.validator.core.DedupState;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RoutedRecord;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The file command's de-duplication, the stream's rule ({@link DedupState}) over one file: a validated record is dropped
 * when its payload hash equals the last validated hash of its key and that state is younger than the window
 * (processing time: a file is processed like one catch-up batch of the stream). Rejected records are never dropped.
 */
public final class LastStateDeduplicator {
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, DedupState> states = new HashMap<>();

    public LastStateDeduplicator(DedupWindow window, LongSupplier clock) {
        this.windowMillis = window.millis();
        this.clock = clock;
    }

    /** True when the record should be written, false when it is an unchanged re-poll. */
    public boolean keep(RoutedRecord r) {
        if (!r.valid()) {
            return true;
        }
        long now = clock.getAsLong();
        DedupState last = states.get(r.stateKey());
        if (last != null && last.isUnchanged(r.payloadHash(), now, windowMillis)) {
            return false;
        }
        states.put(r.stateKey(), new DedupState(r.payloadHash(), now));
        return true;
    }
}
