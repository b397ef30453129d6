package org.sportsdb.stack.warehouse;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.FeedCounters;

/**
 * A failed player lookup, followed down to the {@code dw.dim_player} row: a failed {@code /lookup/player/{id}} must not erase the
 * player's known nationality, number and position. Real parts: the replay server (lookup answers scripted),
 * the shared broker, the application with its player feed and its warehouse routes (migrations, ingestion)
 * on the embedded ClickHouse engine. The Spark validator is not on the app's classpath: the test forwards
 * the feed's {@code soccer.player} records unchanged to {@code validated.soccer.player} (what the validator
 * does with a valid player record; its own routing is proven in spark-validator).
 */
class PlayerLookupFailureWarehouseTest {

    private static final String RAYA = "34148681";
    private static final String LOOKUP = "/api/v2/json/lookup/player/" + RAYA;
    private static final int SCRIPTED = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse db;
    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        engine = EmbeddedWarehouse.start();
        db = new EngineWarehouse(engine);
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, true, "player-lookup-" + UUID.randomUUID());
        settings.put("sportsdb.base-url", api.baseUrl());
        settings.put("sportsdb.api.requests-per-minute", "100000");
        settings.put("sportsdb.api.max-retries", "1");
        settings.put("feeds.retry-after-minutes", "0.01");
        settings.put("feeds.progress-seconds", "0");
        settings.put("feeds.player.leagues", "4480");
        settings.put("feeds.player.max-teams", "1");
        settings.put("feeds.player.max-players", "3");   // Arteta (no lookup data), Raya, Ødegaard
        settings.put("warehouse.ingest.topics", "validated[.]soccer[.]player");
        app = TestStack.startApp(settings);
        Eventually.await("warehouse-ingest started (migrations)", WAIT,
                () -> app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (api != null) {
            api.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aFailedLookupKeepsThePlayersKnownNationalityNumberAndPositionInDimPlayer() throws Exception {
        // the recorded lookup of David Raya, with his nationality (the recording has none)
        ObjectNode answer = (ObjectNode) new ObjectMapper().readTree(Files.readString(
                TestStack.DEFAULT_CORPUS.resolve("api/v2/json/lookup/player/" + RAYA + ".json")));
        ((ObjectNode) answer.get("lookup").get(0)).put("strNationality", "Spain");
        script(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer.toString()));

        assertEquals(Set.of("34145406", RAYA, "34159218"), EngineWarehouse.runPlayerFeedIntoTheWarehouse(app, WAIT));
        Map<String, Object> known = Map.of("nationality", "Spain", "strNumber", "9", "strPosition", "Goalkeeper");
        assertEquals(known, dimPlayer(), "the good lookup reached dw.dim_player");

        api.removeScriptedFaults(SCRIPTED);
        script(aResponse().withStatus(500).withBody("Server Error"));
        FeedCounters counters = app.getCamelContext().getRegistry().lookupByNameAndType("feedCounters", FeedCounters.class);
        long failedBefore = counters.get("player", "calls_failed");

        Set<String> published = EngineWarehouse.runPlayerFeedIntoTheWarehouse(app, WAIT);
        assertEquals(known, dimPlayer(), "the failed lookup erased nothing");
        assertEquals(Set.of("34145406", "34159218"), published, "Raya not published: his lookup failed; the others are (in dw now)");
        assertEquals(failedBefore + 2, counters.get("player", "calls_failed"), "the run's call and the run-level retry's");
    }

    private static void script(ResponseDefinitionBuilder response) {
        api.wireMock().stubFor(get(urlPathEqualTo(LOOKUP)).atPriority(SCRIPTED).willReturn(response));
    }


    private static Map<String, Object> dimPlayer() throws Exception {
        List<Map<String, Object>> rows = db.rows("SELECT nationality, strNumber, strPosition FROM dw.dim_player FINAL WHERE idPlayer = " + RAYA);
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }
}
