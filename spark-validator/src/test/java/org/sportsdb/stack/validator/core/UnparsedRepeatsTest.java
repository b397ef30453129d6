package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.TestRecords;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which records are recognised as equal to an earlier validated one without parsing, and what they are known as. */
class UnparsedRepeatsTest {
    static final String LIVE = "soccer.live_score";
    static final RecordValidator VALIDATOR = RecordValidator.fromClasspath();
    static final long NOW_S = System.currentTimeMillis() / 1000;

    /** A real live score row, written compactly with ingested_at last, as the poller publishes it. */
    static String record(long ingestedAt) {
        ObjectNode row = TestRecords.object(TestRecords.good("live_score").get(0));
        row.remove("ingested_at");
        row.put("ingested_at", ingestedAt);
        return row.toString();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Validates {@code first} and remembers it; returns what the memory knows about {@code later}. */
    static UnparsedRepeats.Known afterValidating(String first, String later) {
        UnparsedRepeats repeats = new UnparsedRepeats(100);
        UnparsedRepeats.Probe p = repeats.probe(LIVE, b(first));
        RoutedRecord routed = VALIDATOR.validate(new SourcePosition(LIVE, 0, 1, 1L), "k", b(first));
        repeats.remember(p, routed);
        return repeats.known(repeats.probe(LIVE, b(later)), VALIDATOR);
    }

    @Test
    void aRepollWithAnotherIngestedAtIsKnownAsTheSameStateKeyAndPayloadHash() {
        String a = record(NOW_S - 120);
        UnparsedRepeats.Known k = afterValidating(a, record(NOW_S));
        assertNotNull(k);
        RoutedRecord parsed = VALIDATOR.validate(new SourcePosition(LIVE, 0, 2, 1L), "k", b(record(NOW_S)));
        assertEquals(parsed.stateKey(), k.stateKey());
        assertEquals(parsed.payloadHash(), k.payloadHash());
        assertEquals("validated.soccer.live_score", k.outTopic());
    }

    @Test
    void anyOtherByteDifferenceIsParsed() {
        String a = record(NOW_S - 120);
        assertNull(afterValidating(a, a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"1\"")), "a changed score");
        assertNull(afterValidating(a, a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":0")), "the same score as a number");
        assertNull(afterValidating(a, a.replace(",\"strSport\":", ", \"strSport\":")), "whitespace");
        String reordered = a.replace("{\"idLiveScore\":\"21526253\",\"idEvent\":\"2608413\",",
                "{\"idEvent\":\"2608413\",\"idLiveScore\":\"21526253\",");
        assertEquals(false, reordered.equals(a), "the test reorders two fields");
        assertNull(afterValidating(a, reordered), "key order");
        assertNull(afterValidating(a, a + "\n"), "a trailing newline");
    }

    @Test
    void onlyAPlainIntegerIngestedAtInRangeAtTheEndIsRecognised() {
        String a = record(NOW_S - 120);
        String prefix = a.substring(0, a.lastIndexOf(':') + 1);
        assertNotNull(afterValidating(a, prefix + NOW_S + "}"));
        assertNull(afterValidating(a, prefix + "0" + NOW_S + "}"), "leading zero: malformed JSON");
        assertNull(afterValidating(a, prefix + NOW_S + ".0}"), "a fraction");
        assertNull(afterValidating(a, prefix + "1.7e9}"), "an exponent");
        assertNull(afterValidating(a, prefix + "\"" + NOW_S + "\"}"), "a string");
        assertNull(afterValidating(a, prefix + "-" + NOW_S + "}"), "a sign");
        assertNull(afterValidating(a, prefix + "1000000000}"), "out of range (2001): rejected when parsed");
        assertNull(afterValidating(a, prefix + (NOW_S + 3 * 86_400) + "}"), "three days ahead: rejected when parsed");
        assertNull(afterValidating(a, prefix + " " + NOW_S + "}"), "whitespace before the value");
        assertNull(afterValidating(a, prefix + "1234567890123456}"), "more than 15 digits");
    }

    @Test
    void aRecordWhoseIngestedAtIsNotTheLastTopLevelFieldIsNeverRecognised() {
        assertEquals(-1, UnparsedRepeats.ingestedAtDigitsStart(b("{\"a\":{\"x\":1,\"ingested_at\":1759694400}}")), "nested");
        assertEquals(-1, UnparsedRepeats.ingestedAtDigitsStart(b("{\"ingested_at\":1759694400,\"a\":1}")), "not last");
        assertEquals(-1, UnparsedRepeats.ingestedAtDigitsStart(b("{\"my_ingested_at\":1759694400}")), "another name");
        assertEquals(-1, UnparsedRepeats.ingestedAtDigitsStart(b("{\"ingested_at\":1759694400}")), "no field before it");
        assertEquals(-1, UnparsedRepeats.ingestedAtDigitsStart(null), "tombstone");
        assertEquals("{\"a\":1,\"ingested_at\":".length(), UnparsedRepeats.ingestedAtDigitsStart(b("{\"a\":1,\"ingested_at\":1759694400}")));
    }

    @Test
    void onlyValidatedRecordsAreRememberedAndOnlyForTheirTopic() {
        String bad = record(NOW_S - 120).replace("\"strSport\":\"Soccer\"", "\"strSport\":\"Ice Hockey\"");
        assertNull(afterValidating(bad, bad.replace(Long.toString(NOW_S - 120), Long.toString(NOW_S))),
                "a rejected record is parsed every time");
        UnparsedRepeats repeats = new UnparsedRepeats(100);
        String a = record(NOW_S - 120);
        RoutedRecord routed = VALIDATOR.validate(new SourcePosition(LIVE, 0, 1, 1L), "k", b(a));
        repeats.remember(repeats.probe(LIVE, b(a)), routed);
        assertNull(repeats.known(repeats.probe("soccer.schedule", b(record(NOW_S))), VALIDATOR), "same bytes, another topic");
        assertNotNull(repeats.known(repeats.probe(LIVE, b(record(NOW_S))), VALIDATOR));
    }

    @Test
    void whenFullTheMemoryStartsAgain() {
        UnparsedRepeats repeats = new UnparsedRepeats(1);
        String a = record(NOW_S - 120);
        String other = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"3\"");
        repeats.remember(repeats.probe(LIVE, b(a)), VALIDATOR.validate(new SourcePosition(LIVE, 0, 1, 1L), "k", b(a)));
        repeats.remember(repeats.probe(LIVE, b(other)), VALIDATOR.validate(new SourcePosition(LIVE, 0, 2, 1L), "k", b(other)));
        assertNull(repeats.known(repeats.probe(LIVE, b(record(NOW_S))), VALIDATOR), "forgotten: parsed again");
        assertNotNull(repeats.known(repeats.probe(LIVE, b(other.replace(Long.toString(NOW_S - 120), Long.toString(NOW_S)))), VALIDATOR));
    }

    @Test
    void thousandsOfRecordsAreEachKnownAsThemselvesAfterTheMemoryGrows() {
        UnparsedRepeats repeats = new UnparsedRepeats(100_000);
        String a = record(NOW_S - 120);
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            String ri = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"" + i + "\"");
            repeats.remember(repeats.probe(LIVE, b(ri)), VALIDATOR.validate(new SourcePosition(LIVE, 0, i, 1L), "k", b(ri)));
        }
        for (int i = 0; i < n; i++) {
            String later = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"" + i + "\"")
                    .replace(Long.toString(NOW_S - 120), Long.toString(NOW_S));
            UnparsedRepeats.Known k = repeats.known(repeats.probe(LIVE, b(later)), VALIDATOR);
            assertNotNull(k, "record " + i);
            assertEquals(VALIDATOR.validate(new SourcePosition(LIVE, 0, i, 1L), "k", b(later)).payloadHash(), k.payloadHash(),
                    "record " + i + " is known as itself");
        }
        assertNull(repeats.known(repeats.probe(LIVE, b(a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"-1\"")
                .replace(Long.toString(NOW_S - 120), Long.toString(NOW_S)))), VALIDATOR), "never seen");
    }

    @Test
    void recordsWhoseHashesCollideAreToldApartByTheirBytes() {
        UnparsedRepeats repeats = new UnparsedRepeats(1_000, UnparsedRepeats.DEFAULT_MAX_BYTES, (value, length) -> 7L);
        String a = record(NOW_S - 120);
        for (int i = 0; i < 300; i++) {
            String ri = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"" + i + "\"");
            repeats.remember(repeats.probe(LIVE, b(ri)), VALIDATOR.validate(new SourcePosition(LIVE, 0, i, 1L), "k", b(ri)));
        }
        for (int i = 0; i < 300; i++) {
            String later = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"" + i + "\"")
                    .replace(Long.toString(NOW_S - 120), Long.toString(NOW_S));
            assertEquals(VALIDATOR.validate(new SourcePosition(LIVE, 0, i, 1L), "k", b(later)).payloadHash(),
                    repeats.known(repeats.probe(LIVE, b(later)), VALIDATOR).payloadHash(), "record " + i);
        }
        String changed = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"0 \"");
        assertNull(repeats.known(repeats.probe(LIVE, b(changed)), VALIDATOR), "same hash, other bytes");
        assertNull(repeats.known(repeats.probe("soccer.schedule", b(record(NOW_S))), VALIDATOR), "same hash and bytes, other topic");
    }

    @Test
    void theRememberedBytesAreACopyAndTheirTotalIsBounded() {
        String a = record(NOW_S - 120);
        byte[] buffer = b(a);
        UnparsedRepeats repeats = new UnparsedRepeats(1_000, buffer.length * 2L, UnparsedRepeats::hash);
        repeats.remember(repeats.probe(LIVE, buffer), VALIDATOR.validate(new SourcePosition(LIVE, 0, 1, 1L), "k", buffer));
        buffer[10] = (byte) 'x';  // a caller reusing its array does not change what was remembered
        assertNotNull(repeats.known(repeats.probe(LIVE, b(record(NOW_S))), VALIDATOR));

        String other = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"3\"");
        String third = a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":\"4\"");
        repeats.remember(repeats.probe(LIVE, b(other)), VALIDATOR.validate(new SourcePosition(LIVE, 0, 2, 1L), "k", b(other)));
        repeats.remember(repeats.probe(LIVE, b(third)), VALIDATOR.validate(new SourcePosition(LIVE, 0, 3, 1L), "k", b(third)));
        assertNull(repeats.known(repeats.probe(LIVE, b(record(NOW_S))), VALIDATOR), "over the byte bound: forgotten, parsed again");
        assertNotNull(repeats.known(repeats.probe(LIVE, b(third.replace(Long.toString(NOW_S - 120), Long.toString(NOW_S))))
                , VALIDATOR));
    }
}
