package org.sportsdb.stack.reconcile;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validator micro-batch as its audit record tells it (spark-validator/.../audit/AuditRecord): the input offsets it
 * covered, the rows it read, the rows it wrote per output topic, the unchanged re-polls it dropped.
 */
public record AuditBatch(String key, long batchId, List<Range> ranges, long inputRows, Map<String, Long> output,
                         long droppedUnchanged) {

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
                output, v.path("dropped_duplicates").asLong());
    }

    public long covered() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    /** Offsets covered but not read: deleted by retention or compaction before the validator got to them. */
    public long notRead() {
        return Math.max(0, covered() - inputRows);
    }
}
