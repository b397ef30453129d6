package org.sportsdb.stack.feeds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/**
 * The feeds one at a time against the default corpus (leagues with data: 4328 and 4480, season
 * "current" = 2026-2027), answers not reused between feeds, so every request a feed makes is its own.
 */
class NightlyFeedsTest {

    private static final List<String> SCHEDULES = List.of("schedule/league/4328/2026-2027", "schedule/league/4480/2026-2027");
    private static ReplayServer api;
    private static Main app;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "nightly");
        settings.put("feeds.reuse-minutes", "0");
        settings.put("feeds.player.leagues", "4480,4328");
        settings.put("feeds.player.max-teams", "1");
        settings.put("feeds.player.max-players-per-team", "5");
        settings.put("feeds.player.max-players", "3");
        settings.put("feeds.broadcast.days", "2026-10-05");
        settings.put("feeds.broadcast.countries", "India, argentina,United Kingdom");
        settings.put("feeds.broadcast.channel-names", "Disney+ Hotstar,TNT Sports Argentina,BBC iPlayer,Sky Sports NFL");
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @BeforeEach
    void forgetRequests() {
        api.wireMock().resetRequests();
    }

    private static Map<String, JsonNode> run(String feed, String topic) {
        try (TopicReader reader = new TopicReader(TestStack.broker().bootstrap(), topic)) {
            new OnDemandRuns(app.getCamelContext()).runOnce(List.of(feed));
            return Corpus.byKey(reader.readSinceMark());
        }
    }

    private static Map<String, JsonNode> expected(List<JsonNode> rows, Function<JsonNode, String> key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        rows.forEach(row -> out.putIfAbsent(key.apply(row), row));
        return out;
    }

    private static List<JsonNode> scheduled() {
        List<JsonNode> rows = new ArrayList<>();
        SCHEDULES.forEach(s -> rows.addAll(Corpus.rows(s)));
        return rows;
    }

    private static int requests(String pathRegex) {
        return api.wireMock().findAll(getRequestedFor(urlPathMatching("/api/v2/json" + pathRegex))).size();
    }

    @Test
    void schedulePublishesEveryScheduledEventOnceKeyedByIdEvent() {
        Map<String, JsonNode> written = run("schedule", "soccer.schedule");
        assertEquals(expected(scheduled(), r -> r.get("idEvent").asText()), written);
        assertEquals(2, requests("/schedule/.*"), "one schedule per league with a current season");
        assertEquals(17, requests("/lookup/league/.*"), "the current season of each configured league");
    }

    @Test
    void eventLooksUpEachScheduledEventOnce() {
        Map<String, JsonNode> written = run("event", "soccer.event");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        scheduled().forEach(row -> expected.put(row.get("idEvent").asText(), Corpus.rows("lookup/event/" + row.get("idEvent").asText()).get(0)));
        assertEquals(expected, written);
        assertEquals(expected.size(), requests("/lookup/event/.*"));
    }

    @Test
    void eventDetailsFanOutFromFinishedScheduledEventsToFourTopics() {
        Set<String> finished = new TreeSet<>();
        scheduled().stream().filter(r -> "FT".equals(r.get("strStatus").asText())).forEach(r -> finished.add(r.get("idEvent").asText()));
        Map<String, Map<String, JsonNode>> written = new LinkedHashMap<>();
        try (TopicReader stats = new TopicReader(TestStack.broker().bootstrap(), "soccer.event.stats");
                TopicReader timeline = new TopicReader(TestStack.broker().bootstrap(), "soccer.event.timeline");
                TopicReader lineup = new TopicReader(TestStack.broker().bootstrap(), "soccer.event.lineup");
                TopicReader highlights = new TopicReader(TestStack.broker().bootstrap(), "soccer.event.highlights")) {
            new OnDemandRuns(app.getCamelContext()).runOnce(List.of("event-details"));
            written.put("stats", Corpus.byKey(stats.readSinceMark()));
            written.put("timeline", Corpus.byKey(timeline.readSinceMark()));
            written.put("lineup", Corpus.byKey(lineup.readSinceMark()));
            written.put("highlights", Corpus.byKey(highlights.readSinceMark()));
        }
        for (String kind : List.of("stats", "timeline", "lineup", "highlights")) {
            assertEquals(finished.size(), requests("/lookup/event_" + kind + "/.*"), kind + ": one request per finished event");
            assertEquals(finished, new TreeSet<>(api.wireMock().findAll(getRequestedFor(urlPathMatching("/api/v2/json/lookup/event_" + kind + "/.*")))
                    .stream().map(r -> r.getUrl().substring(r.getUrl().lastIndexOf('/') + 1)).toList()));
        }
        assertEquals(expected(Corpus.rows("lookup/event_stats/2494000"), r -> "2494000|" + r.get("idStatistic").asText()), written.get("stats"));
        assertEquals(expected(Corpus.rows("lookup/event_timeline/2494000"), r -> r.get("idTimeline").asText()), written.get("timeline"));
        assertEquals(expected(Corpus.rows("lookup/event_lineup/2494000"), r -> r.get("idLineup").asText()), written.get("lineup"));
        assertEquals(expected(Corpus.rows("lookup/event_highlights/2494000"), r -> "2494000|" + r.get("strFilename").asText()), written.get("highlights"));
        written.values().forEach(records -> records.values().forEach(v ->
                assertEquals("idEvent", v.fieldNames().next(), "records start with the event asked for")));
    }

    @Test
    void teamsInTwoLeaguesAreLookedUpAndPublishedOnce() {
        Map<String, JsonNode> written = run("team", "soccer.team");
        assertEquals(expected(Corpus.rows("lookup/team/133604"), r -> r.get("idTeam").asText()), written);
        assertEquals(1, api.wireMock().findAll(getRequestedFor(urlPathEqualTo("/api/v2/json/lookup/team/133604"))).size(),
                "Arsenal is listed in 4328 and 4480");
        assertEquals(1, api.wireMock().findAll(getRequestedFor(urlPathEqualTo("/api/v2/json/lookup/team/133610"))).size(),
                "Chelsea is listed in 4328 and 4480");
        assertEquals(Corpus.rows("list/teams/4328").size(), requests("/lookup/team/.*"));
    }

    @Test
    void venuesComeFromSchedulesAndTeamsOnceEach() {
        Map<String, JsonNode> written = run("venue", "soccer.venue");
        assertEquals(expected(Corpus.rows("lookup/venue/16163"), r -> r.get("idVenue").asText()), written);
        Set<String> venues = new TreeSet<>();
        scheduled().stream().filter(r -> !r.get("idVenue").isNull()).forEach(r -> venues.add(r.get("idVenue").asText()));
        Corpus.rows("lookup/team/133604").forEach(r -> venues.add(r.get("idVenue").asText()));
        assertEquals(venues.size(), requests("/lookup/venue/.*"), "each venue once: " + venues);
    }

    @Test
    void playersAreCappedPerTeamAndPerRunWithTheirLookup() {
        Map<String, JsonNode> written = run("player", "soccer.player");
        List<JsonNode> arsenal = Corpus.rows("list/players/133604").subList(0, 3);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (JsonNode listed : arsenal) {
            ObjectNode record = Corpus.JSON.createObjectNode();
            record.put("idPlayer", listed.get("idPlayer").asText());
            record.put("idTeam", "133604");
            record.set("list_player", listed);
            List<JsonNode> lookup = Corpus.rows("lookup/player/" + listed.get("idPlayer").asText());
            record.set("lookup_player", lookup.isEmpty() ? Corpus.JSON.createObjectNode() : lookup.get(0));
            expected.put(listed.get("idPlayer").asText(), record);
        }
        assertEquals(expected, written);
        assertTrue(written.values().stream().filter(v -> v.get("lookup_player").size() > 0).count() == 2, "two shaped lookups");
        assertEquals(1, requests("/list/players/.*"), "max-teams 1: only the first team of 4480 (Arsenal)");
        assertEquals(3, requests("/lookup/player/.*"));
    }

    @Test
    void broadcastKeepsTheAllowedSoccerRowsOncePerDay() {
        List<JsonNode> rows = new ArrayList<>(Corpus.rows("filter/tv/sport/Soccer"));
        rows.addAll(Corpus.rows("filter/tv/day/2026-10-05"));
        Set<String> countries = Set.of("india", "argentina", "united kingdom");
        Set<String> channels = Set.of("disney+ hotstar", "tnt sports argentina", "bbc iplayer", "sky sports nfl");
        List<JsonNode> allowed = rows.stream()
                .filter(r -> "Soccer".equals(r.get("strSport").asText()))
                .filter(r -> countries.contains(r.get("strCountry").asText().toLowerCase()))
                .filter(r -> channels.contains(r.get("strChannel").asText().toLowerCase()))
                .toList();
        Map<String, JsonNode> first = run("broadcast", "soccer.broadcast");
        assertEquals(expected(allowed, r -> r.get("id").asText()), first);
        assertTrue(first.size() >= 4 && first.size() < rows.size(), "the allowlists keep some rows: " + first.keySet());
        assertEquals(Map.of(), run("broadcast", "soccer.broadcast"), "already published today");
        assertEquals(4, requests("/filter/tv/.*"), "both runs asked by sport and by day again");

        // the same day, a listing's time changes (the contract's key is id + strTimeStamp): that row is new
        List<JsonNode> day = Corpus.rows("filter/tv/day/2026-10-05");
        JsonNode moved = day.stream().filter(allowed::contains).findFirst().orElseThrow();
        ObjectNode update = Corpus.JSON.createObjectNode();
        update.putArray("filter").addAll(day.stream().map(r -> r.equals(moved)
                ? (JsonNode) ((ObjectNode) r.deepCopy()).put("strTimeStamp", "2026-10-05T21:45:00") : r).toList());
        api.wireMock().stubFor(get(urlPathEqualTo("/api/v2/json/filter/tv/day/2026-10-05")).atPriority(2)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(update.toString())));
        try {
            Map<String, JsonNode> third = run("broadcast", "soccer.broadcast");
            assertEquals(Set.of(moved.get("id").asText()), third.keySet(), "the listing whose time changed, and only it");
            assertEquals("2026-10-05T21:45:00", third.get(moved.get("id").asText()).get("strTimeStamp").asText());
        } finally {
            api.removeScriptedFaults(2);
        }
    }

    @Test
    void liveEventLookupReusesThePollAndSkipsRecentLookups() {
        Set<String> live = new TreeSet<>();
        for (String league : List.of("4328", "4335", "4480")) {
            Corpus.rows("livescore/" + league).forEach(r -> live.add(r.get("idEvent").asText()));
        }
        Map<String, JsonNode> first = run("live-score", "soccer.live.event.lookup");
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        live.forEach(id -> expected.put(id, Corpus.rows("lookup/event/" + id).get(0)));
        assertEquals(expected, new java.util.TreeMap<>(first));
        assertEquals(17, requests("/livescore/.*"), "/livescore polled once per league, not again for the lookups");
        assertEquals(live.size(), requests("/lookup/event/.*"));

        api.wireMock().resetRequests();
        assertEquals(Map.of(), run("live-score", "soccer.live.event.lookup"), "looked up less than 5 minutes ago");
        assertEquals(Map.of(), run("live-event-lookup", "soccer.live.event.lookup"));
        assertEquals(0, requests("/lookup/event/.*"));
    }
}
