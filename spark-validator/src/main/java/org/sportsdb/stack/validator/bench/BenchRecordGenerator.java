package org.sportsdb.stack.validator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.contract.FieldType;
import org.sportsdb.stack.validator.contract.TopicContract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic benchmark input: the real sample rows of {@code records/good/} with fresh primary keys, mixed over the
 * topics by feed volume; about {@value #REPOLL_PERCENT} % unchanged re-polls of an earlier record (later ingested_at)
 * and {@value #DEFECT_PERCENT} % defective records (a missing required field, a wrong type, another sport, or
 * malformed JSON). It knows how many records the validator must route where.
 */
public final class BenchRecordGenerator {
    static final int REPOLL_PERCENT = 50;
    static final int DEFECT_PERCENT = 10;
    private static final int RECENT = 4096;
    /** Topic weights (per mille) by how often each feed is polled. */
    private static final Map<String, Integer> WEIGHTS = weights();

    private final ObjectMapper json = new ObjectMapper();
    private final SplittableRandom random = new SplittableRandom(42);
    private final Map<String, List<ObjectNode>> templates = new LinkedHashMap<>();
    private final ContractCatalog catalog;
    private final String[] topicByDraw = new String[1000];
    private final String[] recentTopic = new String[RECENT];
    private final String[] recentKey = new String[RECENT];
    private final String[] recentValue = new String[RECENT];
    private int recentCount;
    private long nextId = 900_000_000L;
    private final long baseIngestedAt;
    private long unique;
    private long defective;
    private long repolls;

    /** One generated record: topic, Kafka key, value. */
    public record Generated(String topic, String key, String value) {
    }

    public BenchRecordGenerator(ContractCatalog catalog, long baseIngestedAt) {
        this.catalog = catalog;
        this.baseIngestedAt = baseIngestedAt;
        int i = 0;
        for (Map.Entry<String, Integer> w : WEIGHTS.entrySet()) {
            templates.put(w.getKey(), load(w.getKey()));
            for (int k = 0; k < w.getValue(); k++) {
                topicByDraw[i++] = "soccer." + w.getKey();
            }
        }
        if (i != 1000) {
            throw new IllegalStateException("weights must add up to 1000, got " + i);
        }
    }

    public Generated next(long sequence) {
        return next(sequence, random.nextInt(100));
    }

    /** A record of a new key (no re-poll, no defect): what fills the de-duplication state in the steady benchmark. */
    public Generated nextNew(long sequence) {
        return next(sequence, REPOLL_PERCENT);
    }

    private Generated next(long sequence, int draw) {
        if (draw < REPOLL_PERCENT && recentCount > 0) {
            int r = random.nextInt(Math.min(recentCount, RECENT));
            repolls++;
            return new Generated(recentTopic[r], recentKey[r], repoll(recentValue[r], sequence));
        }
        String topic = topicByDraw[random.nextInt(1000)];
        TopicContract contract = catalog.forTopic(topic);
        List<ObjectNode> rows = templates.get(contract.name());
        ObjectNode record = rows.get((int) (sequence % rows.size())).deepCopy();
        String key = Long.toString(nextId++);
        for (String pk : contract.primaryKey()) {
            if (contract.field(pk).type() == FieldType.ID) {
                setPath(record, pk, key);
            }
        }
        if ("player".equals(contract.name())) {
            setPath(record, "list_player.idPlayer", key);
        }
        record.remove("ingested_at");
        record.put("ingested_at", baseIngestedAt + sequence / 1000);
        if (draw >= 100 - DEFECT_PERCENT) {
            defective++;
            return new Generated(topic, key, defect(record, contract, sequence));
        }
        unique++;
        String value = record.toString();
        int slot = recentCount++ % RECENT;
        recentTopic[slot] = topic;
        recentKey[slot] = key;
        recentValue[slot] = value;
        return new Generated(topic, key, value);
    }

    /** The same payload polled again two minutes later. */
    private static String repoll(String value, long sequence) {
        int at = value.lastIndexOf("\"ingested_at\":");
        long previous = Long.parseLong(value.substring(at + 14, value.length() - 1));
        return value.substring(0, at) + "\"ingested_at\":" + (previous + 120 + sequence % 7) + "}";
    }

    private String defect(ObjectNode record, TopicContract contract, long sequence) {
        switch ((int) (sequence % 4)) {
            case 0 -> record.remove(contract.required().get(1).contains(".") ? "list_player" : contract.required().get(1));
            case 1 -> setPath(record, contract.primaryKey().get(0), "x" + sequence);
            case 2 -> {
                if (contract.sportField() != null && !contract.sportField().contains(".")) {
                    record.put(contract.sportField(), "Ice Hockey");
                } else {
                    record.put("ingested_at", 1_000_000_000L);
                }
            }
            default -> {
                String s = record.toString();
                return s.substring(0, s.length() / 2);
            }
        }
        return record.toString();
    }

    private static void setPath(ObjectNode record, String path, String value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            record.put(path, value);
        } else if (record.get(path.substring(0, dot)) instanceof ObjectNode child) {
            child.put(path.substring(dot + 1), value);
        }
    }

    private List<ObjectNode> load(String name) {
        String resource = "records/good/" + name + ".jsonl";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            List<ObjectNode> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    rows.add((ObjectNode) n);
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> weights() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put("live_score", 300);
        w.put("schedule", 150);
        w.put("broadcast", 150);
        w.put("event.stats", 100);
        w.put("event.timeline", 80);
        w.put("event.lineup", 80);
        w.put("live.event.lookup", 40);
        w.put("event", 40);
        w.put("event.highlights", 20);
        w.put("team", 10);
        w.put("player", 20);
        w.put("venue", 5);
        w.put("league", 5);
        return w;
    }

    /** Records that must reach validated.* (new payloads). */
    public long expectedValidated() {
        return unique;
    }

    /** Records that must reach rejected.*. */
    public long expectedRejected() {
        return defective;
    }

    /** Unchanged re-polls, which the de-duplication must drop. */
    public long expectedDuplicates() {
        return repolls;
    }
}
