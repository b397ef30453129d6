package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/** The live score feed, from the replayed API to the real topic. */
class LiveScoreFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEED_LEAGUES = List.of(
            "4792", "5188", "5185", "5180", "5016", "5604", "5054", "5281", "4513", "4404", "4569",
            "4328", "4335", "4668", "4480", "4738", "4639");

    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("feeds.live-score.sport", "soccer"); // the default: one /livescore/soccer call a poll
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @Test
    void publishesEveryLiveRowOfTheCorpusOnceWithItsKeyIngestionTimeAndProvenance() throws Exception {
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (String league : SEED_LEAGUES) {
            JsonNode answer = JSON.readTree(Files.readString(
                    TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/" + league + ".json")));
            for (JsonNode row : answer.path("livescore")) {
                expected.put(row.get("idLiveScore").asText(), row);
            }
        }
        assertTrue(expected.size() >= 5, "the default corpus has live matches");

        ApiCallStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("apiCallStats", ApiCallStats.class);
        long okBefore = stats.total("http_200");
        long noDataBefore = stats.total("no_data");
        long rejectedBefore = stats.total("envelope_rejected");
        try (TopicReader topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            long before = Instant.now().getEpochSecond();
            new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
            long after = Instant.now().getEpochSecond();
            List<ConsumerRecord<String, String>> records = topic.readSinceMark();

            List<String> keys = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                keys.add(record.key());
                ObjectNode value = (ObjectNode) JSON.readTree(record.value());
                long ingestedAt = value.remove("ingested_at").asLong();
                assertTrue(ingestedAt >= before && ingestedAt <= after, "ingested_at is the epoch second of the poll: " + ingestedAt);
                assertEquals(expected.get(record.key()), value, "record " + record.key() + " is the API row as sent");

                Map<String, String> headers = headers(record);
                assertEquals(Map.of(
                        "sportsdb.feed", "live-score",
                        "sportsdb.endpoint", "/livescore/soccer",
                        "sportsdb.sport", "soccer"), headers, "provenance headers and nothing else");
                assertTrue(SEED_LEAGUES.contains(value.get("idLeague").asText()), "a row of a configured league: " + value);
                assertFalse(headers.values().stream().anyMatch(v -> v.contains(TestStack.TEST_API_KEY)), "the API key never reaches Kafka");
            }
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(keys), "every live row, keyed by idLiveScore");
            assertEquals(expected.size(), keys.size(), "each row exactly once");
        }

        // one /livescore/soccer call for every league (its other leagues' rows left out); no league asked one by one,
        // the answer being under its row limit
        assertEquals(1, stats.total("http_200") - okBefore, "one call a poll");
        assertEquals(noDataBefore, stats.total("no_data"));
        assertEquals(rejectedBefore, stats.total("envelope_rejected"));
    }

    @Test
    void everyApiRequestCarriesTheKeyHeader() {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
        Set<String> keysSent = new TreeSet<>();
        api.wireMock().getAllServeEvents().forEach(e -> keysSent.add(String.valueOf(e.getRequest().getHeader("X-API-KEY"))));
        assertEquals(Set.of(TestStack.TEST_API_KEY), keysSent);
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> record) {
        Map<String, String> out = new HashMap<>();
        for (Header h : record.headers()) {
            out.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

}
