package org.sportsdb.stack.warehouse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One validated record → its row of a raw table as one line of ClickHouse's {@code JSONEachRow}, built from the
 * record's text without parsing it: the raw columns are the record's fields by name, so the record itself is the
 * row. The line is the record's object with {@code ingested_at} rewritten and the Kafka columns added:
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
 * The only look at the text: the outer braces and the top-level {@code ingested_at} (a scan that tracks strings and
 * nesting, no values built). A record that is no JSON object, or has no numeric {@code ingested_at}, cannot be a row
 * and is refused here; any other fault of the text is the server's to find (Code 27, ...), row by row in the
 * bisection.
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

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String INGESTED_AT = "\"ingested_at\"";

    private final ObjectMapper json;

    public RawRowMapper(ObjectMapper json) {
        this.json = json;
    }

    /** The record's JSONEachRow line (UTF-8, ending in a newline); throws IllegalArgumentException when the record cannot be a row. */
    public byte[] line(ConsumerRecord<String, String> record) {
        String value = record.value();
        if (value == null) {
            throw new IllegalArgumentException("record has no value (tombstone)");
        }
        int open = firstNonSpace(value);
        int close = lastNonSpace(value);
        if (open < 0 || value.charAt(open) != '{' || value.charAt(close) != '}') {
            throw new IllegalArgumentException("record is not a JSON object");
        }
        int[] number = ingestedAt(value, open, close);
        StringBuilder line = new StringBuilder(value.length() * 2 + 160);
        line.append(value, open, number[0]).append('"').append(timestamp(value.substring(number[0], number[1]))).append('"')
                .append(value, number[1], close)
                .append(",\"kafka_topic\":").append(jsonString(record.topic()))
                .append(",\"kafka_partition\":").append(record.partition())
                .append(",\"kafka_offset\":").append(record.offset())
                .append(",\"kafka_key\":").append(jsonString(record.key() == null ? "" : record.key()))
                .append(",\"record_json\":").append(value, open, close + 1)
                .append("}\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** [start, end) of the number after the top-level "ingested_at": key. */
    private static int[] ingestedAt(String value, int open, int close) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i <= close; i++) {
            char c = value.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                if (depth == 1 && value.startsWith(INGESTED_AT, i)) {
                    int colon = skipSpace(value, i + INGESTED_AT.length());
                    if (colon < close && value.charAt(colon) == ':') {
                        int start = skipSpace(value, colon + 1);
                        int end = start;
                        while (end < close && "+-.0123456789eE".indexOf(value.charAt(end)) >= 0) {
                            end++;
                        }
                        if (end == start) {
                            throw notANumber(value.substring(start, Math.min(close, start + 30)));
                        }
                        return new int[] {start, end};
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

    private static String timestamp(String number) {
        try {
            BigDecimal millis = new BigDecimal(number).movePointRight(3);
            return TIMESTAMP.format(Instant.ofEpochMilli(millis.longValue()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw notANumber(number);
        }
    }

    private static IllegalArgumentException notANumber(String found) {
        return new IllegalArgumentException("ingested_at (epoch seconds, a JSON number) is missing or not a number: " + found);
    }

    private String jsonString(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + text + " as JSON", e);
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int firstNonSpace(String s) {
        int i = skipSpace(s, 0);
        return i < s.length() ? i : -1;
    }

    private static int lastNonSpace(String s) {
        int i = s.length() - 1;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i;
    }
}
