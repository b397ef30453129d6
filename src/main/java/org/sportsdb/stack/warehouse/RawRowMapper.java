package org.sportsdb.stack.warehouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One validated record → the values of a raw table's columns, the mapping the chdb check models
 * ({@code check/conftest.py::Warehouse.route_row}): column c = record field c as text (JSON
 * objects/arrays as their JSON text, missing → NULL, or '' for a non-nullable text column),
 * {@code ingested_at} = the epoch seconds as a UTC timestamp text, {@code kafka_topic|partition|offset|key}
 * from the Kafka record, {@code record_json} = the record as consumed.
 */
public final class RawRowMapper {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;

    public RawRowMapper(ObjectMapper json) {
        this.json = json;
    }

    /** The values in column order; throws IllegalArgumentException when the record cannot be a row. */
    public List<Object> values(ConsumerRecord<String, String> record, List<RawColumn> columns) {
        JsonNode value = parse(record.value());
        List<Object> values = new ArrayList<>(columns.size());
        for (RawColumn column : columns) {
            values.add(switch (column.name()) {
                case "ingested_at" -> ingestedAt(value.get("ingested_at"));
                case "kafka_topic" -> record.topic();
                case "kafka_partition" -> record.partition();
                case "kafka_offset" -> record.offset();
                case "kafka_key" -> record.key() == null ? "" : record.key();
                case "record_json" -> record.value();
                default -> field(value.get(column.name()), column);
            });
        }
        return values;
    }

    private JsonNode parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("record has no value (tombstone)");
        }
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("record is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("record is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String ingestedAt(JsonNode node) {
        if (node == null || !node.isNumber()) {
            throw new IllegalArgumentException("ingested_at (epoch seconds, a JSON number) is missing or not a number: " + node);
        }
        BigDecimal millis = node.decimalValue().movePointRight(3);
        return TIMESTAMP.format(Instant.ofEpochMilli(millis.longValue()));
    }

    private static String field(JsonNode node, RawColumn column) {
        if (node == null || node.isNull()) {
            return column.nullable() || !column.isText() ? null : "";
        }
        return node.isContainerNode() ? node.toString() : node.asText();
    }
}
