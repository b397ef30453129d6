package org.sportsdb.stack.validator.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All topic contracts, loaded from the classpath folder {@code contracts/} ({@code index.txt} lists the names,
 * {@code <name>.json} holds each contract). The Camel app reads the same files.
 */
public final class ContractCatalog {
    public static final String FOLDER = "contracts/";
    private static volatile ContractCatalog fromClasspath;

    private final Map<String, TopicContract> byTopic;

    public ContractCatalog(Map<String, TopicContract> byTopic) {
        this.byTopic = Collections.unmodifiableMap(new LinkedHashMap<>(byTopic));
    }

    /** The catalog of the classpath, loaded once per JVM (drivers and executors alike). */
    public static ContractCatalog fromClasspath() {
        ContractCatalog c = fromClasspath;
        if (c == null) {
            synchronized (ContractCatalog.class) {
                if (fromClasspath == null) {
                    fromClasspath = load(ContractCatalog.class.getClassLoader());
                }
                c = fromClasspath;
            }
        }
        return c;
    }

    static ContractCatalog load(ClassLoader loader) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, TopicContract> contracts = new LinkedHashMap<>();
        for (String name : read(loader, FOLDER + "index.txt").split("\\R")) {
            if (name.isBlank() || name.startsWith("#")) {
                continue;
            }
            String file = FOLDER + name.trim() + ".json";
            try {
                TopicContract c = parse(mapper.readTree(read(loader, file)));
                if (!c.name().equals(name.trim())) {
                    throw new IllegalArgumentException("topic " + c.topic() + " does not match the file name");
                }
                contracts.put(c.topic(), c);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("bad contract " + file + ": " + e.getMessage(), e);
            }
        }
        return new ContractCatalog(contracts);
    }

    public static TopicContract parse(JsonNode json) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.path("fields").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode note = e.getValue().get("note");
            fields.put(e.getKey(), new FieldSpec(e.getKey(), FieldType.parse(e.getValue().path("type").asText("")),
                    note == null ? null : note.asText()));
        }
        JsonNode sport = json.get("sportField");
        return new TopicContract(requiredText(json, "topic"), strings(json.path("primaryKey")), strings(json.path("required")),
                sport == null || sport.isNull() ? null : sport.asText(), fields);
    }

    private static String requiredText(JsonNode json, String name) {
        JsonNode v = json.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing '" + name + "'");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource not found: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contract of a topic, or null when no contract covers it. */
    public TopicContract forTopic(String topic) {
        return byTopic.get(topic);
    }

    public Map<String, TopicContract> all() {
        return byTopic;
    }
}
