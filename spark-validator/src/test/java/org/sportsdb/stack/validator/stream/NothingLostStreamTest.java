package org.sportsdb.stack.validator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.config.ValidatorKnobs;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.metrics.MetricsEndpoint;
import org.sportsdb.stack.validator.metrics.RetentionLossTracker;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import org.sportsdb.stack.validator.metrics.ValidatorMetrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing lost and nothing passed twice, against a real broker (topics NOT auto-created, as deployed) and real Spark: de-duplication compares with
 * the last validated state of a key (A→B→A passes three times, A→A→A once, across batches, inside one batch and
 * across a restart from the checkpoint); records days apart are never dropped as late; a soccer.* topic without a
 * contract goes to the provisioned rejected.soccer.unknown and the others keep flowing; records deleted by retention
 * before they were read are counted per partition and the query goes on.
 * Each step is one run of the query to the end of the input (Trigger.AvailableNow) from the same checkpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NothingLostStreamTest {
    static final String LIVE = "soccer.live_score";
    static final String MYSTERY = "soccer.mystery";
    static final long NOW = System.currentTimeMillis();
    static final long DAY = Duration.ofDays(1).toMillis();
    static KafkaBroker broker;
    static KafkaProducer<byte[], byte[]> producer;
    static Path checkpoint;
    static final RoutingCounter counter = new RoutingCounter();
    static RetentionLossTracker losses;
    static ValidatorMetrics metrics;
    static MetricsEndpoint endpoint;

    @BeforeAll
    static void startBroker() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "nothing-lost-");
        broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(2, false)).start();
        KafkaIo.createTopics(broker.bootstrap(), List.of(LIVE, MYSTERY, "validated." + LIVE, "rejected." + LIVE,
                "rejected.soccer.unknown"), 2);
        producer = KafkaIo.producer(broker.bootstrap());
        checkpoint = work.resolve("checkpoint");
        SharedSpark.get().sparkContext().register(counter, "nothing-lost-routing");
        losses = RetentionLossTracker.register(SharedSpark.get(), settings().kafkaOptions());
        metrics = new ValidatorMetrics(counter, losses);
        SharedSpark.get().streams().addListener(metrics);
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, metrics);
    }

    @AfterAll
    static void stopBroker() {
        SharedSpark.get().streams().removeListener(metrics);
        SharedSpark.get().streams().removeListener(losses);
        endpoint.close();
        producer.close();
        if (broker != null) {
            broker.close();
        }
    }

    static StreamSettings settings() {
        return new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()), StreamSettings.SOURCE_PATTERN,
                StreamSettings.AVAILABLE_NOW, "earliest", null,
                Boolean.parseBoolean(ValidatorKnobs.FAIL_ON_DATA_LOSS.defaultValue()), checkpoint.toString(),
                DedupWindow.parse("48h"), "nothing-lost-test");
    }

    static void runToEnd() throws Exception {
        StreamingQuery q = ValidatorPipeline.start(SharedSpark.get(), settings(), counter, losses);
        assertTrue(q.awaitTermination(240_000), "query did not finish");
        assertTrue(q.exception().isEmpty(), () -> "the query died: " + q.exception().get());
        SharedSpark.get().sparkContext().listenerBus().waitUntilEmpty();
    }

    /** A real live-score row of match {@code id} with the given home score, ingested at {@code timestampMillis}. */
    static String score(String id, int home, long timestampMillis) {
        ObjectNode o = TestRecords.object(TestRecords.good("live_score").get(0));
        o.put("idLiveScore", id);
        o.put("intHomeScore", Integer.toString(home));
        o.put("ingested_at", timestampMillis / 1000);
        return o.toString();
    }

    static RecordMetadata produce(String topic, Integer partition, long timestampMillis, String key, String value)
            throws Exception {
        RecordMetadata m = producer.send(new ProducerRecord<>(topic, partition, timestampMillis,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
        return m;
    }

    static void scores(String id, long timestampMillis, int... homeScores) throws Exception {
        for (int h : homeScores) {
            produce(LIVE, null, timestampMillis, id, score(id, h, timestampMillis));
        }
    }

    /** Home scores of the validated records of a match, in output order. */
    static List<Integer> validatedScores(String id) {
        return KafkaIo.readAll(broker.bootstrap(), "validated." + LIVE).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .sorted(java.util.Comparator.comparingLong(r -> r.offset()))
                .map(r -> TestRecords.tree(r.value()).get("intHomeScore").asInt()).toList();
    }

    static List<JsonNode> values(String topic) {
        return KafkaIo.readAll(broker.bootstrap(), topic).stream().map(r -> TestRecords.tree(r.value())).toList();
    }

    @Test
    @Order(1)
    void insideOneBatchAChangeBackPassesAndUnchangedRepollsDoNot() throws Exception {
        scores("900001", NOW - 60_000, 1);          // A (across batches in the next steps)
        scores("900003", NOW - 60_000, 1, 2, 1);    // A, B, A in one batch
        scores("900004", NOW - 60_000, 1, 1, 1);    // A, A, A in one batch
        produce(LIVE, null, NOW - 60_000, "x", "not json {");
        produce(LIVE, null, NOW - 60_000, "x", "not json {"); // rejected records are never de-duplicated

        runToEnd();

        assertEquals(List.of(1), validatedScores("900001"));
        assertEquals(List.of(1, 2, 1), validatedScores("900003"), "A→B→A passes three times");
        assertEquals(List.of(1), validatedScores("900004"), "A→A→A passes once");
        assertEquals(2, KafkaIo.count(broker.bootstrap(), "rejected." + LIVE));
        String scraped = scrapeMetrics();
        assertTrue(scraped.contains("validator_dropped_unchanged_records_total{topic=\"validated.soccer.live_score\"} 2\n"), scraped);
        assertTrue(scraped.contains("validator_input_records_total 9\n"), scraped);
        assertTrue(scraped.contains("validator_output_records_total 7\n"), scraped);
        assertTrue(scraped.contains("validator_dropped_duplicates_total 2\n"), scraped);
    }

    @Test
    @Order(2)
    void acrossBatchesAndRestartsTheLastValidatedStateDecides() throws Exception {
        scores("900001", NOW - 50_000, 2);   // 1-0 → 1-1 (goal)
        scores("900004", NOW - 50_000, 1);   // unchanged since the previous run: the state survived the restart
        runToEnd();
        scores("900001", NOW - 40_000, 1);   // 1-1 → 1-0 (goal disallowed by VAR): changed back, must flow
        scores("900004", NOW - 40_000, 1);
        runToEnd();

        assertEquals(List.of(1, 2, 1), validatedScores("900001"), "the final 1-0 reaches validated");
        assertEquals(List.of(1), validatedScores("900004"));
    }

    @Test
    @Order(3)
    void recordsDaysApartAreNeverDroppedAsLate() throws Exception {
        scores("900005", NOW, 1);                                // the newest record so far
        runToEnd();
        scores("900006", NOW - 5 * DAY, 3);                      // a backlog read after a newer topic: 5 days old
        scores("900005", NOW - 3 * DAY, 0);                      // a clock behind: an older time than its key's state
        produce(LIVE, null, NOW - 5 * DAY, "y", "{\"idLiveScore\": \"900007\"}"); // rejected, 5 days old
        runToEnd();

        assertEquals(List.of(3), validatedScores("900006"));
        assertEquals(List.of(1, 0), validatedScores("900005"));
        assertEquals(3, KafkaIo.count(broker.bootstrap(), "rejected." + LIVE), "the old rejected record is there");
    }

    @Test
    @Order(4)
    void aTopicWithoutContractGoesToTheUnknownTopicAndTheOthersGoOn() throws Exception {
        produce(MYSTERY, null, NOW, "m1", "{\"idThing\": \"1\"}");
        scores("900008", NOW, 4);

        runToEnd();

        List<JsonNode> unknown = values("rejected.soccer.unknown");
        assertEquals(1, unknown.size());
        assertEquals("[\"contract:unknown_topic\"]", unknown.get(0).at("/_rejection/reasons").toString());
        assertEquals(MYSTERY, unknown.get(0).at("/_rejection/topic").asText());
        assertEquals("1", unknown.get(0).get("idThing").asText(), "the original record is kept");
        assertEquals(List.of(4), validatedScores("900008"));
        assertTrue(scrapeMetrics().contains("validator_rejection_reasons_total{reason=\"contract:unknown_topic\"} 1\n"));
    }

    @Test
    @Order(5)
    void recordsDeletedByRetentionBeforeTheyWereReadAreCountedAndTheQueryGoesOn() throws Exception {
        long lastOffset = -1;
        for (int i = 0; i < 3; i++) {
            lastOffset = produce(LIVE, 0, NOW, "900009", score("900009", i, NOW)).offset();
        }
        long firstLost = lastOffset - 2;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            // what retention does to a segment nobody read in time: the log start offset moves past the records
            admin.deleteRecords(Map.of(new TopicPartition(LIVE, 0), RecordsToDelete.beforeOffset(lastOffset + 1))).all().get();
        }
        produce(LIVE, 1, NOW, "900010", score("900010", 5, NOW));

        runToEnd();

        assertEquals(List.of(), validatedScores("900009"));
        assertEquals(List.of(5), validatedScores("900010"), "the query went on");
        assertEquals(Map.of("soccer.live_score-0", 3L), losses.lostByPartition(), "offsets [" + firstLost + ", "
                + (lastOffset + 1) + ") of partition 0 counted");
        assertTrue(scrapeMetrics().contains("validator_lost_to_retention_total{topic=\"soccer.live_score\",partition=\"0\"} 3\n"));
    }

    /**
     * The in-task rule drops a record equal to the previous record of its key in the same task (partition). It is exact
     * while a key comes through one partition, as the pollers send it; a key that comes through two partitions in one
     * batch is counted per validated topic, so an operator sees when the rule's condition did not hold.
     */
    @Test
    @Order(6)
    void aKeyThatComesThroughTwoPartitionsInOneBatchIsCounted() throws Exception {
        produce(LIVE, 0, NOW - 30_000, "900010", score("900010", 1, NOW - 30_000));
        produce(LIVE, 1, NOW - 29_000, "900010", score("900010", 2, NOW - 29_000));
        produce(LIVE, 0, NOW - 28_000, "900010", score("900010", 3, NOW - 28_000));
        produce(LIVE, 0, NOW - 30_000, "900011", score("900011", 1, NOW - 30_000));   // one partition: not counted
        produce(LIVE, 0, NOW - 29_000, "900011", score("900011", 2, NOW - 29_000));

        runToEnd();

        String scraped = scrapeMetrics();
        assertTrue(scraped.contains("validator_keys_across_partitions_total{topic=\"validated.soccer.live_score\"} 1\n"), scraped);
    }

    static String scrapeMetrics() throws Exception {
        return StreamValidatorTest.scrape(endpoint);
    }
}
