package org.sportsdb.stack.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns one rejected Kafka record into one triage row. Never fails on bad input: a value that is not
 * JSON is kept verbatim in {@code payload} with reason {@link RejectionReasons#NOT_JSON}; bytes that are
 * not UTF-8 are kept as {@code base64:...} with reason {@link RejectionReasons#NOT_UTF8}.
 */
public final class RejectedRowMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long triagedAtMillis;

    public RejectedRowMapper(Instant triagedAt) {
        this.triagedAtMillis = triagedAt.toEpochMilli();
    }

    public GenericRecord map(ConsumerRecord<byte[], byte[]> record) {
        GenericRecord row = new GenericData.Record(TriageSchema.SCHEMA);
        row.put("topic", record.topic());
        row.put("partition", record.partition());
        row.put("offset", record.offset());
        row.put("kafka_timestamp", record.timestamp());
        row.put("key", record.key() == null ? null : text(record.key()).text());
        row.put("triaged_at", triagedAtMillis);
        if (record.value() == null || record.value().length == 0) {
            row.put("reasons", List.of(RejectionReasons.EMPTY));
            return row;
        }
        Text payload = text(record.value());
        row.put("payload", payload.text());
        if (!payload.utf8()) {
            row.put("reasons", List.of(RejectionReasons.NOT_UTF8));
            return row;
        }
        JsonNode json = parseObject(payload.text());
        if (json == null) {
            row.put("reasons", List.of(RejectionReasons.NOT_JSON));
            return row;
        }
        row.put("reasons", RejectionReasons.of(json));
        JsonNode ingestedAt = json.get("ingested_at");
        if (ingestedAt != null && ingestedAt.isNumber()) {
            row.put("ingested_at", ingestedAt.asDouble());
        } else if (ingestedAt != null && ingestedAt.isTextual() && isNumber(ingestedAt.asText())) {
            row.put("ingested_at", Double.parseDouble(ingestedAt.asText()));
        }
        for (String field : TriageSchema.ANALYST_FIELDS) {
            row.put(field, analystField(json, field));
        }
        return row;
    }

    /** The field at top level, else inside the first nested object that has it (player: lookup_player, list_player). */
    static String analystField(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value != null && value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        for (Iterator<JsonNode> it = json.elements(); it.hasNext(); ) {
            JsonNode nested = it.next();
            JsonNode inner = nested.isObject() ? nested.get(field) : null;
            if (inner != null && inner.isValueNode() && !inner.isNull()) {
                return inner.asText();
            }
        }
        return null;
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private record Text(String text, boolean utf8) {
    }

    private static Text text(byte[] bytes) {
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new Text(decoded, true);
        } catch (CharacterCodingException e) {
            return new Text("base64:" + Base64.getEncoder().encodeToString(bytes), false);
        }
    }
}
