package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 */
public final class CanonicalJson {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private CanonicalJson() {
    }

    /** SHA-256 (lower-case hex) of the canonical JSON of {@code record} without the top-level {@code excluded} fields. */
    public static String payloadHash(JsonNode record, Collection<String> excluded) {
        return sha256(bytes(record, excluded));
    }

    /** The canonical JSON text (for documentation and tests: what the hash is computed over). */
    public static String text(JsonNode record, Collection<String> excluded) {
        return new String(bytes(record, excluded), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The canonical JSON bytes of {@code record} without the top-level {@code excluded} fields. */
    public static byte[] bytes(JsonNode record, Collection<String> excluded) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(2048);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            write(gen, record, excluded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** SHA-256 (lower-case hex) of bytes. */
    public static String sha256(byte[] bytes) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    private static void write(JsonGenerator gen, JsonNode node, Collection<String> excludedHere) throws IOException {
        if (!node.isObject()) {
            if (node.isArray()) {
                gen.writeStartArray();
                for (JsonNode child : node) {
                    write(gen, child, List.of());
                }
                gen.writeEndArray();
            } else if (node.isNull()) {
                gen.writeNull();
            } else if (node.isTextual()) {
                gen.writeString(node.textValue());
            } else {
                ((com.fasterxml.jackson.databind.node.ValueNode) node).serialize(gen, null); // numbers, booleans
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, JsonNode>[] fields = new Map.Entry[node.size()];
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!excludedHere.contains(field.getKey())) {
                fields[n++] = field;
            }
        }
        int[] order = KEY_ORDER.get().of(fields, n);
        gen.writeStartObject();
        for (int i = 0; i < n; i++) {
            Map.Entry<String, JsonNode> field = fields[order[i]];
            gen.writeFieldName(field.getKey());
            write(gen, field.getValue(), List.of());
        }
        gen.writeEndObject();
    }

    /**
     * The sorted order of an object's keys, remembered for the key sequences seen last: records of one feed repeat the
     * same keys in the same order, and Jackson hands out the same (canonicalised) key strings, so a sequence is
     * recognised by identity and sorted once. One per thread.
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

    private static final ThreadLocal<KeyOrder> KEY_ORDER = ThreadLocal.withInitial(KeyOrder::new);
}
