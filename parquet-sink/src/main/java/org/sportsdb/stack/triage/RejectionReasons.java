package org.sportsdb.stack.triage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the validator's {@code _rejection} into a list of reason strings. Accepted shapes: a string;
 * a list of strings or of objects; an object with {@code reasons}; an object with one of
 * {@code reason/code/rule/message}. Records without a readable reason get a {@code triage:} reason,
 * so every row counts under some reason.
 */
public final class RejectionReasons {

    public static final String FIELD = "_rejection";
    public static final String NOT_JSON = "triage:payload_not_json";
    public static final String NOT_UTF8 = "triage:payload_not_utf8";
    public static final String EMPTY = "triage:payload_empty";
    public static final String MISSING = "triage:rejection_reason_missing";

    private static final List<String> REASON_KEYS = List.of("reason", "code", "rule", "message");

    private RejectionReasons() {
    }

    public static List<String> of(JsonNode payload) {
        List<String> reasons = new ArrayList<>();
        collect(payload.get(FIELD), reasons);
        return reasons.isEmpty() ? List.of(MISSING) : reasons;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, into));
        } else if (node.isObject()) {
            if (node.has("reasons")) {
                collect(node.get("reasons"), into);
                return;
            }
            for (String key : REASON_KEYS) {
                JsonNode value = node.get(key);
                if (value != null && value.isValueNode() && !value.isNull()) {
                    into.add(value.asText());
                    return;
                }
            }
            into.add(node.toString());
        } else if (!node.asText().isBlank()) {
            into.add(node.asText());
        }
    }
}
