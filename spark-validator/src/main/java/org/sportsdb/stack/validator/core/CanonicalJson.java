package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON (object keys sorted by code point at every level, no whitespace, Jackson's number and string
 * forms) and the payload hash: SHA-256 hex of the canonical JSON of the record without its ingestion fields.
 *
 * <p>The bytes are exactly what Jackson 2's UTF-8 generator writes for the sorted tree (the payload hashes must not
 * change; {@code CanonicalJsonTest} checks this against Jackson on random text): strings as UTF-8, with {@code \"},
 * {@code \\}, {@code \b \t \n \f \r}, other control characters and every UTF-16 surrogate as upper-case
 * {@code \\uXXXX}. Written by hand because it is the validator's hottest code. An instance keeps its buffers and is
 * used by one thread at a time.
 */
public final class CanonicalJson {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha256;
    private final KeyOrder keyOrder = new KeyOrder();
    private byte[] buf = new byte[4096];
    private int len;

    public CanonicalJson() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 (lower-case hex) of the canonical JSON of {@code record} without the top-level {@code excluded} fields. */
    public static String payloadHash(JsonNode record, Collection<String> excluded) {
        CanonicalJson c = new CanonicalJson();
        return c.sha256(c.bytes(record, excluded));
    }

    /** The canonical JSON text (for documentation and tests: what the hash is computed over). */
    public static String text(JsonNode record, Collection<String> excluded) {
        return new String(new CanonicalJson().bytes(record, excluded), StandardCharsets.UTF_8);
    }

    /** The canonical JSON bytes of {@code record} without the top-level {@code excluded} fields. */
    public byte[] bytes(JsonNode record, Collection<String> excluded) {
        len = 0;
        write(record, excluded);
        return Arrays.copyOf(buf, len);
    }

    /** SHA-256 (lower-case hex) of bytes. */
    public String sha256(byte[] bytes) {
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(bytes));
    }

    private void write(JsonNode node, Collection<String> excludedHere) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, excludedHere);
            case ARRAY -> {
                put((byte) '[');
                int i = 0;
                for (JsonNode child : node) {
                    if (i++ > 0) {
                        put((byte) ',');
                    }
                    write(child, List.of());
                }
                put((byte) ']');
            }
            case STRING -> writeString(node.textValue());
            case NULL -> put(NULL);
            case BOOLEAN -> put(node.booleanValue() ? TRUE : FALSE);
            case NUMBER -> writeAscii(switch (node.numberType()) {
                case INT, LONG -> Long.toString(node.longValue());
                case DOUBLE -> Double.toString(node.doubleValue());
                case FLOAT -> Float.toString(node.floatValue());
                default -> node.toString(); // BigInteger, BigDecimal: Jackson's own form
            });
            default -> writeAscii(node.toString()); // binary and POJO nodes never come from parsing
        }
    }

    private void writeObject(JsonNode node, Collection<String> excludedHere) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, JsonNode>[] fields = new Map.Entry[node.size()];
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!excludedHere.contains(field.getKey())) {
                fields[n++] = field;
            }
        }
        int[] order = keyOrder.of(fields, n);
        put((byte) '{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            Map.Entry<String, JsonNode> field = fields[order[i]];
            writeString(field.getKey());
            put((byte) ':');
            write(field.getValue(), List.of());
        }
        put((byte) '}');
    }

    private void writeString(String s) {
        int n = s.length();
        ensure(n * 6 + 2);
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        // most text is printable ASCII: copied in one go (getBytes is an intrinsic), then checked
        byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1.length == n && plainAscii(latin1)) {
            System.arraycopy(latin1, 0, b, p, n);
            b[p + n] = '"';
            len = p + n + 1;
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                    continue;
                }
                b[p++] = '\\';
                switch (c) {
                    case '"', '\\' -> b[p++] = (byte) c;
                    case '\b' -> b[p++] = 'b';
                    case '\t' -> b[p++] = 't';
                    case '\n' -> b[p++] = 'n';
                    case '\f' -> b[p++] = 'f';
                    case '\r' -> b[p++] = 'r';
                    default -> p = hexEscape(b, p - 1, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                p = hexEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[p++] = '"';
        len = p;
    }

    /**
     * No byte to escape and none beyond ASCII (negative). A character beyond Latin-1 was encoded as '?', so a '?' sends
     * the string the slow way too.
     */
    private static boolean plainAscii(byte[] bytes) {
        for (byte x : bytes) {
            if (x < 0x20 || x == '"' || x == '\\' || x == '?') {
                return false;
            }
        }
        return true;
    }

    private static int hexEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void writeAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte c) {
        ensure(1);
        buf[len++] = c;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    /**
     * The sorted order of an object's keys, remembered for the key sequences seen last: records of one feed repeat the
     * same keys in the same order, and Jackson hands out the same (canonicalised) key strings, so a sequence is
     * recognised by identity and sorted once.
     */
    private static final class KeyOrder {
        private static final int SLOTS = 64;
        private final String[][] keys = new String[SLOTS][];
        private final int[][] orders = new int[SLOTS][];

        int[] of(Map.Entry<String, JsonNode>[] fields, int n) {
            int h = n;
            for (int i = 0; i < n; i++) {
                h = 31 * h + System.identityHashCode(fields[i].getKey());
            }
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            String[] seen = keys[slot];
            if (seen != null && seen.length == n && sameKeys(seen, fields)) {
                return orders[slot];
            }
            String[] names = new String[n];
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                names[i] = fields[i].getKey();
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> names[a].compareTo(names[b]));
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = idx[i];
            }
            keys[slot] = names;
            orders[slot] = order;
            return order;
        }

        private static boolean sameKeys(String[] seen, Map.Entry<String, JsonNode>[] fields) {
            for (int i = 0; i < seen.length; i++) {
                if (seen[i] != fields[i].getKey()) {
                    return false;
                }
            }
            return true;
        }
    }
}
