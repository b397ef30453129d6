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
                    write(gen, child, java.util.List.of());
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
        String[] names = new String[node.size()];
        int n = 0;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!excludedHere.contains(name)) {
                names[n++] = name;
            }
        }
        Arrays.sort(names, 0, n);
        gen.writeStartObject();
        for (int i = 0; i < n; i++) {
            gen.writeFieldName(names[i]);
            write(gen, node.get(names[i]), java.util.List.of());
        }
        gen.writeEndObject();
    }
}
