package org.sportsdb.stack.feeds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sportsdb.stack.dev.TestStack;

/** The default replay corpus as the tests read it, and the records the feeds wrote. */
final class Corpus {

    static final ObjectMapper JSON = new ObjectMapper();

    private Corpus() {
    }

    /** The rows of a recorded answer ({@code lookup/event/2494000}), or none when the corpus has no such file. */
    static List<JsonNode> rows(String path) {
        Path file = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/" + path + ".json");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            List<JsonNode> rows = new ArrayList<>();
            root.elements().next().forEach(rows::add);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** key → value without ingested_at, in the order written; fails on a key written twice. */
    static Map<String, JsonNode> byKey(List<ConsumerRecord<String, String>> records) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                ObjectNode value = (ObjectNode) JSON.readTree(record.value());
                if (value.remove("ingested_at") == null) {
                    throw new AssertionError("record " + record.key() + " has no ingested_at");
                }
                if (out.put(record.key(), value) != null) {
                    throw new AssertionError("key " + record.key() + " written twice to " + record.topic());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
