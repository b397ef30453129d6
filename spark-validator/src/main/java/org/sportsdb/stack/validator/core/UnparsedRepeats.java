package org.sportsdb.stack.validator.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * the same).
 *
 * <p>The bytes themselves are compared (a 64-bit hash finds the candidates, {@link Arrays#equals} decides): a
 * cryptographic hash of every record's bytes, as before, cost about 0.9 µs per record, more than the lookup.
 * At most {@code capacity} records and {@code maxBytes} of their bytes are remembered (copied: the caller's array
 * may be reused); when full, the memory starts again (records are then parsed). One instance per task (not
 * thread-safe).
 */
public final class UnparsedRepeats {
    public static final int DEFAULT_CAPACITY = 200_000;
    /** The most record bytes one task keeps to compare with (a catch-up task of 40,000 re-polled records keeps ≈ 15 MB). */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    private static final byte[] INGESTED_AT_MEMBER = ",\"ingested_at\":".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 15;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What validating a remembered record gave: its state key and payload hash. */
    public record Known(String outTopic, String stateKey, String payloadHash) {
    }

    /**
     * A record of the recognised form: its topic, its bytes (the first {@code length} are compared: all but the
     * ingested_at value), their hash, and that value.
     */
    public record Probe(String topic, byte[] value, int length, long hash, long ingestedAt) {
    }

    /** How the bytes before the ingested_at value are hashed (replaceable in tests, to make every record collide). */
    interface PrefixHash {
        long of(byte[] value, int length);
    }

    private final int capacity;
    private final long maxBytes;
    private final PrefixHash prefixHash;
    /** Open addressing, linear probing; a slot is free while its {@code known} is null. */
    private long[] hashes = new long[1024];
    private Probe[] probes = new Probe[1024];
    private Known[] known = new Known[1024];
    private int size;
    private long bytes;

    public UnparsedRepeats(int capacity) {
        this(capacity, DEFAULT_MAX_BYTES, UnparsedRepeats::hash);
    }

    UnparsedRepeats(int capacity, long maxBytes, PrefixHash prefixHash) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.prefixHash = prefixHash;
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
        return new Probe(topic, value, digitsFrom, prefixHash.of(value, digitsFrom), ingestedAt);
    }

    /**
     * What validating the probed record gives, when a record with the same bytes (but ingested_at) was validated in this
     * task and the record's ingested_at is in range ({@code validator}'s rule); null otherwise (parse it).
     */
    public Known known(Probe probe, RecordValidator validator) {
        if (probe == null || !validator.ingestedAtInRange(probe.ingestedAt())) {
            return null;
        }
        return known[slot(probe)];
    }

    /** Remembers what validating the probed record gave, when it was validated. */
    public void remember(Probe probe, RoutedRecord validated) {
        if (probe == null || !validated.valid()) {
            return;
        }
        Known k = new Known(validated.outTopic(), validated.stateKey(), validated.payloadHash());
        // a copy of the compared bytes: the caller's array may be reused for the next record
        probe = new Probe(probe.topic(), Arrays.copyOf(probe.value(), probe.length()), probe.length(), probe.hash(),
                probe.ingestedAt());
        int slot = slot(probe);
        if (known[slot] != null) {
            known[slot] = k;
            return;
        }
        if (size >= capacity || bytes + probe.length() > maxBytes) {
            Arrays.fill(known, null);
            Arrays.fill(probes, null);
            size = 0;
            bytes = 0;
            slot = slot(probe);
        } else if (2 * (size + 1) > known.length) {
            grow();
            slot = slot(probe);
        }
        put(slot, probe, k);
    }

    /** The slot holding a record with the probe's topic and bytes, or the free slot where it would go. */
    private int slot(Probe p) {
        int mask = known.length - 1;
        int i = (int) (p.hash() ^ (p.hash() >>> 32)) & mask;
        while (known[i] != null && !same(probes[i], hashes[i], p)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static boolean same(Probe stored, long storedHash, Probe p) {
        return storedHash == p.hash() && stored.length() == p.length() && stored.topic().equals(p.topic())
                && Arrays.equals(stored.value(), 0, stored.length(), p.value(), 0, p.length());
    }

    private void put(int slot, Probe p, Known k) {
        hashes[slot] = p.hash();
        probes[slot] = p;
        known[slot] = k;
        size++;
        bytes += p.length();
    }

    /** Twice the slots, every remembered record moved over (the table stays at most half full). */
    private void grow() {
        Probe[] oldProbes = probes;
        Known[] oldKnown = known;
        hashes = new long[oldKnown.length * 2];
        probes = new Probe[oldKnown.length * 2];
        known = new Known[oldKnown.length * 2];
        size = 0;
        bytes = 0;
        for (int i = 0; i < oldKnown.length; i++) {
            if (oldKnown[i] != null) {
                put(slot(oldProbes[i]), oldProbes[i], oldKnown[i]);
            }
        }
    }

    /**
     * A 64-bit hash of the first {@code length} bytes, 32 at a time in four independent lanes (so the multiplications
     * overlap); only to find candidates: equality decides.
     */
    static long hash(byte[] value, int length) {
        long a = 0x9E3779B97F4A7C15L ^ length;
        long b = 0xC2B2AE3D27D4EB4FL;
        long c = 0x165667B19E3779F9L;
        long d = 0x27D4EB2F165667C5L;
        int i = 0;
        for (; i + 32 <= length; i += 32) {
            a = Long.rotateLeft(a ^ (long) LONGS.get(value, i), 29) * 0xBF58476D1CE4E5B9L;
            b = Long.rotateLeft(b ^ (long) LONGS.get(value, i + 8), 29) * 0xBF58476D1CE4E5B9L;
            c = Long.rotateLeft(c ^ (long) LONGS.get(value, i + 16), 29) * 0xBF58476D1CE4E5B9L;
            d = Long.rotateLeft(d ^ (long) LONGS.get(value, i + 24), 29) * 0xBF58476D1CE4E5B9L;
        }
        long h = a ^ Long.rotateLeft(b, 17) ^ Long.rotateLeft(c, 31) ^ Long.rotateLeft(d, 47);
        for (; i < length; i++) {
            h = (h ^ value[i]) * 0x94D049BB133111EBL;
        }
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 29);
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
