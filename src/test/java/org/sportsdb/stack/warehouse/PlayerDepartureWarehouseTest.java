package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.App;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.world.SeasonWorld;
import org.sportsdb.stack.dev.world.WorldClock;
import org.sportsdb.stack.dev.world.WorldServer;

/**
 * A player who left every tracked team, followed down to {@code dw.v_squad} (the football dashboard's squad panel):
 * the night after he left, the player feed publishes him as listed by no tracked team (the lookup off: idTeam "0") and
 * the squad of his former team no longer shows him, nor does any squad. Real parts: the season world, the shared
 * broker, the application with its player feed and its warehouse routes (migrations, ingestion) on the embedded
 * ClickHouse engine; the test forwards {@code soccer.player} to {@code validated.soccer.player} unchanged (what the
 * validator does with a valid player record: idTeam "0" is an id by the player contract).
 */
class PlayerDepartureWarehouseTest {

    private static final String LEAGUE = "4328";
    private static final String FORMER = "900002";
    private static final Instant WEDNESDAY = SeasonWorld.next(SeasonWorld.saturdayOfWeek(16), DayOfWeek.WEDNESDAY);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse db;
    private static SeasonWorld world;
    private static WorldServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        engine = EmbeddedWarehouse.start();
        db = new EngineWarehouse(engine);
        world = new SeasonWorld(TestStack.DEFAULT_CORPUS, List.of(LEAGUE), 1, WEDNESDAY, 0);
        api = new WorldServer(world, 0);
        Map<String, String> settings = db.appSettings(EngineWarehouse.MIGRATIONS, true, "player-departure-" + UUID.randomUUID());
        settings.putAll(TestStack.feedSettings(api.baseUrl(), "departure-warehouse"));
        settings.put("feeds.leagues", LEAGUE);
        settings.put("feeds.polling.full", "false");
        settings.put("feeds.polling.full-days", "");
        settings.put("feeds.progress-seconds", "0");
        settings.put("feeds.player.max-teams", "3");   // three whole lists: 81 players
        settings.put("feeds.player.lookup", "false");
        settings.put("warehouse.ingest.topics", "validated[.]soccer[.]player");
        app = App.newMain(settings);
        app.bind("feedClock", new WorldClock(world));
        app.start();
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
    void aPlayerWhoLeftEveryTrackedTeamLeavesTheSquadOfHisFormerTeamTheNightAfter() throws Exception {
        EngineWarehouse.runPlayerFeedIntoTheWarehouse(app, WAIT);
        List<String> squad = world.playersOf(FORMER);
        assertEquals(new TreeSet<>(squad), squad(FORMER), "dw.v_squad: the team's list");
        String leaver = squad.get(8);

        world.advanceTo(WEDNESDAY.plus(Duration.ofHours(12)));
        world.playerLeaves(leaver);
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(1)));
        assertTrue(EngineWarehouse.runPlayerFeedIntoTheWarehouse(app, WAIT).contains(leaver), "published the night after");

        Set<String> expected = new TreeSet<>(squad);
        expected.remove(leaver);
        assertEquals(expected, squad(FORMER), "dw.v_squad of his former team without him");
        assertEquals(List.of(), db.rows("SELECT idTeam FROM dw.v_squad WHERE idPlayer = " + leaver), "in no squad");
        assertEquals(List.of(Map.of("idTeam", 0L)), db.rows("SELECT idTeam FROM dw.dim_player FINAL WHERE idPlayer = " + leaver),
                "dim_player: 0, listed by no tracked team");
    }

    private static Set<String> squad(String idTeam) throws Exception {
        return db.rows("SELECT idPlayer FROM dw.v_squad WHERE idTeam = " + idTeam).stream()
                .map(r -> r.get("idPlayer").toString()).collect(Collectors.toCollection(TreeSet::new));
    }

}
