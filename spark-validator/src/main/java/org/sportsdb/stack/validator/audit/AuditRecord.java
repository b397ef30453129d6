package org.sportsdb.stack.validator.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.validator.core.ValidatorVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit record of one micro-batch, built from its progress and its {@link BatchCounts}: which input offsets it
 * covered, per partition {@code [from, until)}, and per source topic the four counts of where its rows went, each
 * counted where it happens (read by the validation; passed on to the sink as validated or rejected, or dropped as an
 * unchanged re-poll, by the de-duplication), with Spark's own counts of rows read from the source and written by the
 * sink beside them. Key = {@code <query id>:<batch id>}: the query id lives in the checkpoint, so a batch replayed
 * after a restart (same id, same offsets) writes the same key again and is counted once.
 *
 * <pre>{"query_id":"…","query_name":"soccer-validator","batch_id":7,"timestamp":"…","validator_version":"…",
 *  "ranges":[{"topic":"soccer.event","partition":0,"from":120,"until":180},…],
 *  "input_rows":60,"sink_rows":44,
 *  "topics":{"soccer.event":{"read":60,"validated":41,"rejected":3,"dropped":16}}}</pre>
 * Per topic read = validated + rejected + dropped, and in all sink_rows = validated + rejected, input_rows = read,
 * unless a row was lost inside the validator or its sink (what {@code ./stack reconcile} checks). Offsets covered but
 * not read (deleted by retention first, or compacted away) = covered - read, per topic.
 * <p>
 * A range starts at the offset the batch really started from: the previous batch's end (the progress's start
 * offsets); for the query's first batch its starting offsets (the checkpoint's {@code sources/0/0}); for a partition
 * new in the batch (no start offset anywhere) the first offset read. The ranges of the first batch, of a new
 * partition and every range from offset 0 are flagged {@code "first":true}: offsets below them were never the
 * validator's to read.
 * <p>
 * Until the validator of this format, the record had {@code output} (rows per output topic) and
 * {@code dropped_duplicates} (= rows read - rows written, arithmetic) instead of {@code topics}; the reconciler still
 * reads those.
 * <p>
 * A batch committed whose record was never written (the driver stopped in between) gets one at the next start
 * ({@link #countsLost}): its ranges, {@code "counts_lost":true}, no counts.
 */
public final class AuditRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Field of a record rebuilt from the checkpoint: the batch's offsets without its counts. */
    public static final String COUNTS_LOST = "counts_lost";
    static final String COUNTS_LOST_KEY_SUFFIX = "counts-lost";

    private AuditRecord() {
    }

    public static String key(StreamingQueryProgress p) {
        return p.id() + ":" + p.batchId();
    }

    /**
     * The audit value of a batch, or null when the batch covered no offsets (a no-data progress event).
     *
     * @param counts       the batch's counts (null: no task counted anything)
     * @param firstOffsets where the query's first batch started (the checkpoint's starting offsets), used for a
     *                     partition the progress gives no start offset for in batch 0; may be empty
     */
    public static String value(StreamingQueryProgress p, BatchCounts.Batch counts, Map<String, Map<Integer, Long>> firstOffsets) {
        ObjectNode v = JSON.createObjectNode();
        v.put("query_id", p.id().toString());
        v.put("query_name", p.name());
        v.put("batch_id", p.batchId());
        v.put("timestamp", p.timestamp());
        v.put("validator_version", ValidatorVersion.VALUE);
        ArrayNode ranges = v.putArray("ranges");
        Map<String, Long> firstRead = counts == null ? Map.of() : counts.firstOffsets();
        long covered = 0;
        for (SourceProgress s : p.sources()) {
            Map<String, Map<Integer, Long>> start = offsets(s.startOffset());
            Map<String, Map<Integer, Long>> end = offsets(s.endOffset());
            for (Map.Entry<String, Map<Integer, Long>> topic : end.entrySet()) {
                for (Map.Entry<Integer, Long> part : topic.getValue().entrySet()) {
                    long until = part.getValue();
                    Long from = start.getOrDefault(topic.getKey(), Map.of()).get(part.getKey());
                    // the query's first batch starts at its starting offsets: its ranges are the first of their partitions
                    boolean first = p.batchId() == 0;
                    if (from == null && p.batchId() == 0) {
                        from = firstOffsets.getOrDefault(topic.getKey(), Map.of()).get(part.getKey());
                    }
                    if (from == null) {
                        // a partition without a start offset: new in this batch, read from its earliest offset
                        Long read = firstRead.get(topic.getKey() + "-" + part.getKey());
                        from = read == null ? until : Math.min(read, until);
                        first = true;
                    }
                    covered += range(ranges, topic.getKey(), part.getKey(), from, until, first);
                }
            }
        }
        if (covered == 0 && p.numInputRows() == 0) {
            return null;
        }
        v.put("input_rows", p.numInputRows());
        v.put("sink_rows", p.sink().numOutputRows());
        ObjectNode topics = v.putObject("topics");
        if (counts != null) {
            counts.byTopic().forEach((topic, c) -> {
                ObjectNode t = topics.putObject(topic);
                for (int i = 0; i < BatchCounts.NAMES.length; i++) {
                    t.put(BatchCounts.NAMES[i], c[i]);
                }
            });
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The audit value of a committed batch whose own record was never written (the driver stopped between the
     * batch's commit and the record's write), rebuilt from the checkpoint: its offsets, marked
     * {@code "counts_lost":true}, without counts. Null when it covered no offsets. Its key is {@link #countsLostKey}.
     */
    public static String countsLost(String queryId, String queryName, long batchId, long batchTimestampMillis,
                                    Map<String, Map<Integer, Long>> start, Map<String, Map<Integer, Long>> end) {
        ObjectNode v = JSON.createObjectNode();
        v.put("query_id", queryId);
        v.put("query_name", queryName);
        v.put("batch_id", batchId);
        if (batchTimestampMillis >= 0) {
            v.put("timestamp", java.time.Instant.ofEpochMilli(batchTimestampMillis).toString());
        }
        v.put("validator_version", ValidatorVersion.VALUE);
        v.put(COUNTS_LOST, true);
        if (ranges(v.putArray("ranges"), start, end, batchId == 0) == 0) {
            return null;
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Key of a counts-lost record: its own, so that it never replaces the batch's full record (written after all
     * when the driver stopped after the write but before the marker); the reconciler then ignores it.
     */
    public static String countsLostKey(String queryId, long batchId) {
        return queryId + ":" + batchId + ":" + COUNTS_LOST_KEY_SUFFIX;
    }

    /**
     * Appends the {@code [from, until)} range of every partition read between the offsets (a partition without a start
     * offset, new in the batch: from 0, flagged first, since where it was read from is not known any more); returns
     * the offsets covered.
     */
    private static long ranges(ArrayNode ranges, Map<String, Map<Integer, Long>> start, Map<String, Map<Integer, Long>> end,
                               boolean firstBatch) {
        long covered = 0;
        for (Map.Entry<String, Map<Integer, Long>> topic : end.entrySet()) {
            for (Map.Entry<Integer, Long> part : topic.getValue().entrySet()) {
                Long from = start.getOrDefault(topic.getKey(), Map.of()).get(part.getKey());
                covered += range(ranges, topic.getKey(), part.getKey(), from == null ? 0 : from, part.getValue(), firstBatch || from == null);
            }
        }
        return covered;
    }

    /**
     * Appends {@code [from, until)} of a partition when not empty; returns its size. A range from offset 0 is always the
     * first of its partition (no offset lies below it): a partition added while the query runs may first appear empty
     * in one batch (its range 0..0, not written) and be read from 0 in a later one, where it has a start offset and
     * would otherwise not be flagged.
     */
    private static long range(ArrayNode ranges, String topic, int partition, long from, long until, boolean first) {
        if (until <= from) {
            return 0;
        }
        first |= from == 0;
        ObjectNode r = ranges.addObject();
        r.put("topic", topic);
        r.put("partition", partition);
        r.put("from", from);
        r.put("until", until);
        if (first) {
            r.put("first", true);
        }
        return until - from;
    }

    /** Spark's Kafka offsets JSON ({@code {"topic":{"0":12,"1":3}}}), null or empty as no offsets. */
    static Map<String, Map<Integer, Long>> offsets(String json) {
        Map<String, Map<Integer, Long>> out = new TreeMap<>();
        if (json == null || json.isBlank() || json.equals("null")) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> t = root.fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = t.next();
                Map<Integer, Long> parts = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = topic.getValue().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> part = it.next();
                    parts.put(Integer.parseInt(part.getKey()), part.getValue().asLong());
                }
                out.put(topic.getKey(), parts);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable Kafka offsets in the progress: " + json, e);
        }
    }
}
