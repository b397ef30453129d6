package org.sportsdb.stack.validator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The value types a contract can give a field, and how each one normalises an API value.
 * {@link #normalise} returns the normalised node ({@link NullNode} for "no value"), or Java
 * {@code null} when the value is a defect for that type.
 */
public enum FieldType {
    /** Free text: trimmed; "" becomes null; numbers/booleans become their text. */
    STRING {
        @Override
        JsonNode normaliseText(String t) {
            return TextNode.valueOf(t);
        }

        @Override
        JsonNode normaliseNumber(JsonNode n) {
            return TextNode.valueOf(n.asText());
        }
    },
    /** Identifier: digits only, kept as a string (v2 search endpoints send JSON numbers). */
    ID {
        @Override
        JsonNode normaliseText(String t) {
            return allDigits(t, 0) ? TextNode.valueOf(t) : null;
        }

        @Override
        JsonNode normaliseNumber(JsonNode n) {
            return isLong(n) && n.asLong() >= 0 ? TextNode.valueOf(Long.toString(n.asLong())) : null;
        }
    },
    /** Integer sent as a string ("2"): becomes a JSON number. */
    INT {
        @Override
        JsonNode normaliseText(String t) {
            int start = t.startsWith("-") ? 1 : 0;
            if (t.length() - start > 18 || !allDigits(t, start)) {
                return null;
            }
            return LongNode.valueOf(Long.parseLong(t));
        }

        @Override
        JsonNode normaliseNumber(JsonNode n) {
            return isLong(n) ? LongNode.valueOf(n.asLong()) : null;
        }
    },
    /** Calendar date YYYY-MM-DD; "0000-00-00" is the API's "unknown" and becomes null. */
    DATE {
        @Override
        JsonNode normaliseText(String t) {
            if (t.equals(ZERO_DATE)) {
                return NullNode.getInstance();
            }
            return isDate(t) ? TextNode.valueOf(t) : null;
        }
    },
    /** UTC timestamp "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS" (optional Z / +00:00): becomes YYYY-MM-DDTHH:MM:SS. */
    DATETIME {
        @Override
        JsonNode normaliseText(String t) {
            String s = t.endsWith("Z") ? t.substring(0, t.length() - 1)
                    : t.endsWith("+00:00") ? t.substring(0, t.length() - 6) : t;
            if (s.length() != 19 || (s.charAt(10) != 'T' && s.charAt(10) != ' ')) {
                return null;
            }
            if (s.startsWith(ZERO_DATE)) {
                return NullNode.getInstance();
            }
            String date = s.substring(0, 10);
            String time = s.substring(11);
            if (!isDate(date) || !isTime(time)) {
                return null;
            }
            return TextNode.valueOf(date + 'T' + time);
        }
    },
    /** Time of day "HH:MM" or "HH:MM:SS": becomes HH:MM:SS. */
    TIME {
        @Override
        JsonNode normaliseText(String t) {
            String s = t.length() == 5 ? t + ":00" : t;
            return s.length() == 8 && isTime(s) ? TextNode.valueOf(s) : null;
        }
    },
    /** Epoch seconds (JSON number, or a numeric string): becomes a JSON number. */
    EPOCH_SECONDS {
        @Override
        JsonNode normaliseText(String t) {
            try {
                double d = Double.parseDouble(t);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return null;
                }
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? LongNode.valueOf((long) d) : DoubleNode.valueOf(d);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        JsonNode normaliseNumber(JsonNode n) {
            // a boolean is no time; NaN and infinities cannot be read (JSON has none, Jackson may still hand them over)
            return n.isNumber() && Double.isFinite(n.asDouble()) ? n : null;
        }
    },
    /** Nested JSON object (player rows); its fields are normalised by their own "parent.child" specs. */
    OBJECT {
        @Override
        public JsonNode normalise(JsonNode value) {
            if (value == null || value.isNull()) {
                return NullNode.getInstance();
            }
            return value.isObject() ? value : null;
        }

        @Override
        JsonNode normaliseText(String t) {
            return null;
        }
    };

    static final String ZERO_DATE = "0000-00-00";

    /** Normalised value, NullNode for "no value", or null when the value is a defect for this type. */
    public JsonNode normalise(JsonNode value) {
        if (value == null || value.isNull()) {
            return NullNode.getInstance();
        }
        if (value.isTextual()) {
            String t = value.textValue().strip();
            return t.isEmpty() ? NullNode.getInstance() : normaliseText(t);
        }
        if (value.isNumber() || value.isBoolean()) {
            return normaliseNumber(value);
        }
        return null;
    }

    abstract JsonNode normaliseText(String trimmed);

    /**
     * A whole number a long holds: {@code canConvertToExactIntegral} alone also accepts 2^64 + 1 or 1e20, which
     * {@code asLong} would truncate into another id or score.
     */
    static boolean isLong(JsonNode n) {
        return n.isNumber() && n.canConvertToExactIntegral() && n.canConvertToLong();
    }

    /** Numbers and booleans: a defect unless the type says otherwise. */
    JsonNode normaliseNumber(JsonNode n) {
        return null;
    }

    /** How fields that no contract names are normalised: strings trimmed, "" to null, anything else kept. */
    public static JsonNode normaliseUnknown(JsonNode value) {
        if (value != null && value.isTextual()) {
            String t = value.textValue().strip();
            return t.isEmpty() ? NullNode.getInstance() : (t.length() == value.textValue().length() ? value : TextNode.valueOf(t));
        }
        return value == null ? NullNode.getInstance() : value;
    }

    public static FieldType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown field type '" + name + "' (known: string, id, int, date, datetime, time, epoch_seconds, object)");
        }
    }

    static boolean allDigits(String s, int from) {
        if (s.length() <= from) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || !allDigits(s.substring(0, 4), 0) || !allDigits(s.substring(5, 7), 0) || !allDigits(s.substring(8), 0)) {
            return false;
        }
        try {
            LocalDate.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean isTime(String s) {
        if (s.length() != 8 || s.charAt(2) != ':' || s.charAt(5) != ':') {
            return false;
        }
        for (int i : new int[]{0, 1, 3, 4, 6, 7}) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(s, 0, 2, 10) < 24 && Integer.parseInt(s, 3, 5, 10) < 60 && Integer.parseInt(s, 6, 8, 10) < 60;
    }

}
