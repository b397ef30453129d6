package org.sportsdb.stack.publish;

import java.util.Map;

/**
 * A record's Kafka key from a key spec: alternatives separated by ',' (the first one whose fields
 * are all present wins), composite keys joined with '+' and written as the values joined by '|'.
 * {@code idLiveScore,idEvent} → the live score id, else the event id;
 * {@code idEvent+idStatistic} → {@code "2052711|16"}.
 */
public final class RecordKey {

    private RecordKey() {
    }

    /** The key, or null when no alternative has all its fields. */
    public static String of(String spec, Map<String, Object> record) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no record key spec given (exchange property 'recordKey')");
        }
        for (String alternative : spec.split(",")) {
            String key = composite(alternative.trim(), record);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private static String composite(String alternative, Map<String, Object> record) {
        StringBuilder key = new StringBuilder();
        for (String field : alternative.split("\\+")) {
            Object value = record.get(field.trim());
            if (value == null || value.toString().isBlank()) {
                return null;
            }
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(value.toString().trim());
        }
        return key.toString();
    }
}
