package org.sportsdb.stack.validator.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.batch.FileValidation;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.metrics.MetricsEndpoint;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import org.sportsdb.stack.validator.metrics.ValidatorMetrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming validator against a real in-process KRaft broker and real Spark (local mode), in three steps that
 * share the broker: a first run, a restart from the checkpoint with new input, and a replayed batch after a crash
 * between the sink write and the commit. Then the file command over the same input must give the same values.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamValidatorTest {
    static final List<String> TOPICS = List.of("soccer.live_score", "soccer.event.stats", "soccer.player",
            "soccer.broadcast", "soccer.league", "soccer.schedule");
    static KafkaBroker broker;
    static KafkaProducer<byte[], byte[]> producer;
    static Path work;
    static Path checkpoint;
    /** Every record produced, per topic, in produce order (what the file command will get). */
    static final Map<String, List<String>> produced = new LinkedHashMap<>();
    static final RoutingCounter counter = new RoutingCounter();
    static final ValidatorMetrics metrics = new ValidatorMetrics(counter);
    static MetricsEndpoint endpoint;

    @BeforeAll
    static void startBroker() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "stream-test-");
        broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(2, true)).start();
        KafkaIo.createTopics(broker.bootstrap(), TOPICS, 2);
        producer = KafkaIo.producer(broker.bootstrap());
        checkpoint = work.resolve("checkpoint");
        // no empty watermark-only batches: the last commit of a run is then the batch that wrote the run's records,
        // which step 3 replays
        SharedSpark.get().conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
        TOPICS.forEach(t -> produced.put(t, new ArrayList<>()));
        SharedSpark.get().sparkContext().register(counter, "test-routing");
        SharedSpark.get().streams().addListener(metrics);
        endpoint = MetricsEndpoint.start("127.0.0.1", 0, metrics);
    }

    @AfterAll
    static void stopBroker() {
        SharedSpark.get().streams().removeListener(metrics);
        endpoint.close();
        producer.close();
        SharedSpark.get().conf().unset("spark.sql.streaming.noDataMicroBatches.enabled");
        if (broker != null) {
            broker.close();
        }
    }

    static StreamSettings settings() {
        return new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()), StreamSettings.SOURCE_PATTERN,
                StreamSettings.AVAILABLE_NOW, "earliest", null, true, checkpoint.toString(),
                DedupWindow.parse("48h"), "validator-test");
    }

    static void runToEnd() throws Exception {
        StreamingQuery q = ValidatorPipeline.start(SharedSpark.get(), settings(), counter);
        assertTrue(q.awaitTermination(180_000), "query did not finish");
        assertTrue(q.exception().isEmpty(), () -> q.exception().get().toString());
        SharedSpark.get().sparkContext().listenerBus().waitUntilEmpty(); // progress events delivered to the listeners
    }

    static void produce(String topic, String value) {
        produced.get(topic).add(value);
        String key = value.startsWith("{") && TestRecords.object(value).has("idLiveScore")
                ? TestRecords.object(value).get("idLiveScore").asText() : null;
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
        producer.flush(); // keeps the produce order of the records of different keys within a partition simple
    }

    static String with(String json, String field, String value) {
        ObjectNode o = TestRecords.object(json);
        o.put(field, value);
        return o.toString();
    }

    static String without(String json, String field) {
        ObjectNode o = TestRecords.object(json);
        o.remove(field);
        return o.toString();
    }

    static String repoll(String json) {
        ObjectNode o = TestRecords.object(json);
        o.put("ingested_at", o.get("ingested_at").asLong() + 120);
        return o.toString();
    }

    static List<JsonNode> values(String topic) {
        return KafkaIo.readAll(broker.bootstrap(), topic).stream().map(r -> TestRecords.tree(r.value())).toList();
    }

    @Test
    @Order(1)
    void routesEveryRecordOnceWithReasonsAndDropsUnchangedRepolls() throws Exception {
        List<String> live = TestRecords.good("live_score");
        for (int i = 0; i < 5; i++) {
            produce("soccer.live_score", live.get(i));
        }
        produce("soccer.live_score", repoll(live.get(0)));                           // unchanged: dropped
        produce("soccer.live_score", repoll(with(live.get(1), "intHomeScore", "9"))); // changed: flows
        TestRecords.lines("other_sport/live_score.jsonl").subList(0, 3).forEach(r -> produce("soccer.live_score", r));
        produce("soccer.live_score", "not json {");
        TestRecords.good("event.stats").forEach(r -> produce("soccer.event.stats", r));
        TestRecords.good("player").subList(0, 3).forEach(r -> produce("soccer.player", r));
        produce("soccer.player", TestRecords.lines("other_sport/player.jsonl").get(0));
        produce("soccer.broadcast", without(TestRecords.good("broadcast").get(0), "idEvent"));

        runToEnd();

        List<ConsumerRecord<byte[], byte[]>> validLive = KafkaIo.readAll(broker.bootstrap(), "validated.soccer.live_score");
        assertEquals(6, validLive.size());
        long changedKey = validLive.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8)
                .equals(TestRecords.object(live.get(1)).get("idLiveScore").asText())).count();
        assertEquals(2, changedKey, "both states of the changed match flow");
        assertEquals(16, KafkaIo.count(broker.bootstrap(), "validated.soccer.event.stats"));
        assertEquals(3, KafkaIo.count(broker.bootstrap(), "validated.soccer.player"));

        List<JsonNode> rejectedLive = values("rejected.soccer.live_score");
        assertEquals(4, rejectedLive.size());
        assertEquals(3, rejectedLive.stream().filter(v -> v.at("/_rejection/reasons").toString().contains("sport:not_soccer")).count());
        JsonNode malformed = rejectedLive.stream().filter(v -> v.has("_raw")).findFirst().orElseThrow();
        assertEquals("not json {", malformed.get("_raw").asText());
        assertEquals("soccer.live_score", malformed.at("/_rejection/topic").asText());
        assertTrue(malformed.at("/_rejection/offset").isIntegralNumber() && malformed.at("/_rejection/kafka_timestamp").asLong() > 0);

        JsonNode player = values("rejected.soccer.player").get(0);
        assertEquals("Soccer Manager", player.at("/_rejection/sport").asText());
        JsonNode tv = values("rejected.soccer.broadcast").get(0);
        assertEquals("[\"required:idEvent\"]", tv.at("/_rejection/reasons").toString());

        String scraped = scrapeMetrics();
        assertTrue(scraped.contains("validator_routed_records_total{topic=\"validated.soccer.live_score\"} 7\n"), scraped);
        assertTrue(scraped.contains("validator_routed_records_total{topic=\"rejected.soccer.live_score\"} 4\n"), scraped);
        assertTrue(scraped.contains("validator_routed_records_total{topic=\"validated.soccer.event.stats\"} 16\n"), scraped);
        assertTrue(scraped.contains("validator_dropped_duplicates_total 1\n"), scraped);
        assertTrue(scraped.contains("validator_rejection_reasons_total{reason=\"sport:not_soccer\"} 4\n"), scraped);
        assertTrue(scraped.contains("validator_rejection_reasons_total{reason=\"json:malformed\"} 1\n"), scraped);
        assertTrue(scraped.contains("validator_input_records_total 32\n"), scraped);
        assertTrue(scraped.contains("validator_output_records_total 31\n"), scraped);
    }

    static String scrapeMetrics() throws Exception {
        return scrape(endpoint);
    }

    /** GET /metrics of an endpoint on the loopback address (asserts 200). */
    static String scrape(MetricsEndpoint endpoint) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    @Order(2)
    void restartResumesFromTheCheckpointAndKeepsTheDedupState() throws Exception {
        List<String> live = TestRecords.good("live_score");
        produce("soccer.live_score", repoll(live.get(2)));                            // unchanged since run 1: dropped
        produce("soccer.live_score", repoll(with(live.get(3), "strStatus", "FT")));   // changed: flows
        produce("soccer.event.stats", repoll(TestRecords.good("event.stats").get(0))); // dropped
        produce("soccer.league", TestRecords.good("league").get(0));
        TestRecords.good("schedule").subList(0, 2).forEach(r -> produce("soccer.schedule", r));

        runToEnd();

        assertEquals(7, KafkaIo.count(broker.bootstrap(), "validated.soccer.live_score"), "run 1 not re-emitted, one change added");
        assertEquals(4, KafkaIo.count(broker.bootstrap(), "rejected.soccer.live_score"));
        assertEquals(16, KafkaIo.count(broker.bootstrap(), "validated.soccer.event.stats"));
        assertEquals(1, KafkaIo.count(broker.bootstrap(), "validated.soccer.league"));
        assertEquals(2, KafkaIo.count(broker.bootstrap(), "validated.soccer.schedule"));
        assertEquals(java.util.Set.of(), KafkaIo.topics(broker.bootstrap()).stream()
                .filter(t -> !t.matches("(validated\\.|rejected\\.)?soccer\\.[a-z_.]+") && !t.startsWith("__")).collect(java.util.stream.Collectors.toSet()),
                "the validator reads only soccer.* (never its own output)");
        assertEquals(0, KafkaIo.count(broker.bootstrap(), "rejected.validated.soccer.live_score"));
    }

    @Test
    @Order(3)
    void aCrashBeforeTheCommitReplaysTheBatchWithTheSamePayloadHashes() throws Exception {
        Path commits = checkpoint.resolve("commits");
        Path last;
        try (Stream<Path> files = Files.list(commits)) {
            last = files.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()), Long.parseLong(b.getFileName().toString())))
                    .orElseThrow();
        }
        Files.delete(last);
        Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc")); // as if the driver died after writing the batch's output, before committing it
        long before = KafkaIo.count(broker.bootstrap(), "validated.soccer.live_score");

        runToEnd();

        List<JsonNode> after = values("validated.soccer.live_score");
        assertTrue(after.size() > before, "the uncommitted batch was written again (at-least-once), nothing lost");
        long distinct = after.stream().map(v -> v.get("payload_hash").asText() + v.get("idLiveScore").asText()).distinct().count();
        assertEquals(7, distinct, "replayed records repeat an existing (pk, payload_hash): downstream dedup collapses them");
    }

    @Test
    @Order(4)
    void theFileCommandGivesTheSameValuesAsTheStream() throws Exception {
        FileValidation files = new FileValidation(RecordValidator.fromClasspath(), DedupWindow.parse("48h"));
        for (String topic : TOPICS) {
            Path in = work.resolve(topic + ".jsonl");
            Files.write(in, produced.get(topic), StandardCharsets.UTF_8);
            Path out = work.resolve("file-" + topic);
            files.run(topic, in, out);
            assertEquals(sorted(Files.readAllLines(out.resolve(FileValidation.VALIDATED_FILE)).stream().map(TestRecords::object).toList()),
                    sorted(distinctValues("validated." + topic)), topic + " validated");
            assertEquals(sorted(Files.readAllLines(out.resolve(FileValidation.REJECTED_FILE)).stream().map(StreamValidatorTest::withoutCoordinates).toList()),
                    sorted(values("rejected." + topic).stream().map(v -> withoutCoordinates(v.toString())).toList()), topic + " rejected");
        }
    }

    /** The stream's validated values without the replayed copies of step 3. */
    static List<JsonNode> distinctValues(String topic) {
        return values(topic).stream().distinct().toList();
    }

    static JsonNode withoutCoordinates(String rejected) {
        ObjectNode v = TestRecords.object(rejected);
        ObjectNode r = (ObjectNode) v.get("_rejection");
        r.remove(List.of("partition", "offset", "kafka_timestamp"));
        return v;
    }

    static List<String> sorted(List<? extends JsonNode> values) {
        return values.stream().map(JsonNode::toString).sorted().toList();
    }
}
