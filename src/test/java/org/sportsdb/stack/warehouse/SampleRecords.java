package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The real validated records of the warehouse check ({@code warehouse/check/data/*.jsonl}: TheSportsDB rows plus
 * {@code ingested_at} and {@code payload_hash}), with their validated topic, and copies of them under new ids.
 */
public final class SampleRecords {

    public static final Path DATA = Path.of("warehouse/check/data");
    /** The natural key of each raw table (warehouse/migrations/V002__raw_tables.sql, check/conftest.py). */
    public static final Map<String, List<String>> NATURAL_KEYS = Map.ofEntries(
            Map.entry("live_score", List.of("idLiveScore")), Map.entry("live.event.lookup", List.of("idEvent")),
            Map.entry("broadcast", List.of("id", "strTimeStamp")), Map.entry("schedule", List.of("idEvent", "strTimestamp")),
            Map.entry("event", List.of("idEvent")), Map.entry("event.stats", List.of("idEvent", "idStatistic")),
            Map.entry("event.timeline", List.of("idTimeline")), Map.entry("event.lineup", List.of("idLineup")),
            Map.entry("event.highlights", List.of("idEvent", "strFilename")), Map.entry("team", List.of("idTeam")),
            Map.entry("player", List.of("idPlayer")), Map.entry("venue", List.of("idVenue")), Map.entry("league", List.of("idLeague")));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its validated topic ({@code validated.soccer.<name>}) and its JSON object. */
    public record Sample(String topic, ObjectNode record) {
        public String name() {
            return topic.substring(RawTableNames.VALIDATED_SOCCER_PREFIX.length());
        }

        /** The raw table on ClickHouse: {@code default.raw_<name, . → _>}. */
        public String table() {
            return "default.raw_" + name().replace('.', '_');
        }

        /** The Kafka key the feeds give it: the natural key's values joined by '|'. */
        public String key() {
            StringBuilder key = new StringBuilder();
            for (String field : NATURAL_KEYS.get(name())) {
                if (key.length() > 0) {
                    key.append('|');
                }
                key.append(record.path(field).asText(""));
            }
            return key.toString();
        }

        /**
         * A copy with every numeric id of the natural key (and the event it belongs to) moved by {@code offset}, so
         * copies with different offsets are different entities in raw and dw; payload_hash marks the copy.
         */
        public Sample copy(long offset) {
            ObjectNode copy = record.deepCopy();
            List<String> ids = new ArrayList<>(NATURAL_KEYS.get(name()));
            ids.add("idEvent");
            for (String field : ids) {
                String value = copy.path(field).asText("");
                if (value.matches("\\d{1,12}")) {
                    copy.put(field, Long.toString(Long.parseLong(value) + offset));
                }
            }
            copy.put("payload_hash", copy.path("payload_hash").asText("") + "-" + offset);
            return new Sample(topic, copy);
        }

        public String json() {
            return record.toString();
        }
    }

    private SampleRecords() {
    }

    /** The records of one data file, in file order. */
    public static List<Sample> read(String fileName) {
        List<Sample> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(DATA.resolve(fileName))) {
                if (line.isBlank()) {
                    continue;
                }
                ObjectNode item = (ObjectNode) JSON.readTree(line);
                out.add(new Sample(RawTableNames.VALIDATED_SOCCER_PREFIX + item.get("topic").asText(), (ObjectNode) item.get("record")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DATA.resolve(fileName), e);
        }
        return out;
    }
}
