package org.sportsdb.stack.validator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.audit.AuditPublisher;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.metrics.RetentionLossTracker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away while the validator query runs (processing-time trigger, real broker, real Spark), twice:
 * <ul>
 *   <li>for a moment (a broker restart): the query rides it out inside its Kafka client timeouts and goes on, same run;</li>
 *   <li>for longer than those timeouts (a broker gone for minutes: the permanent failure as the query sees it): the
 *       query stops with a {@link StreamingQueryException} caused by Kafka's {@code TimeoutException} (ValidatorJob then
 *       exits non-zero and the supervisor starts it again); started again from the same checkpoint once the broker is
 *       back, it resumes where the last committed batch ended.</li>
 * </ul>
 * At the end every input record is validated, rejected or dropped as an unchanged re-poll exactly as generated (an
 * A→B→A across both outages, unchanged re-polls against the state from before the stop), none twice, and the audit
 * records cover every input offset once, with nothing unaccounted.
 * <p>
 * The Kafka client timeouts are shortened for the test (8 s instead of the admin client's 60 s, so the query stops
 * after ≈ 27 s instead of ≈ 3 min); the mechanism is the same as with the defaults.
 */
class BrokerOutageStreamTest {
    static final String LIVE = "soccer.live_score";
    static final String VALIDATED = "validated." + LIVE;
    static final String REJECTED = "rejected." + LIVE;
    static final String AUDIT = "validator.audit";
    /** The admin client's default.api.timeout.ms for the test (Kafka's default: 60 s); Spark's source tries 3 times. */
    static final long API_TIMEOUT_MS = 8_000;
    static final long NOW_SECONDS = System.currentTimeMillis() / 1000;

    static KafkaBroker broker;
    static KafkaProducer<byte[], byte[]> producer;
    static Path checkpoint;
    static AuditPublisher audit;
    static RetentionLossTracker losses;

    /** The generator's model: each key's last validated home score (what the de-duplication state must hold). */
    static final Map<String, Integer> lastValidated = new HashMap<>();
    /** Expected validated home scores per key, in order. */
    static final Map<String, List<Integer>> expectedValidated = new TreeMap<>();
    /** Coordinates (partition:offset) of the records produced to be rejected. */
    static final Set<String> expectedRejected = new TreeSet<>();
    static long expectedDropped;
    static long produced;
    static int sequence;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "broker-outage-");
        // a fixed port, so that the broker started again is where the clients look for it
        broker = new KafkaBroker(work.resolve("kafka"), KafkaBroker.freePort(), KafkaIo.brokerConfig(2, false)).start();
        KafkaIo.createTopics(broker.bootstrap(), List.of(LIVE, VALIDATED, REJECTED, AUDIT), 2);
        producer = KafkaIo.producer(broker.bootstrap());
        checkpoint = work.resolve("checkpoint");
        audit = new AuditPublisher(kafkaOptions(), AUDIT, checkpoint);
        SharedSpark.get().streams().addListener(audit);
        losses = RetentionLossTracker.register(SharedSpark.get(), kafkaOptions());
    }

    @AfterAll
    static void stop() {
        if (audit != null) {
            SharedSpark.get().streams().removeListener(audit);
            audit.close();
        }
        if (losses != null) {
            SharedSpark.get().streams().removeListener(losses);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        SharedSpark.get().conf().unset(ValidatorPipeline.NO_DATA_BATCHES);
        if (broker != null) {
            broker.close();
        }
    }

    /** The query's Kafka options, with client timeouts of seconds instead of a minute (request ≤ api timeout, as the admin client demands). */
    static Map<String, String> kafkaOptions() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrap.servers", broker.bootstrap());
        o.put("kafka.default.api.timeout.ms", Long.toString(API_TIMEOUT_MS));
        o.put("kafka.request.timeout.ms", "5000");
        return o;
    }

    static StreamSettings settings() {
        return new StreamSettings(kafkaOptions(), StreamSettings.SOURCE_PATTERN, "1 second", "earliest", null, false,
                checkpoint.toString(), DedupWindow.parse("48h"), "broker-outage-test");
    }

    @Test
    void aBrokerGoneLongerThanTheClientTimeoutsStopsTheQueryAndARestartFromTheCheckpointResumes() throws Exception {
        // before the start: new keys (A), an unchanged re-poll and a change (A, B) inside the first batch, rejected records
        for (int m = 1; m <= 20; m++) {
            score(match(m), 1);
        }
        score(match(1), 1);
        score(match(2), 2);
        rejected();
        rejected();
        producer.flush();

        StreamingQuery first = ValidatorPipeline.start(SharedSpark.get(), settings(), null, losses);
        try {
            awaitAudited("the records produced before the start", first);

            // a broker restart: down for as long as a restart takes, well inside the client timeouts
            broker.close();
            broker.start();
            score(match(1), 2);   // A → B
            score(match(3), 1);   // unchanged
            rejected();
            producer.flush();
            awaitAudited("the records produced after the broker's restart", first);
            assertTrue(first.isActive() && first.exception().isEmpty(), "the query rode out the restart");

            // the broker gone for longer than the client timeouts, nothing produced meanwhile
            long down = System.nanoTime();
            broker.close();
            StreamingQueryException died = null;
            try {
                assertTrue(first.awaitTermination(Duration.ofSeconds(90).toMillis()), "the query neither stopped nor went on");
            } catch (StreamingQueryException e) {
                died = e;
            }
            long rodeOutMs = (System.nanoTime() - down) / 1_000_000;
            assertNotNull(died, "the query stopped with an exception, so that ValidatorJob exits non-zero");
            assertTrue(causedByKafka(died), () -> "the cause names Kafka: " + chain(first.exception().get()));
            assertTrue(rodeOutMs >= 2 * API_TIMEOUT_MS, "it retried before giving up (stopped after " + rodeOutMs + " ms)");
            System.out.printf("broker-outage: the query stopped %d ms after the broker went: %s%n", rodeOutMs, rootCause(died));
            assertEquals(batches("offsets"), batches("commits"), "no batch planned without its commit (nothing to replay)");
        } finally {
            if (first.isActive()) {
                first.stop();
            }
        }

        // the broker back (same data, same port); more records: B → A, unchanged re-polls against the state of the
        // stopped run, a B → A inside one batch, new keys, rejected records
        broker.start();
        score(match(1), 1);   // A → B → A across both outages: the final A passes
        score(match(1), 1);   // unchanged
        score(match(4), 1);   // unchanged since before the outages: the state came back from the checkpoint
        score(match(5), 2);
        score(match(5), 1);
        for (int m = 21; m <= 30; m++) {
            score(match(m), 1);
        }
        score(match(21), 1);
        rejected();
        rejected();
        producer.flush();

        StreamingQuery second = ValidatorPipeline.start(SharedSpark.get(), settings(), null, losses);
        try {
            assertEquals(first.id(), second.id(), "the same query, from its checkpoint");
            awaitAudited("the records produced while the query was stopped", second);
        } finally {
            second.stop();
        }
        SharedSpark.get().sparkContext().listenerBus().waitUntilEmpty();

        assertTheOutputIsExactlyAsGenerated();
        assertTheAuditAccountsForEveryOffsetOnce();
        assertEquals(0, audit.failures(), "no audit record failed to be written");
        assertEquals(0, audit.recovered(), "no batch committed without its audit record");
        assertEquals(Map.of(), losses.lostByPartition(), "nothing reported lost to retention across the outages");
    }

    static String match(int m) {
        return Integer.toString(930_000 + m);
    }

    /** A live-score row of match {@code id} (Kafka key = id, so a match keeps to one partition) with a fresh ingested_at. */
    static void score(String id, int home) throws Exception {
        ObjectNode o = TestRecords.object(TestRecords.good("live_score").get(0));
        o.put("idLiveScore", id);
        o.put("intHomeScore", Integer.toString(home));
        o.put("ingested_at", NOW_SECONDS - 600 + sequence++);
        send(id, o.toString());
        if (Integer.valueOf(home).equals(lastValidated.get(id))) {
            expectedDropped++;
        } else {
            lastValidated.put(id, home);
            expectedValidated.computeIfAbsent(id, k -> new ArrayList<>()).add(home);
        }
    }

    static void rejected() throws Exception {
        RecordMetadata m = send("bad-" + sequence, "not json " + sequence++ + " {");
        expectedRejected.add(m.partition() + ":" + m.offset());
    }

    static RecordMetadata send(String key, String value) throws Exception {
        produced++;
        return producer.send(new ProducerRecord<>(LIVE, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** Waits (bounded) until the audit records of {@code query} cover every offset produced so far, with the query running. */
    static void awaitAudited(String what, StreamingQuery query) {
        Map<String, Long> end = endOffsets(LIVE);
        await(what + " validated and audited", Duration.ofSeconds(60), () -> {
            assertTrue(query.isActive(), () -> "the query stopped: " + (query.exception().isDefined() ? chain(query.exception().get()) : "no exception"));
            Map<String, Long> covered = coveredUntil();
            return end.entrySet().stream().allMatch(e -> covered.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    }

    static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within " + max + ": " + what);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static void assertTheOutputIsExactlyAsGenerated() {
        Map<String, List<Integer>> validated = new TreeMap<>();
        Map<String, Integer> perKeyAndHash = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(KafkaIo.readAll(broker.bootstrap(), VALIDATED));
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset)); // a key keeps to one partition
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            JsonNode v = TestRecords.tree(r.value());
            validated.computeIfAbsent(key, k -> new ArrayList<>()).add(v.get("intHomeScore").asInt());
            perKeyAndHash.merge(key + "|" + v.get("payload_hash").asText(), 1, Integer::sum);
        }
        assertEquals(expectedValidated, validated, "validated: each key's changes, in order, once each");
        assertEquals(List.of(1, 2, 1), validated.get(match(1)), "A→B→A across both outages passed three times");
        // a key+payload_hash twice only where the generator changed back to it (match 1 and 5's A), never a replay
        long repeatedStates = perKeyAndHash.values().stream().filter(n -> n > 1).count();
        assertEquals(2, repeatedStates, "only the two change-backs repeat a key+payload_hash: " + perKeyAndHash);

        List<String> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaIo.readAll(broker.bootstrap(), REJECTED)) {
            JsonNode why = TestRecords.tree(r.value()).get("_rejection");
            rejected.add(why.get("partition").asInt() + ":" + why.get("offset").asLong());
        }
        assertEquals(expectedRejected.size(), rejected.size(), "each rejected record once: " + rejected);
        assertEquals(expectedRejected, new TreeSet<>(rejected));
    }

    static void assertTheAuditAccountsForEveryOffsetOnce() throws Exception {
        Map<String, JsonNode> audits = new LinkedHashMap<>();
        List<ConsumerRecord<byte[], byte[]>> all = KafkaIo.readAll(broker.bootstrap(), AUDIT);
        for (ConsumerRecord<byte[], byte[]> r : all) {
            audits.put(new String(r.key(), StandardCharsets.UTF_8), TestRecords.JSON.readTree(r.value()));
        }
        assertEquals(audits.size(), all.size(), "no batch audited twice (none replayed)");
        Map<String, TreeMap<Long, Long>> covered = new TreeMap<>();
        long read = 0;
        long validated = 0;
        long rejected = 0;
        long dropped = 0;
        for (JsonNode a : audits.values()) {
            assertTrue(a.path("counts_lost").isMissingNode(), "counted: " + a);
            for (JsonNode r : a.get("ranges")) {
                TreeMap<Long, Long> c = covered.computeIfAbsent(r.get("topic").asText() + "-" + r.get("partition").asInt(), k -> new TreeMap<>());
                assertTrue(c.put(r.get("from").asLong(), r.get("until").asLong()) == null, "a range covered twice: " + r);
            }
            JsonNode t = a.get("topics").path(LIVE);
            long batchRead = t.path("read").asLong();
            assertEquals(batchRead, t.path("validated").asLong() + t.path("rejected").asLong() + t.path("dropped").asLong(),
                    "read = validated + rejected + dropped: " + a);
            assertEquals(a.get("input_rows").asLong(), batchRead, "Spark's rows read = the validation's: " + a);
            assertEquals(a.get("sink_rows").asLong(), t.path("validated").asLong() + t.path("rejected").asLong(), "the sink wrote all: " + a);
            read += batchRead;
            validated += t.path("validated").asLong();
            rejected += t.path("rejected").asLong();
            dropped += t.path("dropped").asLong();
        }
        Map<String, Long> end = endOffsets(LIVE);
        for (Map.Entry<String, Long> e : end.entrySet()) {
            long next = 0;
            for (Map.Entry<Long, Long> r : covered.getOrDefault(e.getKey(), new TreeMap<>()).entrySet()) {
                assertEquals(next, r.getKey(), "contiguous ranges in " + e.getKey() + ": " + covered.get(e.getKey()));
                next = r.getValue();
            }
            assertEquals(e.getValue(), next, e.getKey() + " covered up to its end");
        }
        assertEquals(produced, read, "every record produced was read once");
        assertEquals(expectedValidated.values().stream().mapToLong(List::size).sum(), validated);
        assertEquals(KafkaIo.count(broker.bootstrap(), VALIDATED), validated, "the audit's validated = the topic's");
        assertEquals(expectedRejected.size(), rejected);
        assertEquals(KafkaIo.count(broker.bootstrap(), REJECTED), rejected, "the audit's rejected = the topic's");
        assertEquals(expectedDropped, dropped, "unchanged re-polls dropped, exactly as generated");
    }

    /** Per partition ("topic-p"), the end of the audit records' ranges. */
    static Map<String, Long> coveredUntil() {
        Map<String, Long> until = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaIo.readAll(broker.bootstrap(), AUDIT)) {
            for (JsonNode range : TestRecords.tree(r.value()).get("ranges")) {
                until.merge(range.get("topic").asText() + "-" + range.get("partition").asInt(), range.get("until").asLong(), Math::max);
            }
        }
        return until;
    }

    static Map<String, Long> endOffsets(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            Map<String, Long> end = new TreeMap<>();
            c.endOffsets(parts).forEach((tp, o) -> {
                if (o > 0) {
                    end.put(tp.toString(), o);
                }
            });
            return end;
        }
    }

    static Set<Long> batches(String dir) throws Exception {
        Path d = checkpoint.resolve(dir);
        try (var files = Files.list(d)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    static boolean causedByKafka(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("org.apache.kafka.")) {
                return true;
            }
        }
        return false;
    }

    static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage() == null ? "" : c.getMessage().lines().findFirst().orElse("")).append(" <- ");
        }
        return sb.toString();
    }
}
