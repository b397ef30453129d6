package org.sportsdb.stack.dev.world;

import java.time.Instant;
import java.util.Map;

/**
 * One record the world changed, as a consumer of the feeds' topics sees it: after {@code at}, a record on
 * {@code topic} whose {@code idField} is {@code id} must carry every field of {@code expected} (values as the API
 * sends them, strings). {@code what} says in words what happened ("kick-off moved", "player transferred", ...).
 */
public record WorldChange(Instant at, String what, String topic, String idField, String id, Map<String, String> expected) {

    /** True when the record (a published JSON object, as a map) is this change's record with its new values. */
    public boolean matches(Map<String, ?> record) {
        if (!id.equals(text(record.get(idField)))) {
            return false;
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            if (!e.getValue().equals(text(record.get(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    @Override
    public String toString() {
        return what + ": " + topic + " " + idField + "=" + id + " " + expected;
    }
}
