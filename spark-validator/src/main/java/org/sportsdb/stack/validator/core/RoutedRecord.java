package org.sportsdb.stack.validator.core;

import java.util.List;

/**
 * The outcome of validating one record: where it goes and what is written there.
 *
 * @param outTopic        validated.soccer.*, rejected.soccer.* or {@link RecordValidator#UNKNOWN_TOPIC_REJECTED}
 * @param key             primary key joined by '|' (validated) or the original Kafka key text (rejected, may be null)
 * @param value           the JSON written to the output topic (UTF-8)
 * @param stateKey        the de-duplication state's key, primary key and output topic (validated); null for a rejected
 *                        record, which never goes through the de-duplication
 * @param payloadHash     the payload hash of a validated record (null when rejected)
 * @param source          where the record was read (topic, partition, offset, Kafka timestamp)
 * @param eventTimeMillis ingestion time in epoch milliseconds (Kafka timestamp, or ingested_at in file mode)
 * @param reasons         rejection reasons (empty when valid)
 */
public record RoutedRecord(String outTopic, String key, byte[] value, String stateKey, String payloadHash,
                           SourcePosition source, long eventTimeMillis, List<String> reasons) {

    public boolean valid() {
        return reasons.isEmpty();
    }

    public String valueText() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The state key of a validated record: primary key and output topic (a key is unique within its topic). The key
     * comes first so the sort before the state operator tells rows apart by their first bytes (Spark's sort prefix),
     * which the topic name, the same for many rows, would not.
     */
    public static String stateKey(String outTopic, String key) {
        return key + '\u0000' + outTopic;
    }
}
