package org.sportsdb.stack.validator.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.types.StructField;
import org.sportsdb.stack.validator.core.ValidatorVersion;
import org.sportsdb.stack.validator.metrics.BatchFigures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit record of one micro-batch, built from its progress: which input offsets it covered, per partition
 * {@code [from, until)}, how many rows it read, and where they went (rows per output topic, unchanged re-polls
 * dropped). Offsets covered but not read (deleted by retention first, or compacted away) = covered - input_rows. Key = {@code <query id>:<batch id>}: the query id lives in the checkpoint, so a batch replayed
 * after a restart (same id, same offsets) writes the same key again and is counted once.
 *
 * <pre>{"query_id":"…","query_name":"soccer-validator","batch_id":7,"timestamp":"…","validator_version":"…",
 *  "ranges":[{"topic":"soccer.event","partition":0,"from":120,"until":180},…],
 *  "input_rows":60,"output":{"validated.soccer.event":41,"rejected.soccer.event":3,"other":0,"total":44},
 *  "dropped_duplicates":16}</pre>
 * A partition that first appears in a batch has no start offset in the progress: its range starts at 0, and the
 * offsets below the log start (deleted before the validator read them) show as read minus covered.
 * <p>
 * A batch committed whose record was never written (the driver stopped in between) gets one at the next start
 * ({@link #countsLost}): its ranges, {@code "counts_lost":true}, no {@code input_rows} / {@code output} /
 * {@code dropped_duplicates}.
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

    /** The audit value of a batch, or null when the batch covered no offsets (a no-data progress event). */
    public static String value(StreamingQueryProgress p) {
        ObjectNode v = JSON.createObjectNode();
        v.put("query_id", p.id().toString());
        v.put("query_name", p.name());
        v.put("batch_id", p.batchId());
        v.put("timestamp", p.timestamp());
        v.put("validator_version", ValidatorVersion.VALUE);
        ArrayNode ranges = v.putArray("ranges");
        long covered = 0;
        for (SourceProgress s : p.sources()) {
            covered += ranges(ranges, offsets(s.startOffset()), offsets(s.endOffset()));
        }
        if (covered == 0 && p.numInputRows() == 0) {
            return null;
        }
        v.put("input_rows", p.numInputRows());
        ObjectNode output = v.putObject("output");
        Row observed = p.observedMetrics().get(BatchAudit.OBSERVATION);
        if (observed != null) {
            StructField[] fields = observed.schema().fields();
            long named = 0;
            long total = 0;
            for (int i = 0; i < fields.length; i++) {
                long n = observed.isNullAt(i) ? 0L : ((Number) observed.get(i)).longValue();
                if (fields[i].name().equals(BatchAudit.TOTAL)) {
                    total = n;
                } else {
                    named += n;
                    if (n != 0) {
                        output.put(fields[i].name(), n);
                    }
                }
            }
            output.put(BatchAudit.OTHER, total - named);
            output.put(BatchAudit.TOTAL, total);
        }
        // the de-duplication is the only stage that drops rows: unchanged re-polls = rows read - rows written
        v.put("dropped_duplicates", BatchFigures.of(p).unchanged());
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
        if (ranges(v.putArray("ranges"), start, end) == 0) {
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

    /** Appends the {@code [from, until)} range of every partition read between the offsets; returns the offsets covered. */
    private static long ranges(ArrayNode ranges, Map<String, Map<Integer, Long>> start, Map<String, Map<Integer, Long>> end) {
        long covered = 0;
        for (Map.Entry<String, Map<Integer, Long>> topic : end.entrySet()) {
            for (Map.Entry<Integer, Long> part : topic.getValue().entrySet()) {
                long from = start.getOrDefault(topic.getKey(), Map.of()).getOrDefault(part.getKey(), 0L);
                long until = part.getValue();
                if (until > from) {
                    ObjectNode r = ranges.addObject();
                    r.put("topic", topic.getKey());
                    r.put("partition", part.getKey());
                    r.put("from", from);
                    r.put("until", until);
                    covered += until - from;
                }
            }
        }
        return covered;
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
