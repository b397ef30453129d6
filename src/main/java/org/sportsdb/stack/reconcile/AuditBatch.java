package org.sportsdb.stack.reconcile;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validator micro-batch as its audit record tells it (spark-validator/.../audit/AuditRecord): the input offsets it
 * covered and, per source topic, the rows it read, passed on to the sink as validated or rejected, and dropped as
 * unchanged re-polls, each counted where it happens; Spark's own counts of rows read and written by the sink.
 * <p>
 * A record of the earlier format ({@code output} per output topic and {@code dropped_duplicates}, no {@code topics})
 * is read too: its drops are then rows read minus rows written, arithmetic that cannot show a loss
 * ({@link #counted()} false). A counts-lost record ({@code "counts_lost":true}, key
 * {@code <query id>:<batch id>:counts-lost}) has the offsets only: the validator stopped after the batch's commit,
 * before its audit record, and wrote this one from its checkpoint at the next start.
 */
public record AuditBatch(String key, long batchId, List<Range> ranges, long inputRows, Map<String, Long> output,
                         long droppedUnchanged, boolean countsLost, Map<String, Counts> topics, long sinkRows) {
    static final String COUNTS_LOST_KEY_SUFFIX = ":counts-lost";

    /**
     * Offsets {@code [from, until)} of one input partition; {@code first}: the query's first range of the partition
     * (its start was the starting offsets or the partition's earliest offset; the offsets below were never read).
     */
    public record Range(String topic, int partition, long from, long until, boolean first) {
        public Range(String topic, int partition, long from, long until) {
            this(topic, partition, from, until, false);
        }

        public long size() {
            return until - from;
        }
    }

    /** The four counts of one source topic in one batch. */
    public record Counts(long read, long validated, long rejected, long dropped) {
        /** read - (validated + rejected + dropped): rows lost (above 0) or counted twice (below 0) inside the validator. */
        public long unaccounted() {
            return read - validated - rejected - dropped;
        }
    }

    public static AuditBatch parse(String key, JsonNode v) {
        List<Range> ranges = new java.util.ArrayList<>();
        for (JsonNode r : v.path("ranges")) {
            ranges.add(new Range(r.get("topic").asText(), r.get("partition").asInt(), r.get("from").asLong(), r.get("until").asLong(),
                    r.path("first").asBoolean(false)));
        }
        Map<String, Long> output = new java.util.TreeMap<>();
        v.path("output").fields().forEachRemaining(e -> output.put(e.getKey(), e.getValue().asLong()));
        Map<String, Counts> topics = null;
        if (v.has("topics")) {
            topics = new java.util.TreeMap<>();
            for (Map.Entry<String, JsonNode> t : (Iterable<Map.Entry<String, JsonNode>>) () -> v.get("topics").fields()) {
                JsonNode c = t.getValue();
                topics.put(t.getKey(), new Counts(c.path("read").asLong(), c.path("validated").asLong(), c.path("rejected").asLong(),
                        c.path("dropped").asLong()));
            }
        }
        long dropped = topics == null ? v.path("dropped_duplicates").asLong()
                : topics.values().stream().mapToLong(Counts::dropped).sum();
        return new AuditBatch(key, v.path("batch_id").asLong(), List.copyOf(ranges), v.path("input_rows").asLong(),
                output, dropped, v.path("counts_lost").asBoolean(false), topics, v.path("sink_rows").asLong(-1));
    }

    /** True when the record has the four counts per topic (counted where they happen), false for the earlier format. */
    public boolean counted() {
        return topics != null;
    }

    /** The counts of a source topic (zeros when the batch read none of it); null for the earlier format. */
    public Counts counts(String topic) {
        return topics == null ? null : topics.getOrDefault(topic, new Counts(0, 0, 0, 0));
    }

    /** Rows passed on to the sink minus rows the sink wrote (Spark's count): rows lost on the way; 0 when not known. */
    public long lostBeforeSink() {
        if (topics == null || sinkRows < 0) {
            return 0;
        }
        return topics.values().stream().mapToLong(c -> c.validated() + c.rejected()).sum() - sinkRows;
    }

    /** Rows Spark's source read minus rows the validation counted as read; 0 when not known. */
    public long readNotCounted() {
        return topics == null ? 0 : inputRows - topics.values().stream().mapToLong(Counts::read).sum();
    }

    /** The key of the batch's full record, which a counts-lost record stands in for (null for a full record). */
    String fullRecordKey() {
        return countsLost && key.endsWith(COUNTS_LOST_KEY_SUFFIX) ? key.substring(0, key.length() - COUNTS_LOST_KEY_SUFFIX.length()) : null;
    }

    public long covered() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    public long covered(String topic) {
        return ranges.stream().filter(r -> r.topic().equals(topic)).mapToLong(Range::size).sum();
    }

    /** Offsets covered but not read: deleted by retention or compaction before the validator got to them. */
    public long notRead() {
        return countsLost ? 0 : Math.max(0, covered() - inputRows);
    }

    /**
     * Offsets of {@code topic} covered but not read, as the validation counted what it read of the topic (a record of the
     * current format); the batch's {@link #notRead()} otherwise.
     */
    public long notRead(String topic) {
        if (!counted()) {
            return notRead();
        }
        return countsLost ? 0 : Math.max(0, covered(topic) - counts(topic).read());
    }

    /** The unchanged re-polls of {@code topic} dropped in this batch (a record of the current format); the batch's otherwise. */
    public long droppedUnchanged(String topic) {
        return counted() ? counts(topic).dropped() : droppedUnchanged;
    }

    /** The batch's ranges as text: "soccer.x-0: 120-179, soccer.y-1: 4-9". */
    public String describeRanges(String onlyTopic) {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (onlyTopic == null || r.topic().equals(onlyTopic)) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(r.topic()).append('-').append(r.partition()).append(": ").append(OffsetRanges.of(r.from(), r.until()).describe(1));
            }
        }
        return sb.toString();
    }
}
