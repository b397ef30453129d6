package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.TestRecords;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that would be larger than an output topic takes (the Kafka producer and broker refuse it, the sink fails
 * and the batch is replayed forever) is rejected with a size reason and a sample of its raw text, whatever made it
 * large: escaped raw text (a control character becomes six), or a large valid record.
 */
class TooLargeRecordTest {
    private final RecordValidator validator = RecordValidator.fromClasspath();

    @Test
    void rawTextThatGrowsPastTheLimitWhenEscapedIsRejectedWithASizeReasonAndASample() {
        byte[] raw = new byte[200_000]; // 200 KB of control characters: 1.2 MB once escaped as \\u0001
        java.util.Arrays.fill(raw, (byte) 1);
        raw[0] = 'x';
        SourcePosition pos = new SourcePosition("soccer.live_score", 0, 42, 1L);
        assertTrue(RejectionWriter.wrapRaw(raw, List.of(ReasonCodes.JSON_MALFORMED), pos).length > RecordValidator.MAX_OUTPUT_BYTES,
                "the escaped text is past the limit");

        RoutedRecord r = validator.validate(pos, "k", raw);

        assertEquals("rejected.soccer.live_score", r.outTopic());
        assertEquals(List.of(ReasonCodes.TOO_LARGE), r.reasons());
        assertTrue(r.value().length < 64 * 1024, "a few KiB: " + r.value().length);
        JsonNode v = TestRecords.tree(r.value());
        assertEquals(RejectionWriter.RAW_SAMPLE_CHARS, v.get(RejectionWriter.RAW_FIELD).asText().length());
        assertTrue(v.get(RejectionWriter.RAW_FIELD).asText().startsWith("x\u0001"));
        assertEquals(raw.length, v.get(RejectionWriter.RAW_BYTES_FIELD).asLong());
        assertTrue(v.get(RejectionWriter.WOULD_BE_BYTES_FIELD).asLong() > RecordValidator.MAX_OUTPUT_BYTES);
        assertEquals(42, v.get(RejectionWriter.FIELD).get("offset").asLong());
        assertEquals(List.of(ReasonCodes.TOO_LARGE), List.of(v.get(RejectionWriter.FIELD).get("reasons").get(0).asText()));
    }

    @Test
    void aRecordWithinTheLimitIsUntouched() {
        String good = TestRecords.good("live_score").get(0);
        RoutedRecord r = validator.validate(new SourcePosition("soccer.live_score", 0, 1, 1L), null, good.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.valid(), r.reasons().toString());
    }
}
