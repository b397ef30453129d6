package org.sportsdb.stack.warehouse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One validated record → its row of a raw table as one line of ClickHouse's {@code JSONEachRow}, built from the
 * record's bytes as consumed, without parsing or decoding them: the raw columns are the record's fields by name, so
 * the record itself is the row. The line is the record's object with {@code ingested_at} rewritten and the Kafka
 * columns added:
 * <pre>{...record fields..., "ingested_at":"2026-01-01 00:00:00.123", "kafka_topic":..., "kafka_partition":N,
 *  "kafka_offset":N, "kafka_key":..., "record_json":{...the record as consumed...}}</pre>
 * The server maps it with the settings of {@link #SERVER_SETTINGS}, which give the mapping the chdb check models
 * ({@code check/conftest.py::Warehouse.route_row}) and the JDBC path had: column c = field c as text (objects and
 * arrays as their JSON text, numbers and booleans as their text), missing or null → NULL, or '' for a non-nullable
 * text column; fields that are no column are skipped; {@code record_json} = the record's exact text (an object read
 * as a string keeps its bytes). {@code ingested_at} (epoch seconds, a JSON number) is written as the UTC timestamp
 * text of its milliseconds, as before: the server would saturate an out-of-range number silently, while it refuses
 * such a text (Code 41), so a record with an impossible time is refused, not stored in year 9999.
 * <p>
 * The only look at the bytes: the outer braces and the top-level {@code ingested_at} (a scan that tracks strings and
 * nesting, no values built; every byte of a multi-byte UTF-8 character is above 0x7F, so none is taken for a quote,
 * a brace or a backslash). A record that is no JSON object, or has no numeric {@code ingested_at}, cannot be a row
 * and is refused here; any other fault of the text is the server's to find (Code 27, ...), row by row in the
 * bisection. Not thread-safe (it keeps the last second's text): one per writer.
 */
public final class RawRowMapper {

    /** The input settings the lines rely on (sent with every insert; the server's defaults in recent versions). */
    public static final java.util.Map<String, String> SERVER_SETTINGS = java.util.Map.of(
            "input_format_skip_unknown_fields", "1",
            "input_format_json_read_objects_as_strings", "1",
            "input_format_json_read_arrays_as_strings", "1",
            "input_format_json_read_numbers_as_strings", "1",
            "input_format_json_read_bools_as_strings", "1",
            "input_format_null_as_default", "1");

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final byte[] INGESTED_AT = "\"ingested_at\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KAFKA_TOPIC = ",\"kafka_topic\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KAFKA_PARTITION = ",\"kafka_partition\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KAFKA_OFFSET = ",\"kafka_offset\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KAFKA_KEY = ",\"kafka_key\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECORD_JSON = ",\"record_json\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_END = "}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Topic names as JSON strings (a handful of topics, each written on every line). */
    private final Map<String, byte[]> topicJson = new HashMap<>();
    /** The last epoch second written and its text: the records of a batch mostly share their seconds. */
    private long lastSecond = Long.MIN_VALUE;
    private byte[] lastSecondText;

    /** The record's JSONEachRow line (UTF-8, ending in a newline); throws IllegalArgumentException when the record cannot be a row. */
    public byte[] line(ConsumerRecord<String, byte[]> record) {
        RawLines lines = new RawLines(new RawLines.Blocks(), 1);
        append(record, lines);
        return lines.line(0).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends the record's line to {@code lines}; throws IllegalArgumentException (and appends nothing) when the record
     * cannot be a row.
     */
    void append(ConsumerRecord<String, byte[]> record, RawLines lines) {
        byte[] value = record.value();
        if (value == null) {
            throw new IllegalArgumentException("record has no value (tombstone)");
        }
        int open = firstNonSpace(value);
        int close = lastNonSpace(value);
        if (open < 0 || value[open] != '{' || value[close] != '}') {
            throw new IllegalArgumentException("record is not a JSON object");
        }
        int start = ingestedAtNumber(value, open, close);
        int end = numberEnd(value, start, close);
        if (end == start) {
            throw notANumber(new String(value, start, Math.min(close, start + 30) - start, StandardCharsets.UTF_8));
        }
        long millis = millis(value, start, end);
        lines.append(value, open, start - open);
        try {
            appendTimestamp(millis, lines);
        } catch (java.time.DateTimeException e) {
            lines.dropPartialLine();
            throw notANumber(new String(value, start, end - start, StandardCharsets.US_ASCII));
        }
        lines.append(value, end, close - end);
        lines.append(KAFKA_TOPIC);
        lines.append(topicJson.computeIfAbsent(record.topic(), RawRowMapper::jsonString));
        lines.append(KAFKA_PARTITION);
        lines.append(record.partition());
        lines.append(KAFKA_OFFSET);
        lines.append(record.offset());
        lines.append(KAFKA_KEY);
        lines.append(jsonString(record.key() == null ? "" : record.key()));
        lines.append(RECORD_JSON);
        lines.append(value, open, close + 1 - open);
        lines.append(LINE_END);
        lines.endLine();
    }

    /** The start of the value after the top-level "ingested_at": key. */
    private static int ingestedAtNumber(byte[] value, int open, int close) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i <= close; i++) {
            byte c = value[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                if (depth == 1 && startsWith(value, i, INGESTED_AT)) {
                    int colon = skipSpace(value, i + INGESTED_AT.length);
                    if (colon < close && value[colon] == ':') {
                        return skipSpace(value, colon + 1);
                    }
                }
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        throw notANumber("null");
    }

    private static int numberEnd(byte[] value, int start, int close) {
        int end = start;
        while (end < close && isNumberByte(value[end])) {
            end++;
        }
        return end;
    }

    private static boolean isNumberByte(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }

    /**
     * Epoch seconds (a JSON number's text) → milliseconds, truncated toward zero (as {@code BigDecimal.longValue}). The
     * common form, digits with an optional fraction, is read digit by digit; any other (sign, exponent, very long)
     * through BigDecimal.
     */
    private static long millis(byte[] value, int start, int end) {
        long seconds = 0;
        int i = start;
        while (i < end && value[i] >= '0' && value[i] <= '9' && i - start < 15) {
            seconds = seconds * 10 + (value[i++] - '0');
        }
        int fraction = 0;
        int digits = 0;
        if (i > start && i < end && value[i] == '.') {
            i++;
            int fractionStart = i;
            while (i < end && value[i] >= '0' && value[i] <= '9') {
                if (digits < 3) {
                    fraction = fraction * 10 + (value[i] - '0');
                    digits++;
                }
                i++;
            }
            if (i == fractionStart) {
                i = -1;  // "1." is no JSON number
            }
        }
        if (i == end && i > start) {
            for (; digits < 3; digits++) {
                fraction *= 10;
            }
            return seconds * 1000 + fraction;
        }
        String number = new String(value, start, end - start, StandardCharsets.US_ASCII);
        try {
            return new BigDecimal(number).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            throw notANumber(number);
        }
    }

    /** "yyyy-MM-dd HH:mm:ss.SSS" (UTC) with its quotes. */
    private void appendTimestamp(long millis, RawLines lines) {
        long second = Math.floorDiv(millis, 1000);
        if (second != lastSecond) {
            lastSecondText = SECOND.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII);
            lastSecond = second;
        }
        int ms = (int) Math.floorMod(millis, 1000);
        lines.append((byte) '"');
        lines.append(lastSecondText);
        lines.append((byte) '.');
        lines.append((byte) ('0' + ms / 100));
        lines.append((byte) ('0' + ms / 10 % 10));
        lines.append((byte) ('0' + ms % 10));
        lines.append((byte) '"');
    }

    private static IllegalArgumentException notANumber(String found) {
        return new IllegalArgumentException("ingested_at (epoch seconds, a JSON number) is missing or not a number: " + found);
    }

    /** A JSON string of the text (UTF-8): quote, backslash and control characters escaped, the rest as is. */
    static byte[] jsonString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(utf8.length + 8);
        out.write('"');
        for (byte b : utf8) {
            if (b == '"' || b == '\\') {
                out.write('\\');
                out.write(b);
            } else if (b >= 0 && b < 0x20) {
                switch (b) {
                    case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                    case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                    case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                    case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                    case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                    default -> out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[b >> 4], HEX[b & 0xF]});
                }
            } else {
                out.write(b);
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] value, int at, byte[] prefix) {
        if (at + prefix.length > value.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (value[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static int skipSpace(byte[] s, int i) {
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        return i;
    }

    private static int firstNonSpace(byte[] s) {
        int i = skipSpace(s, 0);
        return i < s.length ? i : -1;
    }

    private static int lastNonSpace(byte[] s) {
        int i = s.length - 1;
        while (i >= 0 && isSpace(s[i])) {
            i--;
        }
        return i;
    }
}
