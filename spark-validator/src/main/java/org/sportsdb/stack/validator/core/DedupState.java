package org.sportsdb.stack.validator.core;

import java.io.Serializable;

/**
 * The de-duplication state of one key (output topic + primary key): the payload hash of the last record that was
 * validated for it and when (processing time). The rule, shared by the stream and the file command: a validated record
 * is an unchanged re-poll, and dropped, only when its payload hash equals the last validated hash of its key and that
 * state is younger than the window. So A→B→A passes three times (the VAR case: 1-0, 1-1, 1-0 again), A→A→A once, and an
 * unchanged key is validated again once per window. The record's own time plays no part: a record days older than
 * others is compared with its key's state like any other, never dropped for its age.
 * A JavaBean because Spark stores it in the state store (Encoders.bean).
 */
public final class DedupState implements Serializable {
    private static final long serialVersionUID = 1L;
    private String payloadHash;
    private long validatedAtMillis;

    public DedupState() {
    }

    public DedupState(String payloadHash, long validatedAtMillis) {
        this.payloadHash = payloadHash;
        this.validatedAtMillis = validatedAtMillis;
    }

    /** True when a record of this key with {@code hash}, seen at {@code nowMillis}, repeats the last validated state. */
    public boolean isUnchanged(String hash, long nowMillis, long windowMillis) {
        return payloadHash != null && payloadHash.equals(hash) && nowMillis - validatedAtMillis < windowMillis;
    }

    /** Milliseconds until this state expires (may be zero or negative when already expired). */
    public long remainingMillis(long nowMillis, long windowMillis) {
        return validatedAtMillis + windowMillis - nowMillis;
    }

    public String getPayloadHash() {
        return payloadHash;
    }

    public void setPayloadHash(String payloadHash) {
        this.payloadHash = payloadHash;
    }

    public long getValidatedAtMillis() {
        return validatedAtMillis;
    }

    public void setValidatedAtMillis(long validatedAtMillis) {
        this.validatedAtMillis = validatedAtMillis;
    }
}
