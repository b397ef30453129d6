package org.sportsdb.stack.validator.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.contract.FieldSpec;
import org.sportsdb.stack.validator.contract.FieldType;
import org.sportsdb.stack.validator.contract.TopicContract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates one soccer.* record against its topic contract and routes it. Plain Java (no Spark), shared by the
 * stream ({@code ValidationFunction}) and the file command ({@code ValidateFile}). One instance per thread (it keeps
 * the canonical JSON writer's buffers).
 */
public final class RecordValidator {
    public static final String VALIDATED_PREFIX = "validated.";
    public static final String REJECTED_PREFIX = "rejected.";
    public static final String PAYLOAD_HASH = "payload_hash";
    /**
     * Where records of a soccer.* topic without a contract go (reason contract:unknown_topic): one topic provisioned
     * with the others (root app TopicCatalog), since a rejected.soccer.&lt;name&gt; per unknown name would not exist.
     */
    public static final String UNKNOWN_TOPIC_REJECTED = "rejected.soccer.unknown";
    /**
     * The largest record (value + key) written to an output topic: below the Kafka producer's max.request.size and the
     * broker's message.max.bytes defaults (1 MiB), with room for the record's headers and framing. A larger one is
     * rejected ({@link ReasonCodes#TOO_LARGE}) with a sample of its raw text ({@link RejectionWriter#tooLarge}).
     */
    public static final int MAX_OUTPUT_BYTES = 1_000_000;
    /** ingested_at before 2020-01-01 is a defect (the old job silently replaced it). */
    public static final long MIN_INGESTED_AT = 1_577_836_800L;
    /** ingested_at more than a day in the future is a defect. */
    public static final long MAX_FUTURE_SECONDS = 86_400L;

    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setNodeFactory(new PresizedNodeFactory())
            .readerFor(JsonNode.class);

    /** Objects start with room for a whole API row (~30-60 fields), so parsing does not grow their maps. */
    private static final class PresizedNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new java.util.LinkedHashMap<>(128));
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordValidator.class);

    private final ContractCatalog catalog;
    private final Clock clock;
    private final CanonicalJson canonicalJson = new CanonicalJson();

    public RecordValidator(ContractCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public static RecordValidator fromClasspath() {
        return new RecordValidator(ContractCatalog.fromClasspath(), Clock.systemUTC());
    }

    /**
     * @param pos      where the record came from (topic decides the contract)
     * @param kafkaKey the record's Kafka key (kept on rejected records), may be null
     * @param value    the record value as received, may be null (tombstone)
     */
    public RoutedRecord validate(SourcePosition pos, String kafkaKey, byte[] value) {
        RoutedRecord routed;
        try {
            routed = validateAnySize(pos, kafkaKey, value);
        } catch (RuntimeException e) {
            return failed(pos, kafkaKey, value, e);
        }
        int size = routed.value().length + (routed.key() == null ? 0 : routed.key().length());
        if (size <= MAX_OUTPUT_BYTES) {
            return routed;
        }
        // the sink would fail on it, and the batch be replayed forever: rejected with a sample of the raw text
        String rejectedTopic = catalog.forTopic(pos.topic()) == null ? UNKNOWN_TOPIC_REJECTED : REJECTED_PREFIX + pos.topic();
        List<String> reasons = List.of(ReasonCodes.TOO_LARGE);
        return rejected(rejectedTopic, kafkaKey, RejectionWriter.tooLarge(value, size, reasons, pos), pos,
                routed.eventTimeMillis(), reasons);
    }

    /**
     * A record whose validation threw: a defect of the validator, not a verdict on the record. It is rejected
     * ({@link ReasonCodes#VALIDATOR_ERROR}) with its raw text, and the error is logged with where the record is, so
     * one such record neither stops the query (its batch would fail on every restart, and every topic with it) nor
     * is lost: it waits in the rejected topic, and its Parquet copy, to be replayed once the validator is fixed.
     */
    private RoutedRecord failed(SourcePosition pos, String kafkaKey, byte[] value, RuntimeException e) {
        LOG.warn("record at {} not validated, rejected as {}: the validation failed ({})", pos, ReasonCodes.VALIDATOR_ERROR, e.toString(), e);
        String rejectedTopic = catalog.forTopic(pos.topic()) == null ? UNKNOWN_TOPIC_REJECTED : REJECTED_PREFIX + pos.topic();
        List<String> reasons = List.of(ReasonCodes.VALIDATOR_ERROR);
        long eventTime = pos.timestampMillis() != null ? pos.timestampMillis() : System.currentTimeMillis();
        RoutedRecord rejected = rejected(rejectedTopic, kafkaKey, RejectionWriter.wrapRaw(value, reasons, pos), pos, eventTime, reasons);
        int size = rejected.value().length + (kafkaKey == null ? 0 : kafkaKey.length());
        return size <= MAX_OUTPUT_BYTES ? rejected : rejected(rejectedTopic, kafkaKey,
                RejectionWriter.tooLarge(value, size, List.of(ReasonCodes.VALIDATOR_ERROR, ReasonCodes.TOO_LARGE), pos), pos,
                eventTime, List.of(ReasonCodes.VALIDATOR_ERROR, ReasonCodes.TOO_LARGE));
    }

    private RoutedRecord validateAnySize(SourcePosition pos, String kafkaKey, byte[] value) {
        TopicContract contract = catalog.forTopic(pos.topic());
        String rejectedTopic = contract == null ? UNKNOWN_TOPIC_REJECTED : REJECTED_PREFIX + pos.topic();
        long fallbackTime = eventTime(pos, null);
        JsonNode root = parse(value);
        if (root == null || !root.isObject()) {
            List<String> reasons = contract == null ? List.of(ReasonCodes.JSON_MALFORMED, ReasonCodes.UNKNOWN_TOPIC)
                    : List.of(ReasonCodes.JSON_MALFORMED);
            return rejected(rejectedTopic, kafkaKey, RejectionWriter.wrapRaw(value, reasons, pos), pos, fallbackTime, reasons);
        }
        if (contract == null) {
            List<String> reasons = List.of(ReasonCodes.UNKNOWN_TOPIC);
            return rejected(rejectedTopic, kafkaKey, RejectionWriter.appendTo(value, root.size() > 0, reasons, null, pos),
                    pos, fallbackTime, reasons);
        }
        List<String> reasons = new ArrayList<>(2);
        ObjectNode normalised = normaliseObject((ObjectNode) root, "", contract, reasons);
        checkRequired(normalised, contract, reasons);
        String sport = checkSport(normalised, contract, reasons);
        JsonNode ingestedAt = normalised.get(TopicContract.INGESTED_AT);
        boolean ingestedAtUsable = ingestedAt != null && ingestedAt.isNumber();
        if (ingestedAtUsable && !ingestedAtInRange(ingestedAt.asDouble())) {
            reasons.add(ReasonCodes.range(TopicContract.INGESTED_AT));
            ingestedAtUsable = false;
        }
        if (!reasons.isEmpty()) {
            return rejected(rejectedTopic, kafkaKey, RejectionWriter.appendTo(value, root.size() > 0, reasons, sport, pos),
                    pos, eventTime(pos, ingestedAtUsable ? ingestedAt : null), reasons);
        }
        String key = primaryKey(normalised, contract);
        byte[] canonical = canonicalJson.bytes(normalised, TopicContract.INGESTION_FIELDS);
        String hash = canonicalJson.sha256(canonical);
        String outTopic = VALIDATED_PREFIX + pos.topic();
        return new RoutedRecord(outTopic, key, validatedValue(canonical, ingestedAt, hash),
                RoutedRecord.stateKey(outTopic, key), hash, pos, eventTime(pos, ingestedAt), List.of());
    }

    /**
     * The ingestion time of a record: the Kafka record timestamp (stamped by the poller's producer when it ingests the
     * row) in the stream; ingested_at when there is no Kafka timestamp (file mode); now as a last resort. It orders the
     * records of one key that come from different partitions in one batch; the de-duplication never drops by it.
     */
    private long eventTime(SourcePosition pos, JsonNode ingestedAt) {
        if (pos.timestampMillis() != null) {
            return pos.timestampMillis();
        }
        return ingestedAt != null ? (long) (ingestedAt.asDouble() * 1000) : clock.millis();
    }

    /** True when an ingested_at of {@code epochSeconds} is no defect (not before 2020, at most a day ahead). */
    public boolean ingestedAtInRange(double epochSeconds) {
        return epochSeconds >= MIN_INGESTED_AT && epochSeconds <= clock.millis() / 1000.0 + MAX_FUTURE_SECONDS;
    }

    private static RoutedRecord rejected(String topic, String kafkaKey, byte[] value, SourcePosition pos, long eventTime,
                                         List<String> reasons) {
        return new RoutedRecord(topic, kafkaKey, value, null, null, pos, eventTime, reasons);
    }

    private static JsonNode parse(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return READER.readTree(value);
        } catch (IOException e) {
            // the bytes are in memory: every failure is the value's (not JSON, or bytes Jackson takes for UTF-32 and
            // cannot decode, CharConversionException, which is no JsonProcessingException)
            return null;
        }
    }

    /**
     * Normalises {@code in} (the object at {@code parentPath}) in place: each field by its spec, unknown fields trimmed.
     * The parsed tree is this record's own; the original bytes stay untouched for a rejected copy.
     */
    private static ObjectNode normaliseObject(ObjectNode in, String parentPath, TopicContract contract, List<String> reasons) {
        Map<String, FieldSpec> specs = contract.fieldsUnder(parentPath);
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldSpec spec = specs.get(e.getKey());
            JsonNode value = e.getValue();
            if (spec == null) {
                e.setValue(FieldType.normaliseUnknown(value));
                continue;
            }
            JsonNode normal = spec.type().normalise(value);
            if (normal == null) {
                reasons.add(ReasonCodes.type(spec.path()));
            } else if (spec.type() == FieldType.OBJECT && normal.isObject()) {
                e.setValue(normaliseObject((ObjectNode) normal, spec.path(), contract, reasons));
            } else {
                e.setValue(normal);
            }
        }
        return in;
    }

    private static void checkRequired(ObjectNode record, TopicContract contract, List<String> reasons) {
        for (String path : contract.required()) {
            JsonNode v = at(record, path);
            if (v == null || v.isNull()) {
                reasons.add(ReasonCodes.required(path));
            }
        }
    }

    /** Adds sport:not_soccer when the sport field holds another sport; returns that sport (or null). */
    private static String checkSport(ObjectNode record, TopicContract contract, List<String> reasons) {
        if (contract.sportField() == null) {
            return null;
        }
        JsonNode sport = at(record, contract.sportField());
        if (sport == null || !sport.isTextual()) {
            return null; // missing: reported by the required rule where the contract requires it
        }
        if (!sport.textValue().equalsIgnoreCase("soccer")) {
            reasons.add(ReasonCodes.NOT_SOCCER);
            return sport.textValue();
        }
        return null;
    }

    /** The value at a dotted path, or null. */
    static JsonNode at(JsonNode record, String path) {
        JsonNode node = record;
        int from = 0;
        while (node != null) {
            int dot = path.indexOf('.', from);
            String part = dot < 0 ? path.substring(from) : path.substring(from, dot);
            node = node.get(part);
            if (dot < 0) {
                return node;
            }
            from = dot + 1;
        }
        return null;
    }

    private static String primaryKey(ObjectNode record, TopicContract contract) {
        List<String> pk = contract.primaryKey();
        if (pk.size() == 1) {
            return text(at(record, pk.get(0)));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pk.size(); i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(text(at(record, pk.get(i))));
        }
        return sb.toString();
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "" : v.isTextual() ? v.textValue() : v.asText();
    }

    /**
     * The validated value: the canonical payload (keys sorted, the bytes the hash is computed over) with
     * ingested_at and payload_hash appended, so the record is serialised once.
     */
    private static byte[] validatedValue(byte[] canonical, JsonNode ingestedAt, String hash) {
        byte[] tail = (",\"" + TopicContract.INGESTED_AT + "\":" + numberText(ingestedAt) + ",\"" + PAYLOAD_HASH + "\":\""
                + hash + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(canonical, canonical.length - 1 + tail.length);
        System.arraycopy(tail, 0, out, canonical.length - 1, tail.length);
        return out;
    }

    /** The payload hash of a validated value: it ends with {@code ,"payload_hash":"<64 hex digits>"}} ({@link #validatedValue}). */
    public static String payloadHashOf(byte[] validatedValue) {
        return new String(validatedValue, validatedValue.length - 66, 64, StandardCharsets.US_ASCII);
    }

    /** A JSON number's text as Jackson writes it (JsonNode.toString() goes through a whole ObjectWriter). */
    static String numberText(JsonNode number) {
        return switch (number.numberType()) {
            case INT, LONG -> Long.toString(number.longValue());
            case DOUBLE -> Double.toString(number.doubleValue());
            case FLOAT -> Float.toString(number.floatValue());
            default -> number.toString();
        };
    }

    /** Decodes a Kafka key for the rejected copy. */
    public static String keyText(byte[] key) {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

}
