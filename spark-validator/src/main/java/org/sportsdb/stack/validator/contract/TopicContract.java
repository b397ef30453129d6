package org.sportsdb.stack.validator.contract;

import java.util.List;
import java.util.Map;

/**
 * The contract of one soccer.* topic, as read from {@code contracts/<name>.json}.
 *
 * @param topic      full topic name, e.g. soccer.live_score
 * @param primaryKey paths whose values, joined by '|', form the Kafka key of a validated record
 * @param required   paths that must hold a value (every primary-key path is required)
 * @param sportField path of the sport, or null when the topic has none
 * @param fields     field specs by path
 */
public record TopicContract(String topic, List<String> primaryKey, List<String> required, String sportField,
                            Map<String, FieldSpec> fields, Map<String, Map<String, FieldSpec>> fieldsByParent) {

    /** The fields that the poller adds and that are not part of the payload (excluded from the payload hash). */
    public static final List<String> INGESTION_FIELDS = List.of("ingested_at");

    public static final String INGESTED_AT = "ingested_at";

    public TopicContract(String topic, List<String> primaryKey, List<String> required, String sportField,
                         Map<String, FieldSpec> fields) {
        this(topic, primaryKey, required, sportField, fields, byParent(fields));
    }

    /** Field specs grouped by the path of their parent object ("" for top-level fields), keyed by the field's own name. */
    private static Map<String, Map<String, FieldSpec>> byParent(Map<String, FieldSpec> fields) {
        Map<String, Map<String, FieldSpec>> out = new java.util.HashMap<>();
        for (FieldSpec f : fields.values()) {
            int dot = f.path().lastIndexOf('.');
            out.computeIfAbsent(dot < 0 ? "" : f.path().substring(0, dot), k -> new java.util.HashMap<>())
                    .put(f.path().substring(dot + 1), f);
        }
        return out;
    }

    public TopicContract {
        for (String pk : primaryKey) {
            if (!required.contains(pk)) {
                throw new IllegalArgumentException(topic + ": primary-key field '" + pk + "' must be required");
            }
        }
        for (String r : required) {
            if (!fields.containsKey(r)) {
                throw new IllegalArgumentException(topic + ": required field '" + r + "' has no field spec");
            }
        }
        if (sportField != null && !fields.containsKey(sportField)) {
            throw new IllegalArgumentException(topic + ": sport field '" + sportField + "' has no field spec");
        }
        if (!fields.containsKey(INGESTED_AT) || fields.get(INGESTED_AT).type() != FieldType.EPOCH_SECONDS) {
            throw new IllegalArgumentException(topic + ": ingested_at must be declared as epoch_seconds");
        }
    }

    /** The topic name without the "soccer." prefix, e.g. live_score. */
    public String name() {
        return topic.substring(topic.indexOf('.') + 1);
    }

    public FieldSpec field(String path) {
        return fields.get(path);
    }

    /** The specs of the fields directly inside the object at {@code parentPath} ("" = top level), by field name. */
    public Map<String, FieldSpec> fieldsUnder(String parentPath) {
        return fieldsByParent.getOrDefault(parentPath, Map.of());
    }
}
