package org.sportsdb.stack.validator.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Recognises, before parsing, a record whose bytes equal those of a record already validated in this task except for
 * the value of its {@code ingested_at}: the validation of such a record would give the same state key and the same
 * payload hash (the payload hash leaves {@code ingested_at} out), so {@link InBatchRepeats} can decide on it without
 * the JSON parse, normalisation, canonical write and SHA-256 of the payload. Half of a catch-up batch is such re-polls.
 *
 * <p>What counts as "the same bytes" (exact, so the output is the same as with a parse of every record): the record
 * ends with {@code ,"ingested_at":<integer>}} (no whitespace; the integer without sign, fraction, exponent or leading
 * zero, at most 15 digits: the poller writes compact JSON with {@code ingested_at} as its last field, epoch seconds),
 * its bytes before the integer and its topic equal those of a record that was validated in this task, and the integer
 * is in the validator's range for {@code ingested_at}. Why that is exact: the earlier record parsed as a JSON object
 * ending with that suffix, so its last top-level member is {@code ingested_at} with an integer value (the quote after
 * the comma opens a name, the final brace closes the document); a record with the same bytes and another plain
 * integer there parses to the same tree but for that value, and {@code ingested_at} decides nothing else than its
 * range. Every other difference — key order, whitespace, {@code 1} against {@code "1"} or {@code 1.0}, a field added,
 * {@code ingested_at} elsewhere or written otherwise — makes the record "not recognised": it is parsed and validated
 * as before, and the payload hash decides (such a record is still an unchanged re-poll when its normalised payload is
 * the same). Bytes are compared through SHA-256 (the first 128 bits), as strong as the payload hash itself.
 *
 * <p>At most {@code capacity} records are remembered; when full, the memory starts again (records are then parsed).
 * One instance per task (not thread-safe).
 */
public final class UnparsedRepeats {
    public static final int DEFAULT_CAPACITY = 200_000;
    private static final byte[] INGESTED_AT_MEMBER = ",\"ingested_at\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 15;

    /** What validating a remembered record gave: its state key and payload hash. */
    public record Known(String outTopic, String stateKey, String payloadHash) {
    }

    /** A record of the recognised form: the hash of its topic and bytes without the ingested_at value, and that value. */
    public record Probe(long hashHigh, long hashLow, long ingestedAt) {
    }

    private record BytesKey(long high, long low) {
    }

    private final int capacity;
    private final MessageDigest sha256;
    private final Map<BytesKey, Known> known = new HashMap<>();
    private String lastTopic;
    private byte[] lastTopicBytes;

    public UnparsedRepeats(int capacity) {
        this.capacity = capacity;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The probe of {@code value} read from {@code topic}, or null when the record is not of the recognised form. */
    public Probe probe(String topic, byte[] value) {
        int digitsFrom = ingestedAtDigitsStart(value);
        if (digitsFrom < 0) {
            return null;
        }
        long ingestedAt = 0;
        for (int i = digitsFrom; i < value.length - 1; i++) {
            ingestedAt = ingestedAt * 10 + (value[i] - '0');
        }
        if (!topic.equals(lastTopic)) {
            lastTopic = topic;
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        sha256.reset();
        sha256.update(lastTopicBytes);
        sha256.update((byte) 0);
        sha256.update(value, 0, digitsFrom);
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest());
        return new Probe(digest.getLong(), digest.getLong(), ingestedAt);
    }

    /**
     * What validating the probed record gives, when a record with the same bytes (but ingested_at) was validated in this
     * task and the record's ingested_at is in range ({@code validator}'s rule); null otherwise (parse it).
     */
    public Known known(Probe probe, RecordValidator validator) {
        if (probe == null || !validator.ingestedAtInRange(probe.ingestedAt())) {
            return null;
        }
        return known.get(new BytesKey(probe.hashHigh(), probe.hashLow()));
    }

    /** Remembers what validating the probed record gave, when it was validated. */
    public void remember(Probe probe, RoutedRecord validated) {
        if (probe == null || !validated.valid()) {
            return;
        }
        BytesKey key = new BytesKey(probe.hashHigh(), probe.hashLow());
        if (known.size() >= capacity && !known.containsKey(key)) {
            known.clear();
        }
        known.put(key, new Known(validated.outTopic(), validated.stateKey(), validated.payloadHash()));
    }

    /**
     * Index of the first digit of the ingested_at value when {@code value} ends with {@code ,"ingested_at":<digits>}} and
     * the digits are a plain JSON integer (no leading zero) of at most {@value #MAX_DIGITS} digits; -1 otherwise.
     */
    static int ingestedAtDigitsStart(byte[] value) {
        if (value == null || value.length < INGESTED_AT_MEMBER.length + 3 || value[value.length - 1] != '}') {
            return -1;
        }
        int from = value.length - 1;
        while (from > 0 && value[from - 1] >= '0' && value[from - 1] <= '9') {
            from--;
        }
        int digits = value.length - 1 - from;
        if (digits == 0 || digits > MAX_DIGITS || (value[from] == '0' && digits > 1)) {
            return -1;
        }
        int member = from - INGESTED_AT_MEMBER.length;
        if (member < 1) {
            return -1;
        }
        for (int i = 0; i < INGESTED_AT_MEMBER.length; i++) {
            if (value[member + i] != INGESTED_AT_MEMBER[i]) {
                return -1;
            }
        }
        return from;
    }
}
