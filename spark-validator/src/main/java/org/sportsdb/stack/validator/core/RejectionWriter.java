package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the value of a rejected record: the original bytes untouched, with a {@code _rejection} member added
 * just before the closing brace. Input that is not a JSON object is wrapped as {@code {"_raw": "<text>", "_rejection": ...}}.
 */
public final class RejectionWriter {
    public static final String FIELD = "_rejection";
    public static final String RAW_FIELD = "_raw";
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private RejectionWriter() {
    }

    /** The original object (raw bytes of a parsed JSON object) plus _rejection. */
    public static byte[] appendTo(byte[] originalObject, boolean objectHasMembers, List<String> reasons, String sport,
                                  SourcePosition pos) {
        int close = lastClosingBrace(originalObject);
        byte[] rejection = rejection(reasons, sport, pos);
        byte[] prefix = ((objectHasMembers ? "," : "") + "\"" + FIELD + "\":").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[originalObject.length + prefix.length + rejection.length];
        System.arraycopy(originalObject, 0, out, 0, close);
        System.arraycopy(prefix, 0, out, close, prefix.length);
        System.arraycopy(rejection, 0, out, close + prefix.length, rejection.length);
        System.arraycopy(originalObject, close, out, close + prefix.length + rejection.length, originalObject.length - close);
        return out;
    }

    /** A wrapper for input that is not a JSON object: {"_raw": text-or-null, "_rejection": {...}}. */
    public static byte[] wrapRaw(byte[] raw, List<String> reasons, SourcePosition pos) {
        return json(512, gen -> {
            gen.writeStartObject();
            gen.writeStringField(RAW_FIELD, raw == null ? null : new String(raw, StandardCharsets.UTF_8));
            gen.writeFieldName(FIELD);
            writeRejection(gen, reasons, null, pos);
            gen.writeEndObject();
        });
    }

    /** What writes one JSON value. */
    private interface JsonWriting {
        void write(JsonGenerator gen) throws IOException;
    }

    /** The bytes {@code writing} writes. */
    private static byte[] json(int expectedSize, JsonWriting writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writing.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Characters of the raw text kept in a too-large record's rejection. */
    public static final int RAW_SAMPLE_CHARS = 4096;
    /** Fields of a too-large record's rejection beside the sample: the raw text's length, and the size it would have had. */
    public static final String RAW_BYTES_FIELD = "_raw_bytes";
    public static final String WOULD_BE_BYTES_FIELD = "_would_be_bytes";

    /**
     * The rejection of a record too large for its output topic ({@code size} bytes as it would be written):
     * {"_raw": the first {@value #RAW_SAMPLE_CHARS} characters of the raw text, "_raw_bytes": its length,
     * "_would_be_bytes": size, "_rejection": {...}}; a few KiB whatever the input.
     */
    public static byte[] tooLarge(byte[] raw, int size, List<String> reasons, SourcePosition pos) {
        return json(RAW_SAMPLE_CHARS + 512, gen -> {
            gen.writeStartObject();
            String text = raw == null ? null : new String(raw, StandardCharsets.UTF_8);
            int cut = text == null ? 0 : Math.min(text.length(), RAW_SAMPLE_CHARS);
            if (cut > 0 && cut < text.length() && Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            gen.writeStringField(RAW_FIELD, text == null ? null : text.substring(0, cut));
            gen.writeNumberField(RAW_BYTES_FIELD, raw == null ? 0 : raw.length);
            gen.writeNumberField(WOULD_BE_BYTES_FIELD, size);
            gen.writeFieldName(FIELD);
            writeRejection(gen, reasons, null, pos);
            gen.writeEndObject();
        });
    }

    private static byte[] rejection(List<String> reasons, String sport, SourcePosition pos) {
        return json(256, gen -> writeRejection(gen, reasons, sport, pos));
    }

    private static void writeRejection(JsonGenerator gen, List<String> reasons, String sport, SourcePosition pos)
            throws IOException {
        gen.writeStartObject();
        gen.writeArrayFieldStart("reasons");
        for (String r : reasons) {
            gen.writeString(r);
        }
        gen.writeEndArray();
        if (sport != null) {
            gen.writeStringField("sport", sport);
        }
        gen.writeStringField("topic", pos.topic());
        if (pos.partition() == null) {
            gen.writeNullField("partition");
        } else {
            gen.writeNumberField("partition", pos.partition());
        }
        gen.writeNumberField("offset", pos.offset());
        if (pos.timestampMillis() == null) {
            gen.writeNullField("kafka_timestamp");
        } else {
            gen.writeNumberField("kafka_timestamp", pos.timestampMillis());
        }
        gen.writeStringField("validator_version", ValidatorVersion.VALUE);
        gen.writeEndObject();
    }

    private static int lastClosingBrace(byte[] json) {
        for (int i = json.length - 1; i >= 0; i--) {
            if (json[i] == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a JSON object");
    }
}
