package org.sportsdb.stack.triage;

import org.sportsdb.stack.dev.KafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes rejected records the way the validator does (the original row plus {@code ingested_at} and
 * {@code _rejection}) built from real TheSportsDB samples, and remembers each one for the assertions.
 */
final class RejectedRecordFactory implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-10-05T20:30:31Z: 22:30 in Cairo (day 2026-10-05). */
    static final long EVENING = 1_791_232_231_000L;
    /** Three hours later: 01:30 in Cairo on 2026-10-06. */
    static final long AFTER_MIDNIGHT = EVENING + 3 * 3_600_000L;

    private final KafkaProducer<String, String> producer;
    private final String prefix;
    private final List<ProducedRecord> produced = new ArrayList<>();

    RejectedRecordFactory(KafkaBroker broker, String prefix) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        this.prefix = prefix;
    }

    String topic(String name) {
        return prefix + "rejected.soccer." + name;
    }

    List<ProducedRecord> produced() {
        return List.copyOf(produced);
    }

    /** live_score rows with three different sets of reasons. */
    void liveScores(int count, long timestamp) {
        ArrayNode rows = (ArrayNode) sample("v2_livescore_soccer.json").get("livescore");
        for (int i = 0; i < count; i++) {
            ObjectNode row = rows.get(i % rows.size()).deepCopy();
            row.put("ingested_at", timestamp / 1000);
            List<String> reasons = switch (i % 3) {
                case 0 -> List.of("required:intHomeScore", "type:intAwayScore");
                case 1 -> List.of("sport:not_soccer");
                default -> List.of("range:ingested_at");
            };
            row.set(RejectionReasons.FIELD, validatorRejection(reasons, "soccer.live_score", i, timestamp));
            send(topic("live_score"), row.get("idLiveScore").asText(), row.toString(), timestamp, reasons,
                    text(row, "idEvent"), text(row, "idLeague"), text(row, "strSport"), text(row, "strStatus"));
        }
    }

    /** event.stats rows: no sport, no status, idEvent added the way the detail route does. */
    void eventStats(int count, long timestamp) {
        ArrayNode rows = (ArrayNode) sample("v2_lookup_event_stats.json").get("lookup");
        for (int i = 0; i < count; i++) {
            ObjectNode row = rows.get(i % rows.size()).deepCopy();
            row.put("ingested_at", timestamp / 1000.0);
            row.set(RejectionReasons.FIELD, validatorRejection(List.of("type:intHome"), "soccer.event.stats", i, timestamp));
            send(topic("event.stats"), row.get("idEvent").asText() + "|" + row.get("idStatistic").asText(),
                    row.toString(), timestamp, List.of("type:intHome"), text(row, "idEvent"), null, null, null);
        }
    }

    /** player records: sport only inside lookup_player. */
    void players(int count, long timestamp) {
        ArrayNode listed = (ArrayNode) sample("v2_list_players_133604.json").get("list");
        JsonNode lookup = sample("v2_lookup_player_34145937.json").get("lookup").get(0);
        for (int i = 0; i < count; i++) {
            JsonNode listRow = listed.get(i % listed.size());
            ObjectNode record = JSON.createObjectNode();
            record.put("idPlayer", listRow.get("idPlayer").asText());
            record.put("idTeam", "133604");
            record.set("list_player", listRow);
            record.set("lookup_player", lookup);
            record.put("ingested_at", timestamp / 1000);
            record.set(RejectionReasons.FIELD, validatorRejection(List.of("required:lookup_player.idPlayer"),
                    "soccer.player", i, timestamp));
            send(topic("player"), listRow.get("idPlayer").asText(), record.toString(), timestamp,
                    List.of("required:lookup_player.idPlayer"), null, null, text(lookup, "strSport"), text(lookup, "strStatus"));
        }
    }

    /** What the validator writes for input that was not JSON: the text wrapped in {@code _raw}. */
    void validatorWrappedRaw(String name, String text, long timestamp) {
        ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("_raw", text);
        wrapper.set(RejectionReasons.FIELD, validatorRejection(List.of("json:malformed"), "soccer." + name, 99, timestamp));
        send(topic(name), "raw", wrapper.toString(), timestamp, List.of("json:malformed"), null, null, null, null);
    }

    /** The validator's {@code _rejection} member (spark-validator RejectionWriter). */
    private static ObjectNode validatorRejection(List<String> reasons, String sourceTopic, long offset, long timestamp) {
        ObjectNode rejection = JSON.createObjectNode();
        ArrayNode list = rejection.putArray("reasons");
        reasons.forEach(list::add);
        rejection.put("topic", sourceTopic);
        rejection.put("partition", 0);
        rejection.put("offset", offset);
        rejection.put("kafka_timestamp", timestamp - 1000);
        rejection.put("validator_version", "test");
        return rejection;
    }

    /** A value that is not JSON at all (as a broken upstream could put on a rejected topic). */
    void notJson(String name, String text, long timestamp) {
        send(topic(name), "garbage", text, timestamp, List.of(RejectionReasons.NOT_JSON), null, null, null, null);
    }

    private void send(String topic, String key, String value, long timestamp, List<String> reasons,
                      String idEvent, String idLeague, String sport, String status) {
        try {
            RecordMetadata meta = producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
            produced.add(new ProducedRecord(topic, meta.partition(), meta.offset(), timestamp, key, value, reasons,
                    idEvent, idLeague, sport, status));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static JsonNode sample(String file) {
        try (InputStream in = RejectedRecordFactory.class.getResourceAsStream("/samples/" + file)) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
