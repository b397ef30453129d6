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
 */
public final class AuditRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            Map<String, Map<Integer, Long>> start = offsets(s.startOffset());
            Map<String, Map<Integer, Long>> end = offsets(s.endOffset());
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
