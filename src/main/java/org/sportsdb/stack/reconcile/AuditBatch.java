package org.sportsdb.stack.reconcile;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validator micro-batch as its audit record tells it (spark-validator/.../audit/AuditRecord): the input offsets it
 * covered, the rows it read, the rows it wrote per output topic, the unchanged re-polls it dropped. A counts-lost
 * record ({@code "counts_lost":true}, key {@code <query id>:<batch id>:counts-lost}) has the offsets only: the
 * validator stopped after the batch's commit, before its audit record, and wrote this one from its checkpoint at
 * the next start.
 */
public record AuditBatch(String key, long batchId, List<Range> ranges, long inputRows, Map<String, Long> output,
                         long droppedUnchanged, boolean countsLost) {
    static final String COUNTS_LOST_KEY_SUFFIX = ":counts-lost";

    /** Offsets {@code [from, until)} of one input partition. */
    public record Range(String topic, int partition, long from, long until) {
        public long size() {
            return until - from;
        }
    }

    public static AuditBatch parse(String key, JsonNode v) {
        List<Range> ranges = new java.util.ArrayList<>();
        for (JsonNode r : v.path("ranges")) {
            ranges.add(new Range(r.get("topic").asText(), r.get("partition").asInt(), r.get("from").asLong(), r.get("until").asLong()));
        }
        Map<String, Long> output = new java.util.TreeMap<>();
        v.path("output").fields().forEachRemaining(e -> output.put(e.getKey(), e.getValue().asLong()));
        return new AuditBatch(key, v.path("batch_id").asLong(), List.copyOf(ranges), v.path("input_rows").asLong(),
                output, v.path("dropped_duplicates").asLong(), v.path("counts_lost").asBoolean(false));
    }

    /** The key of the batch's full record, which a counts-lost record stands in for (null for a full record). */
    String fullRecordKey() {
        return countsLost && key.endsWith(COUNTS_LOST_KEY_SUFFIX) ? key.substring(0, key.length() - COUNTS_LOST_KEY_SUFFIX.length()) : null;
    }

    public long covered() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    /** Offsets covered but not read: deleted by retention or compaction before the validator got to them. */
    public long notRead() {
        return countsLost ? 0 : Math.max(0, covered() - inputRows);
    }
}
