package org.sportsdb.stack.validator.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The hand-written canonical writer gives the very bytes Jackson's UTF-8 generator gives for the sorted tree (what the
 * payload hashes were defined on), for random trees of random text: escapes, control characters, non-ASCII,
 * surrogate pairs and lone surrogates, every number type.
 */
class CanonicalJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALPHABET = "aZ09 _-:/.?\"\\\b\t\n\f\r\u0000\u0001\u001f\u007f\u0080\u00e9\u00ff\u0100\u20ac\u2028\u4e2d\uffff"
            + "\ud83d\ude00\ud83d\udc4d";

    @Test
    void theBytesAreJacksonsForRandomTrees() throws IOException {
        Random random = new Random(20261126);
        CanonicalJson canonical = new CanonicalJson();
        for (int i = 0; i < 3000; i++) {
            JsonNode tree = object(random, 0);
            assertArrayEquals(jackson(tree, Set.of("ingested_at")), canonical.bytes(tree, Set.of("ingested_at")), tree::toString);
        }
    }

    @Test
    void loneSurrogatesAndControlCharactersAreEscapedAsJacksonDoes() throws IOException {
        ObjectNode o = NODES.objectNode();
        o.put("lone", "a\ud83d b \ude00");
        o.put("ctl", "\u0000\u001f\t");
        o.put("\u00e9t\u00e9", "\u20ac");
        String text = new String(new CanonicalJson().bytes(o, List.of()), StandardCharsets.UTF_8);
        assertArrayEquals(jackson(o, List.of()), text.getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"ctl\":\"\\u0000\\u001F\\t\",\"lone\":\"a\\uD83D b \\uDE00\",\"\u00e9t\u00e9\":\"\u20ac\"}", text);
    }

    @Test
    void theSameKeysInAnotherOrderGiveTheSameBytes() {
        CanonicalJson canonical = new CanonicalJson();
        ObjectNode a = NODES.objectNode().put("b", 1).put("a", "x");
        ObjectNode b = NODES.objectNode().put("a", "x").put("b", 1);
        for (int i = 0; i < 3; i++) { // also once the key order is remembered
            assertArrayEquals(canonical.bytes(a, List.of()), canonical.bytes(b, List.of()));
        }
        assertEquals("{\"a\":\"x\",\"b\":1}", CanonicalJson.text(a, List.of()));
    }

    private static JsonNode value(Random r, int depth) {
        return switch (r.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextInt());
            case 3 -> NODES.numberNode(r.nextLong());
            case 4 -> NODES.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 5 -> NODES.numberNode(r.nextFloat());
            case 6 -> NODES.numberNode(new BigInteger(90, r));
            case 7 -> NODES.numberNode(new BigDecimal(new BigInteger(70, r), r.nextInt(20) - 10));
            case 8 -> NODES.textNode(text(r));
            case 9 -> object(r, depth + 1);
            default -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(value(r, depth + 1));
                }
                yield a;
            }
        };
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode o = NODES.objectNode();
        for (int i = r.nextInt(8); i > 0; i--) {
            o.set(r.nextInt(5) == 0 ? "ingested_at" : text(r), value(r, depth));
        }
        return o;
    }

    private static String text(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The reference: Jackson's generator over the tree with keys sorted (the writer the hashes were first made with). */
    private static byte[] jackson(JsonNode tree, Collection<String> excluded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator gen = new JsonFactory(MAPPER).createGenerator(out)) {
            write(gen, tree, excluded);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator gen, JsonNode node, Collection<String> excluded) throws IOException {
        if (node.isObject()) {
            String[] names = new String[node.size()];
            int n = 0;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!excluded.contains(name)) {
                    names[n++] = name;
                }
            }
            Arrays.sort(names, 0, n);
            gen.writeStartObject();
            for (int i = 0; i < n; i++) {
                gen.writeFieldName(names[i]);
                write(gen, node.get(names[i]), List.of());
            }
            gen.writeEndObject();
        } else if (node.isArray()) {
            gen.writeStartArray();
            for (JsonNode child : node) {
                write(gen, child, List.of());
            }
            gen.writeEndArray();
        } else {
            MAPPER.writeTree(gen, node);
        }
    }
}
