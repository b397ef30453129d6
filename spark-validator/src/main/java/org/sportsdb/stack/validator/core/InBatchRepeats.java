package org.sportsdb.stack.validator.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Recognises, inside one task of one micro-batch, a validated record whose payload hash equals that of the previous
 * record of the same key in this task, so it is dropped before the shuffle to the de-duplication state: a catch-up
 * batch holds many unchanged re-polls of the live feeds, all from the same Kafka partition as the record before them.
 *
 * <p>This gives the same output as the state alone ({@link DedupState}): the previous record of the key either was
 * validated (the state now holds its hash) or was itself dropped as equal to the state, so a record equal to it is
 * equal to the state, within the same batch (one processing time). Only the immediately previous record counts:
 * A, B, A in one task are all passed on. Rejected records are never repeats. At most {@code capacity} keys are
 * remembered; when full, the memory starts again (the state still decides).
 */
public final class InBatchRepeats {
    public static final int DEFAULT_CAPACITY = 200_000;

    private final int capacity;
    private final Map<String, String> lastHashByKey = new HashMap<>();

    public InBatchRepeats(int capacity) {
        this.capacity = capacity;
    }

    /** True when {@code r} is validated and repeats the previous record of its key seen in this task. */
    public boolean isRepeat(RoutedRecord r) {
        return r.valid() && isRepeat(r.stateKey(), r.payloadHash());
    }

    /** True when a validated record with this state key and payload hash repeats the previous record of its key. */
    public boolean isRepeat(String stateKey, String payloadHash) {
        if (lastHashByKey.size() >= capacity && !lastHashByKey.containsKey(stateKey)) {
            lastHashByKey.clear();
        }
        return payloadHash.equals(lastHashByKey.put(stateKey, payloadHash));
    }
}
