package org.sportsdb.stack.validator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Counts the records that Kafka retention deleted before the validator read them (the source runs with
 * failOnDataLoss=false: the query skips them and goes on, as the triage does). After each micro-batch, for each
 * partition of the batch's offset range [start, end): where did reading really start ({@link FirstOffsetsRead}: the
 * first offset a task read, or end when nothing was read)? A gap [start, first) is a loss when the partition's log
 * start offset is now past start (records deleted), and not when it is not (a compacted topic's gaps, where the log
 * start does not move). The lost range is logged with topic, partition and offsets and counted per partition
 * ({@code validator_lost_to_retention_total}). The broker is asked only when there is a gap.
 */
public final class RetentionLossTracker extends StreamingQueryListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FirstOffsetsRead firstOffsets;
    private final Function<Set<TopicPartition>, Map<TopicPartition, Long>> logStartOffsets;
    private final Map<String, AtomicLong> lostByPartition = new ConcurrentHashMap<>();
    private volatile String queryName;
    private volatile SparkSession removeFrom;
    private volatile java.util.UUID runId;

    /**
     * @param firstOffsets    filled by the validation tasks (registered with the SparkContext)
     * @param logStartOffsets the earliest offset still in each partition (the broker's log start offset)
     */
    public RetentionLossTracker(FirstOffsetsRead firstOffsets,
                                Function<Set<TopicPartition>, Map<TopicPartition, Long>> logStartOffsets) {
        this.firstOffsets = firstOffsets;
        this.logStartOffsets = logStartOffsets;
    }

    /** A tracker asking the broker of {@code kafkaOptions} (Spark's "kafka."-prefixed options), listening on {@code spark}. */
    public static RetentionLossTracker register(SparkSession spark, Map<String, String> kafkaOptions) {
        FirstOffsetsRead acc = new FirstOffsetsRead();
        spark.sparkContext().register(acc, "validator-first-offsets");
        Map<String, Object> admin = new HashMap<>();
        kafkaOptions.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                admin.put(k.substring("kafka.".length()), v);
            }
        });
        RetentionLossTracker t = new RetentionLossTracker(acc, tps -> earliest(admin, tps));
        spark.streams().addListener(t);
        return t;
    }

    private static Map<TopicPartition, Long> earliest(Map<String, Object> adminConfig, Set<TopicPartition> tps) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        tps.forEach(tp -> specs.put(tp, OffsetSpec.earliest()));
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the log start offsets of " + tps + ": " + e, e);
        }
    }

    public FirstOffsetsRead firstOffsets() {
        return firstOffsets;
    }

    /** Watch only the progress of the query of this name (the session may run other queries). */
    public void watch(String name) {
        this.queryName = name;
    }

    /** Stop listening on {@code spark} when the watched query ends (a tracker made for one run). */
    public void removeWhenTerminated(SparkSession spark) {
        this.removeFrom = spark;
    }

    /** Records lost per "topic-partition" since start. */
    public Map<String, Long> lostByPartition() {
        Map<String, Long> out = new TreeMap<>();
        lostByPartition.forEach((tp, n) -> out.put(tp, n.get()));
        return out;
    }

    public long lostTotal() {
        return lostByPartition.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        if (queryName != null && queryName.equals(event.name())) {
            runId = event.runId();
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        if (queryName == null || !queryName.equals(event.progress().name())) {
            return;
        }
        for (SourceProgress s : event.progress().sources()) {
            check(s.startOffset(), s.endOffset());
        }
    }

    /** Looks at one batch's offset ranges (Spark's Kafka offsets JSON: {"topic": {"partition": offset}}). */
    void check(String startJson, String endJson) {
        Map<TopicPartition, Long> start = offsets(startJson);
        Map<TopicPartition, Long> end = offsets(endJson);
        Map<TopicPartition, long[]> gaps = new HashMap<>();
        end.forEach((tp, until) -> {
            Long from = start.get(tp);
            String name = FirstOffsetsRead.topicPartition(tp.topic(), tp.partition());
            if (from != null && from < until) {
                Long first = firstOffsets.firstReadIn(name, from, until);
                long readFrom = first == null ? until : first;
                if (readFrom > from) {
                    gaps.put(tp, new long[]{from, readFrom});
                }
            }
            firstOffsets.forgetBelow(name, until);
        });
        if (gaps.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> logStart;
        try {
            logStart = logStartOffsets.apply(gaps.keySet());
        } catch (RuntimeException e) {
            gaps.forEach((tp, gap) -> System.err.printf("validator: offsets [%d, %d) of %s-%d were not read and the broker"
                    + " could not say whether retention deleted them: %s%n", gap[0], gap[1], tp.topic(), tp.partition(), e));
            return;
        }
        gaps.forEach((tp, gap) -> {
            long lostUntil = Math.min(gap[1], logStart.getOrDefault(tp, gap[0]));
            if (lostUntil > gap[0]) {
                long n = lostUntil - gap[0];
                String name = FirstOffsetsRead.topicPartition(tp.topic(), tp.partition());
                lostByPartition.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
                System.err.printf("validator: lost to retention: %s offsets [%d, %d) (%d records) were deleted before"
                        + " the validator read them%n", name, gap[0], lostUntil, n);
            }
        });
    }

    private static Map<TopicPartition, Long> offsets(String json) {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (json == null || json.isBlank() || !json.trim().startsWith("{")) {
            return out;
        }
        try {
            JsonNode root = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
                Map.Entry<String, JsonNode> t = topics.next();
                for (Iterator<Map.Entry<String, JsonNode>> parts = t.getValue().fields(); parts.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = parts.next();
                    out.put(new TopicPartition(t.getKey(), Integer.parseInt(p.getKey())), p.getValue().asLong());
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("validator: cannot read the source offsets " + json + ": " + e);
        }
        return out;
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        SparkSession spark = removeFrom;
        if (spark != null && event.runId().equals(runId)) {
            spark.streams().removeListener(this);
        }
    }
}
