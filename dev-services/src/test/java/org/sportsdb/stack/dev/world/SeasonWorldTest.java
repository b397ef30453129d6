package org.sportsdb.stack.dev.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SeasonWorldTest {

    private static final Path CORPUS = Path.of(System.getProperty("project.root", ".."), "src/test/resources/replay");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SeasonWorld world(Instant now) {
        return new SeasonWorld(CORPUS, SeasonWorld.DEFAULT_LEAGUES, 1, now, 30);
    }

    private static List<Map<String, Object>> rows(String answer) throws Exception {
        Map<String, List<Map<String, Object>>> m = JSON.readValue(answer, new TypeReference<>() {
        });
        return m.values().iterator().next();
    }

    @Test
    void aSeasonSizedWorldWithTheSamplesFields() throws Exception {
        SeasonWorld world = world(Instant.parse("2026-12-08T00:00:00Z"));
        assertEquals("17 leagues, 340 teams, 9180 players, 6460 events, 340 venues, 34 TV channels", world.size());
        List<Map<String, Object>> schedule = rows(world.answer("schedule/league/4328/2026-2027"));
        assertEquals(380, schedule.size());
        // every field of the real sample row is there
        Map<String, Object> sample = rows(java.nio.file.Files.readString(CORPUS.resolve("api/v2/json/schedule/league/4328/2026-2027.json"))).get(0);
        assertEquals(sample.keySet(), schedule.get(0).keySet());
        // played events have results, later ones not
        assertEquals("FT", schedule.get(0).get("strStatus"));
        assertEquals("NS", schedule.get(379).get("strStatus"));
        assertEquals(27, rows(world.answer("list/players/901100")).size());
        assertEquals(20, rows(world.answer("list/teams/4328")).size());
        assertEquals("{\"Message\":\"No data found\"}", world.answer("lookup/event_stats/" + schedule.get(379).get("idEvent")));
        assertEquals(14, rows(world.answer("lookup/event_stats/" + schedule.get(0).get("idEvent"))).size());
    }

    @Test
    void aMatchGoesFirstHalfHalfTimeSecondHalfFullTimeAndItsChangesAreListed() throws Exception {
        SeasonWorld world = world(Instant.parse("2026-12-05T00:00:00Z"));
        Map.Entry<String, Instant> match = world.kickOffs("4328").entrySet().stream()
                .filter(e -> e.getValue().isAfter(world.now())).findFirst().orElseThrow();
        Instant ko = match.getValue();
        Instant start = world.now();
        List<String> statuses = new java.util.ArrayList<>();
        for (Instant t = ko.minus(Duration.ofMinutes(10)); t.isBefore(ko.plus(Duration.ofMinutes(140))); t = t.plus(Duration.ofMinutes(2))) {
            world.advanceTo(t);
            rows(world.answer("livescore/4328").startsWith("{\"Message\"") ? "{\"l\":[]}" : world.answer("livescore/4328")).stream()
                    .filter(r -> r.get("idEvent").equals(match.getKey())).map(r -> (String) r.get("strStatus"))
                    .filter(s -> statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(s)).forEach(statuses::add);
        }
        assertEquals(List.of("1H", "HT", "2H", "FT"), statuses);
        List<WorldChange> live = world.changes(start, true).stream()
                .filter(c -> c.topic().equals("soccer.live_score") && c.id().equals(match.getKey())).collect(Collectors.toList());
        assertEquals("1H", live.get(0).expected().get("strStatus"));
        assertEquals("FT", live.get(live.size() - 1).expected().get("strStatus"));
        assertTrue(world.changes(start, false).stream().anyMatch(c -> c.topic().equals("soccer.event.lineup") && c.id().equals(match.getKey())));
    }

    @Test
    void scriptedChangesAreAnsweredAndListed() throws Exception {
        SeasonWorld world = world(Instant.parse("2026-12-09T00:00:00Z"));
        Instant before = world.now();
        world.advanceTo(Instant.parse("2026-12-09T10:00:00Z"));
        List<WorldChange> made = world.applyScriptedChanges();
        assertEquals(7, made.size());
        WorldChange transfer = made.stream().filter(c -> c.what().equals("player transferred")).findFirst().orElseThrow();
        Map<String, Object> player = rows(world.answer("lookup/player/" + transfer.id())).get(0);
        assertTrue(transfer.matches(player), player.toString());
        WorldChange left = made.stream().filter(c -> c.what().equals("player left")).findFirst().orElseThrow();
        Map<String, Object> gone = rows(world.answer("lookup/player/" + left.id())).get(0);
        assertTrue(left.matches(gone), gone.toString());
        assertEquals(SeasonWorld.ABROAD_TEAM, gone.get("idTeam"));
        // his former team (the third of his league) lists him no more
        String former = String.valueOf(900000 + (Integer.parseInt(left.id()) - 40000000) / 10000 * 100 + 2);
        assertTrue(rows(world.answer("list/players/" + former)).stream().noneMatch(r -> left.id().equals(r.get("idPlayer"))),
                "his former team lists him no more");
        assertTrue(world.playersOf(former).size() == SeasonWorld.PLAYERS_PER_TEAM - 1, "his former team has one player less");
        WorldChange moved = made.stream().filter(c -> c.what().equals("kick-off moved into today")).findFirst().orElseThrow();
        assertTrue(moved.matches(rows(world.answer("lookup/event/" + moved.id())).get(0)));
        assertEquals("2026-12-09T18:00:00", moved.expected().get("strTimestamp"));
        world.advanceTo(before.plus(Duration.ofDays(1)));
        assertTrue(world.changes(before, false).containsAll(made));
    }

    @Test
    void theServerAnswersWithTheKeyOnlyAndCountsCallsPerEndpoint() throws Exception {
        try (WorldServer server = new WorldServer(world(Instant.parse("2026-12-08T00:00:00Z")), 0)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v2/json/lookup/league/4328")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, noKey.statusCode());
            HttpResponse<String> league = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v2/json/lookup/league/4328"))
                    .header("X-API-KEY", "k").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, league.statusCode());
            assertEquals("2026-2027", rows(league.body()).get(0).get("strCurrentSeason"));
            assertEquals(Map.of("lookup/league", 1L), server.calls());
        }
    }
}
