package org.sportsdb.stack.ops.metrics.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.warehouse.EngineWarehouse;
import org.sportsdb.stack.warehouse.WarehouseDataSource;

/**
 * The ClickHouse queries of infra/grafana/dashboards on the real engine (the embedded warehouse: chdb behind
 * ClickHouse's HTTP interface) over the demo's data: every feed runs once against the replay corpus, what it
 * publishes goes on to {@code validated.soccer.*} unchanged (the Spark validator is not on this class path; a
 * valid record passes it unchanged) and the application's warehouse routes migrate and ingest it, so raw tables,
 * materialized views and the football views of the migrations are the ones the demo fills. A few crafted records
 * (a league whose match has a full timeline, a fixture next to today) go the same way, where the corpus is too
 * thin: its only timeline belongs to another match than the one it is filed under.
 *
 * <p>Each panel of football.json is run as Grafana would send it (variables and the plugin's time macros
 * expanded) and checked against what a person reading the source data expects.
 */
class ClickHouseDashboardsTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path SCHEDULE_4328 = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/schedule/league/4328/2026-2027.json");
    private static final Path LIVE_4328 = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/livescore/4328.json");
    private static final Path STATS_2494000 = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/lookup/event_stats/2494000.json");
    private static final Path TIMELINE_2494000 = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/lookup/event_timeline/2494000.json");
    private static final Path LINEUP_2494000 = TestStack.DEFAULT_CORPUS.resolve("api/v2/json/lookup/event_lineup/2494000.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARSENAL = "133604";
    /** The crafted league: one finished match with a timeline of every kind of goal, Arsenal's next fixture, a postponed match. */
    private static final String CRAFTED_LEAGUE = "990100";
    private static final String CRAFTED_MATCH = "990301";
    /** A second crafted league whose matches each have rows of several event feeds, seconds apart or in the same second. */
    private static final String FEEDS_LEAGUE = "990110";
    /** The live score says FT 2-1 at 90; the live event lookup a second later still says 2H 1-1 at 80. */
    private static final String FINISHED_THEN_LAGGING_LOOKUP = "990311";
    /** The live score says 1H 1-0 at 30; the live event lookup a second later answers the schedule's NS without a score. */
    private static final String LIVE_THEN_NOT_STARTED_LOOKUP = "990312";
    /** The live score (2H 0-1 at 70) and the live event lookup (2H 0-0 at 65) in the same second. */
    private static final String SAME_SECOND = "990313";

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse warehouse;
    private static ReplayServer api;
    private static Main app;
    private static JsonNode football;
    private static final Map<String, List<JsonNode>> published = new HashMap<>();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws Exception {
        engine = EmbeddedWarehouse.start();
        warehouse = new EngineWarehouse(engine);
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = warehouse.appSettings(EngineWarehouse.MIGRATIONS, true, "football-" + UUID.randomUUID());
        settings.putAll(TestStack.feedSettings(api.baseUrl(), "football"));
        settings.put("feeds.progress-seconds", "0");
        app = TestStack.startApp(settings);
        Eventually.await("warehouse-ingest started (migrations applied)", WAIT,
                () -> app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted());

        Map<String, TopicReader> readers = new LinkedHashMap<>();
        for (String name : TopicCatalog.FEED_NAMES) {
            readers.put(name, new TopicReader(TestStack.broker().bootstrap(), "soccer." + name));
        }
        OnDemandRuns feeds = new OnDemandRuns(app.getCamelContext());
        feeds.runOnce(feeds.allFeeds());
        // then the live score again a second later, as it polls every few minutes after the nightly feeds: its rows are
        // the newest state of the games under way (the live event lookup skips events it looked up within 300 s)
        long lastSecond = Instant.now().getEpochSecond();
        Eventually.await("a new second for ingested_at", Duration.ofSeconds(5), () -> Instant.now().getEpochSecond() > lastSecond);
        feeds.runOnce(List.of("live-score"));
        List<ProducerRecord<String, String>> forward = new ArrayList<>();
        for (Map.Entry<String, TopicReader> e : readers.entrySet()) {
            List<JsonNode> records = new ArrayList<>();
            for (ConsumerRecord<String, String> r : e.getValue().readSinceMark()) {
                records.add(JSON.readTree(r.value()));
                forward.add(new ProducerRecord<>("validated.soccer." + e.getKey(), r.key(), r.value()));
            }
            published.put(e.getKey(), records);
            e.getValue().close();
        }
        crafted().forEach((topic, records) -> records.forEach(r ->
                forward.add(new ProducerRecord<>("validated.soccer." + topic, r.path("idEvent").asText(r.path("idTeam").asText()), r.toString()))));
        EngineWarehouse.forwardToValidated(app, forward, WAIT);
        football = JSON.readTree(GrafanaFiles.ROOT.resolve("dashboards/football.json").toFile());
    }

    /** Records of the crafted league as the feeds would publish them (API fields, ingested_at in epoch seconds). */
    private static Map<String, List<ObjectNode>> crafted() {
        long ingested = NOW.getEpochSecond();
        Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
        out.put("league", List.of(record(ingested, "idLeague", CRAFTED_LEAGUE, "strLeague", "Crafted League", "strSport", "Soccer",
                "strCurrentSeason", "2026-2027")));
        out.put("team", List.of(
                record(ingested, "idTeam", "990201", "strTeam", "Home FC", "strSport", "Soccer", "idLeague", CRAFTED_LEAGUE),
                record(ingested, "idTeam", "990202", "strTeam", "Away FC", "strSport", "Soccer", "idLeague", CRAFTED_LEAGUE)));
        String nextKickoff = kickoff(NOW.plus(2, ChronoUnit.DAYS));
        // a postponed and a cancelled match of Arsenal's before and after the next one: neither is a fixture to come
        String postponedKickoff = kickoff(NOW.plus(1, ChronoUnit.DAYS));
        String cancelledKickoff = kickoff(NOW.plus(3, ChronoUnit.DAYS));
        List<ObjectNode> events = new ArrayList<>(List.of(
                event(ingested, CRAFTED_MATCH, "990201", "Home FC", "990202", "Away FC", "FT", "3", "2", "2026-08-29T14:00:00"),
                event(ingested, "990302", ARSENAL, "Arsenal", "990201", "Home FC", "NS", null, null, nextKickoff),
                event(ingested, "990303", "990202", "Away FC", ARSENAL, "Arsenal", "PST", null, null, postponedKickoff),
                event(ingested, "990304", ARSENAL, "Arsenal", "990202", "Away FC", "CANC", null, null, cancelledKickoff)));

        // the feeds league: the schedule's row three seconds ago, the live score two seconds ago, the live event lookup one
        // second ago (it runs right after each live score poll), except where both come in the same second
        String today = kickoff(NOW.minus(2, ChronoUnit.HOURS));
        out.put("league", List.of(out.get("league").get(0), record(ingested, "idLeague", FEEDS_LEAGUE, "strLeague", "Feeds League",
                "strSport", "Soccer", "strCurrentSeason", "2026-2027")));
        List<ObjectNode> teams = new ArrayList<>(out.get("team"));
        String[][] feedsTeams = {{"990211", "North FC"}, {"990212", "South FC"}, {"990213", "East FC"}, {"990214", "West FC"}};
        for (String[] t : feedsTeams) {
            teams.add(record(ingested, "idTeam", t[0], "strTeam", t[1], "strSport", "Soccer", "idLeague", FEEDS_LEAGUE));
        }
        out.put("team", teams);
        String[][] matches = {   // id, home, away, live score (status, minute, score), lookup (status, minute, score), lookup second
            {FINISHED_THEN_LAGGING_LOOKUP, "990211", "990212", "FT", "90", "2", "1", "2H", "80", "1", "1", "1"},
            {LIVE_THEN_NOT_STARTED_LOOKUP, "990213", "990214", "1H", "30", "1", "0", "NS", null, null, null, "1"},
            {SAME_SECOND, "990212", "990213", "2H", "70", "0", "1", "2H", "65", "0", "0", "2"}};
        List<ObjectNode> live = new ArrayList<>();
        List<ObjectNode> lookups = new ArrayList<>();
        for (String[] m : matches) {
            String home = name(feedsTeams, m[1]);
            String away = name(feedsTeams, m[2]);
            ObjectNode schedule = event(ingested - 3, m[0], m[1], home, m[2], away, "NS", null, null, today);
            events.add(schedule.put("idLeague", FEEDS_LEAGUE));
            live.add(state(record(ingested - 2, "idLiveScore", "99" + m[0], "idEvent", m[0], "strSport", "Soccer", "idLeague", FEEDS_LEAGUE,
                    "idHomeTeam", m[1], "idAwayTeam", m[2], "strHomeTeam", home, "strAwayTeam", away, "dateEvent", today.substring(0, 10)),
                    m[3], m[4], m[5], m[6]));
            lookups.add(state(event(ingested - Long.parseLong(m[11]), m[0], m[1], home, m[2], away, m[7], m[9], m[10], today)
                    .put("idLeague", FEEDS_LEAGUE), m[7], m[8], m[9], m[10]));
        }
        out.put("event", events);
        out.put("live_score", live);
        out.put("live.event.lookup", lookups);
        // 3-2: a home goal, an own goal by an away player, a missed home penalty (no goal), an away goal, a home
        // penalty, an away goal; cards and a substitution in between
        String[][] timeline = {
            {"1", "10", "Goal", "Normal Goal", "Yes", "Home Striker"},
            {"2", "25", "Card", "Yellow Card", "No", "Away Defender"},
            {"3", "30", "Goal", "Own Goal", "No", "Away Defender"},
            {"4", "44", "Goal", "Missed Penalty", "Yes", "Home Striker"},
            {"5", "50", "Goal", "Normal Goal", "No", "Away Striker"},
            {"6", "60", "subst", "Home Winger", "Yes", "Home Forward"},
            {"7", "75", "Goal", "Penalty", "Yes", "Home Striker"},
            {"8", "88", "Goal", "Normal Goal", "No", "Away Striker"},
            {"9", "90", "Card", "Red Card", "Yes", "Home Midfielder"}};
        List<ObjectNode> rows = new ArrayList<>();
        for (String[] t : timeline) {
            rows.add(record(ingested, "idTimeline", "99040" + t[0], "idEvent", CRAFTED_MATCH, "intTime", t[1], "strTimeline", t[2],
                    "strTimelineDetail", t[3], "strHome", t[4], "strPlayer", t[5], "strEvent", "Home FC vs Away FC", "dateEvent", "2026-08-29"));
        }
        out.put("event.timeline", rows);
        return out;
    }

    private static String kickoff(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS).toString().replace("Z", "");
    }

    private static String name(String[][] teams, String id) {
        for (String[] t : teams) {
            if (t[0].equals(id)) {
                return t[1];
            }
        }
        throw new IllegalArgumentException(id);
    }

    /** A match state as the live feeds carry it: status, minute (strProgress), score. */
    private static ObjectNode state(ObjectNode r, String status, String minute, String homeScore, String awayScore) {
        return r.put("strStatus", status).put("strProgress", minute).put("intHomeScore", homeScore).put("intAwayScore", awayScore);
    }

    private static ObjectNode event(long ingested, String id, String homeId, String home, String awayId, String away,
            String status, String homeScore, String awayScore, String kickoff) {
        ObjectNode e = record(ingested, "idEvent", id, "idLeague", CRAFTED_LEAGUE, "strSeason", "2026-2027", "strSport", "Soccer",
                "strEvent", home + " vs " + away, "idHomeTeam", homeId, "idAwayTeam", awayId, "strHomeTeam", home, "strAwayTeam", away,
                "strStatus", status, "strTimestamp", kickoff, "dateEvent", kickoff.substring(0, 10), "intRound", "1");
        e.put("intHomeScore", homeScore).put("intAwayScore", awayScore);
        return e;
    }

    private static ObjectNode record(long ingested, String... fields) {
        ObjectNode r = JSON.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            r.put(fields[i], fields[i + 1]);
        }
        r.put("ingested_at", ingested);
        return r;
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

    // ---- every ClickHouse query of every dashboard

    @Test
    void everyClickHouseQueryOfEveryDashboardRunsOnTheEngineAndReturnsRows() throws Exception {
        // two settings of the variables and the time range: a match with details (2494000) on its round's Saturday,
        // a match with broadcasts (2442808) on its day; each query must return rows in at least one
        Instant saturday = Instant.parse("2026-08-22T00:00:00Z");
        Instant fifthOctober = Instant.parse("2026-10-05T00:00:00Z");
        List<Map<String, String>> settings = List.of(
                Map.of("league", "4328", "season", "2026-2027", "team", ARSENAL, "event", "2494000", "from", saturday.toString()),
                Map.of("league", "4480", "season", "2026-2027", "team", ARSENAL, "event", "2442808", "from", fifthOctober.toString()));
        List<String> empty = new ArrayList<>();
        int run = 0;
        for (Map.Entry<Path, JsonNode> d : GrafanaFiles.dashboards().entrySet()) {
            List<GrafanaFiles.PanelQuery> queries = new ArrayList<>(GrafanaFiles.queries(d.getValue()));
            for (JsonNode v : d.getValue().path("templating").path("list")) {
                if (v.path("datasource").path("uid").asText().equals(Datasource.CLICKHOUSE.uid())) {
                    queries.add(new GrafanaFiles.PanelQuery(d.getValue().path("uid").asText(), "variable $" + v.path("name").asText(),
                            Datasource.CLICKHOUSE.uid(), v.path("query").asText()));
                }
            }
            for (GrafanaFiles.PanelQuery q : queries) {
                if (!q.datasourceUid().equals(Datasource.CLICKHOUSE.uid())) {
                    continue;
                }
                run++;
                boolean rows = false;
                for (Map<String, String> values : settings) {
                    Instant from = Instant.parse(values.get("from"));
                    rows |= !rows(ClickHouseQuery.expand(q.text(), values, from, from.plus(7, ChronoUnit.DAYS))).isEmpty();
                }
                if (!rows) {
                    empty.add(q.dashboard() + " / " + q.panel() + ": " + q.text());
                }
            }
        }
        System.out.println(run + " ClickHouse queries run");
        assertTrue(run >= 19, "the football dashboard's panels and variables and the warehouse dashboard's tables: " + run);
        assertEquals(List.of(), empty, "queries that returned no row over the demo's data");
    }

    // ---- matches

    @Test
    void todaysMatchesAreTheViewersDayWithTheLatestStatusAndScore() throws Exception {
        // the EPL's last round kicks off on 30 May 2027 at 15:00 UTC; the live feed has four of its games
        ZoneId london = ZoneId.of("Europe/London");
        List<Map<String, String>> today = panel("Today's matches, per league", Map.of(),
                LocalDate.parse("2027-05-30").atStartOfDay(london).toInstant());
        Map<String, JsonNode> live = byHome(array(LIVE_4328));
        List<JsonNode> round = new ArrayList<>();
        for (JsonNode e : array(SCHEDULE_4328)) {
            if (e.path("strTimestamp").asText().startsWith("2027-05-30")) {
                round.add(e);
            }
        }
        assertEquals(round.size(), today.size(), "every match of the day: " + today);
        for (Map<String, String> row : today) {
            assertEquals("English Premier League", row.get("league"));
            JsonNode latest = live.get(row.get("home"));
            if (latest != null) {
                assertEquals(latest.path("strStatus").asText(), row.get("status"), "the live feed's newer state wins: " + row);
                assertEquals(latest.path("strProgress").asText(null), row.get("minute"), row.toString());
                assertEquals(latest.path("intHomeScore").asText(null), row.get("home_score"), row.toString());
                assertEquals(latest.path("intAwayScore").asText(null), row.get("away_score"), row.toString());
            } else {
                assertEquals("NS", row.get("status"), row.toString());
                assertEquals(null, row.get("home_score"), "no score before kick-off: " + row);
            }
        }
        assertTrue(today.stream().anyMatch(r -> "1H".equals(r.get("status"))), "a game under way: " + today);

        // the same day chosen in the time picker (the panel for looking back or ahead)
        Instant londonDay = LocalDate.parse("2027-05-30").atStartOfDay(london).toInstant();
        assertEquals(today, panel("Matches in the time picker's range, per league", Map.of(), londonDay, londonDay.plus(1, ChronoUnit.DAYS)));

        // in Auckland (UTC+12) those games kick off at 3 am on the 31st: not on the 30th
        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        assertEquals(List.of(), panel("Today's matches, per league", Map.of(),
                LocalDate.parse("2027-05-30").atStartOfDay(auckland).toInstant()), "the 30th in Auckland");
        assertEquals(round.size(), panel("Today's matches, per league", Map.of(),
                LocalDate.parse("2027-05-31").atStartOfDay(auckland).toInstant()).size(), "the 31st in Auckland");
    }

    @Test
    void thisWeeksMatchesAreTheSevenDaysFromTheStartOfTheViewersWeek() throws Exception {
        Instant monday = LocalDate.parse("2026-08-17").atStartOfDay(ZoneId.of("Europe/London")).toInstant();
        List<Map<String, String>> week = panel("This week's matches, per league", Map.of(), monday);
        List<String> expected = new ArrayList<>();
        for (JsonNode e : array(SCHEDULE_4328)) {
            Instant kickoff = Instant.parse(e.path("strTimestamp").asText() + "Z");
            if (!kickoff.isBefore(monday) && kickoff.isBefore(monday.plus(7, ChronoUnit.DAYS))) {
                expected.add(e.path("strHomeTeam").asText() + " " + e.path("intHomeScore").asText() + "-"
                        + e.path("intAwayScore").asText() + " " + e.path("strAwayTeam").asText() + " " + e.path("strStatus").asText());
            }
        }
        assertEquals(9, expected.size(), "the first round's games of 21-23 August 2026 (Monday the 24th is the next week)");
        assertEquals(expected.stream().sorted().toList(), week.stream()
                .map(r -> r.get("home") + " " + r.get("home_score") + "-" + r.get("away_score") + " " + r.get("away") + " " + r.get("status"))
                .sorted().toList());
    }

    // ---- league table and results

    @Test
    void theLeagueTableCountsTheFinishedMatchesOfTheLeagueAndSeason() throws Exception {
        Map<String, int[]> expected = new TreeMap<>();   // team -> played, won, drawn, lost, gf, ga
        int finished = 0;
        for (JsonNode e : array(SCHEDULE_4328)) {
            if (!e.path("strStatus").asText().equals("FT")) {
                continue;
            }
            finished++;
            int home = e.path("intHomeScore").asInt();
            int away = e.path("intAwayScore").asInt();
            tally(expected.computeIfAbsent(e.path("strHomeTeam").asText(), k -> new int[6]), home, away);
            tally(expected.computeIfAbsent(e.path("strAwayTeam").asText(), k -> new int[6]), away, home);
        }
        assertEquals(12, finished, "the corpus's finished EPL matches (two of them draws)");

        List<Map<String, String>> table = panel("League table", Map.of("league", "4328", "season", "2026-2027"), NOW);
        assertEquals(expected.size(), table.size(), "one row per team that played: " + table);
        int lastPoints = Integer.MAX_VALUE;
        for (int i = 0; i < table.size(); i++) {
            Map<String, String> row = table.get(i);
            int[] t = expected.get(row.get("team"));
            String where = "row " + row;
            assertTrue(t != null, "a team of the schedule: " + where);
            assertEquals(i + 1, Integer.parseInt(row.get("pos")), where);
            assertEquals(List.of(t[0], t[1], t[2], t[3], t[4], t[5], t[4] - t[5]),
                    ints(row, "played", "won", "drawn", "lost", "gf", "ga", "gd"), where);
            int points = Integer.parseInt(row.get("points"));
            assertEquals(3 * t[1] + t[2], points, "points = 3 × wins + draws: " + where);
            assertTrue(points <= lastPoints, "ordered by points: " + where);
            lastPoints = points;
        }
        // the live games of the last round are under way (scores, no final status): they do not count yet
        assertEquals(finished * 2, table.stream().mapToInt(r -> Integer.parseInt(r.get("played"))).sum());
        assertEquals("Manchester City", table.get(0).get("team"), "the only team with two wins");

        List<Map<String, String>> results = panel("Results", Map.of("league", "4328", "season", "2026-2027"), NOW);
        assertEquals(finished, results.size());
        assertEquals("Bournemouth", results.get(0).get("home"), "newest first: 29 August, Bournemouth 1-1 Everton");
    }

    private static void tally(int[] t, int scored, int conceded) {
        t[0]++;
        t[scored > conceded ? 1 : scored == conceded ? 2 : 3]++;
        t[4] += scored;
        t[5] += conceded;
    }

    // ---- the latest state of a match, from several feeds

    @Test
    void aFinishedStatusWinsOverALaggingLiveEventLookupWithItsMinuteAndScoreAndTheMatchCounts() throws Exception {
        // the live score said FT 2-1 at 90; the live event lookup a second later still said 2H 1-1 at 80
        assertEquals(List.of("North FC 2-1 South FC FT 90"), matchLine(FINISHED_THEN_LAGGING_LOOKUP));
        Map<String, String> season = Map.of("league", FEEDS_LEAGUE, "season", "2026-2027");
        assertEquals(List.of("North FC 2-1 South FC"), panel("Results", season, NOW).stream()
                .map(r -> r.get("home") + " " + r.get("home_score") + "-" + r.get("away_score") + " " + r.get("away")).toList());
        // the games under way do not count yet
        assertEquals(List.of("North FC 1 3", "South FC 1 0"), panel("League table", season, NOW).stream()
                .map(r -> r.get("team") + " " + r.get("played") + " " + r.get("points")).toList());
        assertEquals(List.of("North FC L 0"), panel("Recent form", Map.of("team", "990212"), NOW).stream()
                .map(r -> r.get("opponent") + " " + r.get("result") + " " + r.get("points")).toList(), "South FC's form");
    }

    @Test
    void aMatchUnderWayStaysUnderWayWhenALaterLookupSaysNotStarted() throws Exception {
        // the live score said 1H 1-0 at 30; the live event lookup a second later answered NS without a score
        assertEquals(List.of("East FC 1-0 West FC 1H 30"), matchLine(LIVE_THEN_NOT_STARTED_LOOKUP));
    }

    @Test
    void rowsOfTheSameSecondAndStageAreDecidedByTheFeedNotByChance() throws Exception {
        // the live score (2H 0-1 at 70) and the live event lookup (2H 0-0 at 65) in the same second: the live score's
        assertEquals(List.of("South FC 0-1 East FC 2H 70"), matchLine(SAME_SECOND));
    }

    /** The Match panel's row for one event: home score-score away status minute. */
    private static List<String> matchLine(String event) throws SQLException {
        return panel("Match", Map.of("event", event), NOW).stream()
                .map(r -> r.get("home") + " " + r.get("home_score") + "-" + r.get("away_score") + " " + r.get("away") + " "
                        + r.get("status") + " " + r.get("minute")).toList();
    }

    // ---- team page

    @Test
    void theTeamPageShowsFormNextFixturesSquadAndVenue() throws Exception {
        Map<String, String> arsenal = Map.of("team", ARSENAL);
        assertEquals(List.of(Map.of("team", "Arsenal", "venue", "Emirates Stadium")),
                panel("Team and venue", arsenal, NOW).stream().map(r -> Map.of("team", r.get("team"), "venue", r.get("venue"))).toList());

        // 3-0 against Chelsea in the Champions League (5 Sep), 3-0 against Coventry City in the league (21 Aug)
        List<Map<String, String>> form = panel("Recent form", arsenal, NOW);
        assertEquals(List.of("Chelsea W 3", "Coventry City W 3"),
                form.stream().map(r -> r.get("opponent") + " " + r.get("result") + " " + r.get("points")).toList());

        // the crafted fixture in two days; the postponed one tomorrow and the cancelled one in three days are not fixtures
        List<Map<String, String>> next = panel("Next fixtures", arsenal, NOW);
        assertEquals(List.of("Arsenal - Home FC NS"), next.stream().map(r -> r.get("home") + " - " + r.get("away") + " " + r.get("status")).toList());

        List<String> players = new ArrayList<>();
        for (JsonNode p : published.get("player")) {
            if (p.path("idTeam").asText().equals(ARSENAL)) {
                players.add(p.path("idPlayer").asText());
            }
        }
        List<Map<String, String>> squad = panel("Squad", arsenal, NOW);
        assertFalse(players.isEmpty(), "the player feed published Arsenal's players");
        assertEquals(players.stream().distinct().count(), squad.size(), "every player the feed brought: " + squad);
    }

    // ---- match detail

    @Test
    void theMatchDetailShowsStatisticsSideBySideLineupsAndBroadcasts() throws Exception {
        Map<String, String> match = Map.of("event", "2494000");
        assertEquals(List.of("Arsenal 3-0 Coventry City FT"), panel("Match", match, NOW).stream()
                .map(r -> r.get("home") + " " + r.get("home_score") + "-" + r.get("away_score") + " " + r.get("away") + " " + r.get("status")).toList());

        Map<String, String> expectedStats = new TreeMap<>();
        for (JsonNode s : array(STATS_2494000)) {
            expectedStats.put(s.path("strStat").asText(), number(s.path("intHome").asText()) + " | " + number(s.path("intAway").asText()));
        }
        Map<String, String> stats = new TreeMap<>();
        panel("Statistics", match, NOW).forEach(r -> stats.put(r.get("statistic"), number(r.get("home")) + " | " + number(r.get("away"))));
        assertEquals(expectedStats, stats);

        JsonNode lineup = array(LINEUP_2494000);
        List<Map<String, String>> lineups = panel("Lineups", match, NOW);
        assertEquals(lineup.size(), lineups.size());
        long homeStarters = 0;
        for (JsonNode p : lineup) {
            if (p.path("strHome").asText().equals("Yes") && p.path("strSubstitute").asText().equals("No")) {
                homeStarters++;
            }
        }
        assertEquals(homeStarters, lineups.stream().filter(r -> r.get("side").equals("home") && r.get("role").equals("starting")).count());

        // the corpus's timeline of 2494000 is another match's (README of the corpus): one away goal, shown as recorded
        List<Map<String, String>> timeline = panel("Timeline", match, NOW);
        assertEquals(array(TIMELINE_2494000).size(), timeline.size());
        assertEquals(List.of("0-1"), timeline.stream().map(r -> r.get("score")).filter(s -> !s.isEmpty()).toList());

        List<String> channels = new ArrayList<>();
        for (JsonNode b : published.get("broadcast")) {
            if (b.path("idEvent").asText().equals("2442808") && b.path("idChannel").asInt() > 0) {
                channels.add(b.path("strCountry").asText() + " " + b.path("strChannel").asText());
            }
        }
        assertFalse(channels.isEmpty(), "the broadcast feed listed France vs Belgium");
        assertEquals(channels.stream().distinct().sorted().toList(), panel("Where it is broadcast", Map.of("event", "2442808"), NOW)
                .stream().map(r -> r.get("country") + " " + r.get("channel")).toList());
    }

    @Test
    void aMatchsGoalsInTheTimelineEqualItsScore() throws Exception {
        Map<String, String> match = Map.of("event", CRAFTED_MATCH);
        assertEquals(List.of("Home FC 3-2 Away FC"), panel("Match", match, NOW).stream()
                .map(r -> r.get("home") + " " + r.get("home_score") + "-" + r.get("away_score") + " " + r.get("away")).toList());
        List<Map<String, String>> timeline = panel("Timeline", match, NOW);
        assertEquals(9, timeline.size(), "goals, cards, the substitution, the missed penalty: " + timeline);
        // the own goal (an away player's) counts for home; the missed penalty not at all
        assertEquals(List.of("10 1-0", "30 2-0", "50 2-1", "75 3-1", "88 3-2"), timeline.stream()
                .filter(r -> !r.get("score").isEmpty()).map(r -> r.get("minute") + " " + r.get("score")).toList());
        List<Map<String, String>> table = panel("League table", Map.of("league", CRAFTED_LEAGUE, "season", "2026-2027"), NOW);
        assertEquals(List.of("Home FC 1 3 3 2", "Away FC 1 0 2 3"), table.stream()
                .map(r -> r.get("team") + " " + r.get("played") + " " + r.get("points") + " " + r.get("gf") + " " + r.get("ga")).toList());
    }

    @Test
    void theVariablesListLeaguesSeasonsTeamsAndMatchesByName() throws Exception {
        Map<String, String> values = Map.of("league", "4328", "season", "2026-2027");
        Map<String, List<Map<String, String>>> lists = new HashMap<>();
        for (JsonNode v : football.path("templating").path("list")) {
            lists.put(v.path("name").asText(), rows(ClickHouseQuery.expand(v.path("query").asText(), values, NOW, NOW)));
        }
        assertTrue(lists.get("league").stream().anyMatch(r -> r.get("idLeague").equals("4328") && r.get("league").equals("English Premier League")),
                "value idLeague, text the name: " + lists.get("league"));
        assertEquals(List.of("2026-2027"), lists.get("season").stream().map(r -> r.get("season")).toList());
        assertEquals(20, lists.get("team").size(), "the league's 20 teams: " + lists.get("team"));
        assertTrue(lists.get("team").stream().anyMatch(r -> r.get("id").equals(ARSENAL) && r.get("name").equals("Arsenal")), "value idTeam, text the name");
        assertEquals(array(SCHEDULE_4328).size(), lists.get("event").size(), "every match of the league's season");
    }

    @Test
    void theMatchListShowsTheKickOffDateInTheDashboardsTimeZone() throws Exception {
        // the EPL's last round kicks off on 30 May 2027 at 15:00 UTC: the 30th in London and in UTC, the 31st in Auckland
        String query = null;
        for (JsonNode v : football.path("templating").path("list")) {
            if (v.path("name").asText().equals("event")) {
                query = v.path("query").asText();
            }
        }
        String event = null;
        String home = null;
        for (JsonNode e : array(SCHEDULE_4328)) {
            if (e.path("strTimestamp").asText().equals("2027-05-30T15:00:00")) {
                event = e.path("idEvent").asText();
                home = e.path("strHomeTeam").asText();
            }
        }
        assertTrue(event != null, "a match of the last round");
        Map<String, String> expected = Map.of("utc", "2027-05-30 " + home, "Europe/London", "2027-05-30 " + home,
                "Pacific/Auckland", "2027-05-31 " + home);
        for (Map.Entry<String, String> zone : expected.entrySet()) {
            Map<String, String> values = Map.of("league", "4328", "season", "2026-2027", "__timezone", zone.getKey());
            String id = event;
            String label = rows(ClickHouseQuery.expand(query, values, NOW, NOW)).stream()
                    .filter(r -> r.get("idEvent").equals(id)).map(r -> r.get("match")).findFirst().orElseThrow();
            assertTrue(label.startsWith(zone.getValue() + " - "), zone.getKey() + ": " + label);
        }
    }

    @Test
    void everyPanelAnswersAQuestionItsDescriptionStates() {
        for (JsonNode panel : football.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertFalse(panel.path("description").asText().isBlank(), panel.path("title") + " has a description");
                for (JsonNode t : panel.path("targets")) {
                    assertTrue(t.path("rawSql").asText().contains("FROM dw.v_"), panel.path("title") + " reads a view of the migrations");
                }
            }
        }
    }

    // ---- warehouse dashboard and the exclusions view

    @Test
    void aRedeliveredRecordCountsOnceInTheFreshnessRowsAndTheExclusions() throws Exception {
        // a record delivered twice (a redelivery after a crash between insert and commit, a backfill) is two rows of
        // raw_team until a background merge collapses them; merges are held so the counts are read before that merge
        ObjectNode team = record(NOW.getEpochSecond(), "idTeam", "990299", "strTeam", "Ice FC", "strSport", "Ice Hockey");
        ProducerRecord<String, String> delivery = new ProducerRecord<>("validated.soccer.team", "990299", team.toString());
        JsonNode dashboard = JSON.readTree(GrafanaFiles.ROOT.resolve("dashboards/warehouse.json").toFile());
        String freshness = null;
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("title").asText().equals("Freshness per raw table")) {
                freshness = p.path("targets").get(0).path("rawSql").asText();
            }
        }
        String excluded = "SELECT rows FROM dw.v_excluded_from_dw WHERE raw_table = 'raw_team' AND rule = 'sport:not_soccer'";
        execute("SYSTEM STOP MERGES default.raw_team");
        try {
            long raw = count("SELECT count() FROM default.raw_team");
            long shown = freshnessRows(freshness, "raw_team");
            long excludedBefore = count(excluded);
            EngineWarehouse.forwardToValidated(app, List.of(delivery), WAIT);
            EngineWarehouse.forwardToValidated(app, List.of(delivery), WAIT);
            assertEquals(raw + 2, count("SELECT count() FROM default.raw_team"), "two rows of one record, not merged yet");
            assertEquals(shown + 1, freshnessRows(freshness, "raw_team"), "the freshness panel's rows: one record more");
            assertEquals(excludedBefore + 1, count(excluded), "one more team excluded as not soccer");
        } finally {
            execute("SYSTEM START MERGES default.raw_team");
        }
    }

    private static long freshnessRows(String sql, String table) throws SQLException {
        for (Map<String, String> row : rows(ClickHouseQuery.expand(sql, Map.of(), NOW, NOW))) {
            if (row.get("table").equals(table)) {
                return Long.parseLong(row.get("rows"));
            }
        }
        throw new AssertionError("no row for " + table);
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).values().iterator().next());
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = new WarehouseDataSource(engine.jdbcUrl(), "", "").getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // ---- helpers

    /** The panel's query as Grafana sends it, for a time range starting at {@code from} (panels with a relative time override). */
    private static List<Map<String, String>> panel(String title, Map<String, String> values, Instant from) throws SQLException {
        return panel(title, values, from, NOW);
    }

    /** The panel's query as Grafana sends it for the time range from..to. */
    private static List<Map<String, String>> panel(String title, Map<String, String> values, Instant from, Instant to) throws SQLException {
        for (JsonNode p : football.path("panels")) {
            if (p.path("title").asText().equals(title)) {
                return rows(ClickHouseQuery.expand(p.path("targets").get(0).path("rawSql").asText(), values, from, to));
            }
        }
        throw new IllegalArgumentException("no panel " + title + " in football.json");
    }

    private static List<Map<String, String>> rows(String sql) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> row : warehouse.rows(sql)) {
            Map<String, String> text = new LinkedHashMap<>();
            row.forEach((column, value) -> text.put(column, value == null ? null : value.toString()));
            out.add(text);
        }
        return out;
    }

    private static JsonNode array(Path file) throws Exception {
        JsonNode root = JSON.readTree(Files.readString(file));
        return root.elements().next();
    }

    private static Map<String, JsonNode> byHome(JsonNode rows) {
        Map<String, JsonNode> out = new HashMap<>();
        rows.forEach(r -> out.put(r.path("strHomeTeam").asText(), r));
        return out;
    }

    private static List<Integer> ints(Map<String, String> row, String... columns) {
        List<Integer> out = new ArrayList<>();
        for (String c : columns) {
            out.add(Integer.parseInt(row.get(c)));
        }
        return out;
    }

    private static String number(String text) {
        return text == null ? "null" : String.valueOf(Double.parseDouble(text.replace("%", "")));
    }
}
