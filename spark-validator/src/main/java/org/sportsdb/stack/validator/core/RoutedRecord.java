package org.sportsdb.stack.validator.core;

import java.util.List;

/**
 * The outcome of validating one record: where it goes and what is written there.
 *
 * @param outTopic       validated.soccer.* or rejected.soccer.*
 * @param key            primary key joined by '|' (validated) or the original Kafka key text (rejected, may be null)
 * @param value          the JSON written to the output topic (UTF-8)
 * @param dedupId        identity for de-duplication: topic, key and payload hash (validated), or the source position (rejected, never a duplicate)
 * @param eventTimeMillis ingestion time in epoch milliseconds (Kafka timestamp, or ingested_at in file mode): the watermark column
 * @param reasons        rejection reasons (empty when valid)
 */
public record RoutedRecord(String outTopic, String key, byte[] value, String dedupId, long eventTimeMillis,
                           List<String> reasons) {

    public boolean valid() {
        return reasons.isEmpty();
    }

    public String valueText() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
