package org.sportsdb.stack.dev.world;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A season-sized TheSportsDB: 17 leagues (or as many as given) of 20 teams, 27 players each, one venue per team, a
 * double round-robin season (38 weekly rounds, 380 events a league), TV rows for every event and live scores that
 * follow a simulated clock (kick-off: 1H, +45 min HT, +60 min 2H, +105 min FT; the goals at fixed minutes). Every
 * answer is built from the real sample of its endpoint (the replay corpus): the sample's first row with the world's
 * values written over it, so the answers have the real field set.
 * <p>
 * The clock only moves when told ({@link #advanceTo}); what changes with it (a match's status and score, results
 * in) and what {@link #applyScriptedChanges} changes (kick-off moved, player transferred, player left, new player) is recorded as
 * {@link WorldChange}s: the world's own list of the records a consumer must see again.
 * Thread-safe: the server answers from several threads while a benchmark moves the clock.
 */
public final class SeasonWorld {

    public static final String SEASON = "2026-2027";
    /** The first round's Saturday. */
    public static final LocalDate SEASON_START = LocalDate.of(2026, 8, 8);
    public static final int TEAMS_PER_LEAGUE = 20;
    public static final int PLAYERS_PER_TEAM = 27;
    /** The club a player who leaves the world's leagues joins: a team of a league no feed follows, listed by no league here. */
    public static final String ABROAD_TEAM = "139999";
    static final String ABROAD_TEAM_NAME = "Club Abroad";
    /** The live score endpoints' row limit (API.md: /livescore/soccer answers at most 100 rows). */
    public static final int LIVE_ROW_LIMIT = 100;
    /** How long a finished match stays in the live score answers. */
    static final Duration FT_SHOWN = Duration.ofMinutes(20);
    /** A lineup is published this long before kick-off. */
    static final Duration LINEUP_BEFORE = Duration.ofMinutes(60);
    private static final String OTHER_LEAGUE = "9900";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] SATURDAY_SLOTS = {"11:30", "14:00", "14:00", "14:00", "16:30", "19:00"};
    private static final String[] SUNDAY_SLOTS = {"13:00", "15:30", "18:00", "19:45"};

    final List<League> leagues = new ArrayList<>();
    final Map<String, League> leagueById = new LinkedHashMap<>();
    final Map<String, Team> teams = new LinkedHashMap<>();
    final Map<String, Player> players = new LinkedHashMap<>();
    final Map<String, Event> events = new LinkedHashMap<>();
    /** Matches of leagues the feeds do not follow: they fill /livescore/soccer (the row limit) and must be filtered out. */
    final List<Event> otherEvents = new ArrayList<>();
    private final Map<String, Map<String, Object>> templates;
    private final List<WorldChange> scripted = new ArrayList<>();
    /** Paths answered as the API does not answer them (the server's 404: a call without an answer for the feeds). */
    private final java.util.Set<String> failing = new java.util.HashSet<>();
    /** Paths answered "No data found" whatever the world holds (an answer the API gives for a while, then not). */
    private final java.util.Set<String> noData = new java.util.HashSet<>();
    private final long seed;
    private int scriptedRounds;
    private int nextPlayer;
    private Instant now;

    record League(String id, int index, String name, String country) {
    }

    static final class Team {
        final String id;
        final League league;
        final String name;
        final String venueId;

        Team(String id, League league, String name, String venueId) {
            this.id = id;
            this.league = league;
            this.name = name;
            this.venueId = venueId;
        }
    }

    static final class Player {
        final String id;
        final String name;
        final String position;
        final String born;
        String teamId;

        Player(String id, String name, String position, String born, String teamId) {
            this.id = id;
            this.name = name;
            this.position = position;
            this.born = born;
            this.teamId = teamId;
        }
    }

    static final class Event {
        final String id;
        final League league;
        final int round;
        final Team home;
        final Team away;
        final int[] homeGoalMinutes;
        final int[] awayGoalMinutes;
        Instant kickOff;

        Event(String id, League league, int round, Team home, Team away, Instant kickOff, Random random) {
            this.id = id;
            this.league = league;
            this.round = round;
            this.home = home;
            this.away = away;
            this.kickOff = kickOff;
            this.homeGoalMinutes = goals(random, 4);
            this.awayGoalMinutes = goals(random, 3);
        }

        private static int[] goals(Random random, int max) {
            int n = random.nextInt(max + 1);
            int[] minutes = new int[n];
            for (int i = 0; i < n; i++) {
                minutes[i] = 1 + random.nextInt(90);
            }
            java.util.Arrays.sort(minutes);
            return minutes;
        }

        String name() {
            return home.name + " vs " + away.name;
        }
    }

    /** The state of a match at an instant: status (NS, 1H, HT, 2H, FT), the minute shown, the score (null before kick-off). */
    record MatchState(String status, String progress, Integer home, Integer away) {
        boolean live() {
            return "1H".equals(status) || "HT".equals(status) || "2H".equals(status);
        }
    }

    /**
     * A world of the given leagues, its clock at {@code now}. {@code otherLiveMatchesPerDay}: matches of other leagues a
     * day (spread 10:00-20:00 UTC), which share /livescore/soccer with the followed ones.
     */
    public SeasonWorld(Path corpus, List<String> leagueIds, long seed, Instant now, int otherLiveMatchesPerDay) {
        this.templates = templates(corpus);
        this.seed = seed;
        this.now = now;
        Random random = new Random(seed);
        for (int li = 0; li < leagueIds.size(); li++) {
            League league = new League(leagueIds.get(li), li, "World League " + leagueIds.get(li), "Country " + (li + 1));
            leagues.add(league);
            leagueById.put(league.id(), league);
            List<Team> leagueTeams = new ArrayList<>();
            for (int ti = 0; ti < TEAMS_PER_LEAGUE; ti++) {
                String teamId = String.valueOf(900000 + li * 100 + ti);
                Team team = new Team(teamId, league, "Club " + (li + 1) + "-" + (ti + 1), String.valueOf(50000 + li * 100 + ti));
                teams.put(teamId, team);
                leagueTeams.add(team);
                for (int pi = 0; pi < PLAYERS_PER_TEAM; pi++) {
                    String playerId = String.valueOf(40000000 + li * 10000 + ti * 100 + pi);
                    players.put(playerId, new Player(playerId, "Player " + playerId, position(pi),
                            LocalDate.of(1990 + random.nextInt(15), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString(), teamId));
                }
            }
            schedule(league, leagueTeams, random);
        }
        nextPlayer = 49000000;
        otherMatches(otherLiveMatchesPerDay, random);
    }

    /** The feeds' default: the 17 leagues of {@code feeds.leagues}. */
    public static final List<String> DEFAULT_LEAGUES = List.of("4792", "5188", "5185", "5180", "5016", "5604", "5054", "5281",
            "4513", "4404", "4569", "4328", "4335", "4668", "4480", "4738", "4639");

    private static String position(int index) {
        if (index == 0) {
            return "Manager";
        }
        if (index < 4) {
            return "Goalkeeper";
        }
        return index < 12 ? "Defender" : index < 20 ? "Midfielder" : "Forward";
    }

    private void schedule(League league, List<Team> leagueTeams, Random random) {
        int n = leagueTeams.size();
        int count = 0;
        for (int half = 0; half < 2; half++) {
            for (int r = 0; r < n - 1; r++) {
                int round = half * (n - 1) + r;
                LocalDate saturday = SEASON_START.plusWeeks(round);
                for (int i = 0; i < n / 2; i++) {
                    int a = i == 0 ? n - 1 : (r + i) % (n - 1);
                    int b = (r + n - 1 - i) % (n - 1);
                    Team home = leagueTeams.get((r + i) % 2 == 0 ? a : b);
                    Team away = leagueTeams.get((r + i) % 2 == 0 ? b : a);
                    if (half == 1) {
                        Team t = home;
                        home = away;
                        away = t;
                    }
                    LocalDate day = i < SATURDAY_SLOTS.length ? saturday : saturday.plusDays(1);
                    String slot = i < SATURDAY_SLOTS.length ? SATURDAY_SLOTS[i] : SUNDAY_SLOTS[i - SATURDAY_SLOTS.length];
                    Instant kickOff = LocalDateTime.parse(day + "T" + slot).plusMinutes(15L * (league.index() % 4)).toInstant(ZoneOffset.UTC);
                    String id = String.valueOf(3000000 + league.index() * 1000 + count++);
                    events.put(id, new Event(id, league, round + 1, home, away, kickOff, random));
                }
            }
        }
    }

    private void otherMatches(int perDay, Random random) {
        if (perDay <= 0) {
            return;
        }
        League other = new League(OTHER_LEAGUE, 99, "Other League", "Elsewhere");
        Team home = new Team("990001", other, "Other Home", "");
        Team away = new Team("990002", other, "Other Away", "");
        for (int day = 0; day < 7 * 40; day++) {
            LocalDate date = SEASON_START.plusDays(day);
            for (int i = 0; i < perDay; i++) {
                Instant kickOff = date.atTime(10, 0).plusMinutes((600L * i) / perDay).toInstant(ZoneOffset.UTC);
                otherEvents.add(new Event(String.valueOf(8000000 + day * 1000 + i), other, 0, home, away, kickOff, random));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // the clock and the changes

    public synchronized Instant now() {
        return now;
    }

    /** Moves the clock forward; the matches' states follow. */
    public synchronized void advanceTo(Instant to) {
        if (to.isBefore(now)) {
            throw new IllegalArgumentException("the world's clock only moves forward: " + now + " -> " + to);
        }
        now = to;
    }

    /**
     * Changes a known set of records now (each call other ones): a kick-off moved into today (18:00 UTC), one moved a
     * day later, a player transferred to another team, a player who left for a club abroad (no team of the world lists
     * him any more; his lookup names {@link #ABROAD_TEAM}), a new player. Returns the changes (also in {@link #changes}).
     */
    public synchronized List<WorldChange> applyScriptedChanges() {
        int k = scriptedRounds++;
        List<WorldChange> made = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // a kick-off moved into today: an event weeks ahead becomes tonight's match
        League first = leagues.get(k % leagues.size());
        Event moved = events.values().stream()
                .filter(e -> e.league == first && e.kickOff.isAfter(now.plus(Duration.ofDays(14 + k))))
                .findFirst().orElseThrow();
        moved.kickOff = today.atTime(18, 0).toInstant(ZoneOffset.UTC);
        made.addAll(eventChanged(moved, "kick-off moved into today"));
        // a kick-off moved a day later (an event of the coming days)
        League second = leagues.get((k + 1) % leagues.size());
        Event later = events.values().stream()
                .filter(e -> e.league == second && e.kickOff.isAfter(now.plus(Duration.ofDays(1))))
                .findFirst().orElseThrow();
        later.kickOff = later.kickOff.plus(Duration.ofDays(1));
        made.addAll(eventChanged(later, "kick-off moved a day later"));
        // a player transferred to a team of another league
        League from = leagues.get((k + 2) % leagues.size());
        League to = leagues.get((k + 3) % leagues.size());
        Player transferred = players.get(String.valueOf(40000000 + from.index() * 10000 + 300 + 5 + k));
        transferred.teamId = String.valueOf(900000 + to.index() * 100 + 4);
        made.add(new WorldChange(now, "player transferred", "soccer.player", "idPlayer", transferred.id, Map.of("idTeam", transferred.teamId)));
        // a player who left every team of the world (sold abroad): in no list any more
        League left = leagues.get((k + 5) % leagues.size());
        made.add(leave(players.get(String.valueOf(40000000 + left.index() * 10000 + 200 + 8 + k)), "player left"));
        // a new player
        String newTeam = String.valueOf(900000 + leagues.get((k + 4) % leagues.size()).index() * 100 + 7);
        String newId = String.valueOf(nextPlayer++);
        players.put(newId, new Player(newId, "Player " + newId, "Forward", "2007-05-01", newTeam));
        made.add(new WorldChange(now, "new player", "soccer.player", "idPlayer", newId, Map.of("idTeam", newTeam)));
        scripted.addAll(made);
        return made;
    }

    private List<WorldChange> eventChanged(Event e, String what) {
        String ts = TS.format(LocalDateTime.ofInstant(e.kickOff, ZoneOffset.UTC));
        return List.of(new WorldChange(now, what, "soccer.schedule", "idEvent", e.id, Map.of("strTimestamp", ts)),
                new WorldChange(now, what, "soccer.event", "idEvent", e.id, Map.of("strTimestamp", ts)));
    }

    /**
     * Every record changed after {@code from} up to now: the scripted ones, the results of the matches finished in
     * between (schedule row, event, its four details; the lineup too when it was published in between) and, when
     * {@code live}, each live score state a followed match went through (1H with each goal, HT, 2H, FT).
     */
    public synchronized List<WorldChange> changes(Instant from, boolean live) {
        List<WorldChange> out = new ArrayList<>();
        for (WorldChange c : scripted) {
            if (c.at().isAfter(from) && !c.at().isAfter(now)) {
                out.add(c);
            }
        }
        for (Event e : events.values()) {
            Instant end = e.kickOff.plus(Duration.ofMinutes(105));
            if (end.isAfter(from) && !end.isAfter(now)) {
                MatchState ft = state(e, now);
                Map<String, String> result = Map.of("strStatus", "FT", "intHomeScore", String.valueOf(ft.home()),
                        "intAwayScore", String.valueOf(ft.away()));
                out.add(new WorldChange(end, "result in", "soccer.schedule", "idEvent", e.id, result));
                out.add(new WorldChange(end, "result in", "soccer.event", "idEvent", e.id, result));
                for (String detail : List.of("stats", "timeline", "highlights")) {
                    if (!"timeline".equals(detail) || ft.home() + ft.away() > 0) {
                        out.add(new WorldChange(end, "result in", "soccer.event." + detail, "idEvent", e.id, Map.of()));
                    }
                }
                out.add(new WorldChange(end, "lineup published", "soccer.event.lineup", "idEvent", e.id, Map.of()));
            }
            if (live && e.kickOff.isBefore(now) && end.isAfter(from)) {
                for (Instant at : transitions(e)) {
                    if (at.isAfter(from) && !at.isAfter(now)) {
                        MatchState s = state(e, at);
                        out.add(new WorldChange(at, "live " + s.status(), "soccer.live_score", "idEvent", e.id,
                                Map.of("strStatus", s.status(), "intHomeScore", String.valueOf(s.home()), "intAwayScore", String.valueOf(s.away()))));
                    }
                }
            }
        }
        return out;
    }

    /** The instants a match's live state changes: kick-off, each goal, half time, second half, full time. */
    static List<Instant> transitions(Event e) {
        List<Instant> at = new ArrayList<>();
        at.add(e.kickOff);
        at.add(e.kickOff.plus(Duration.ofMinutes(45)));
        at.add(e.kickOff.plus(Duration.ofMinutes(60)));
        at.add(e.kickOff.plus(Duration.ofMinutes(105)));
        for (int[] goals : List.of(e.homeGoalMinutes, e.awayGoalMinutes)) {
            for (int minute : goals) {
                at.add(e.kickOff.plus(Duration.ofMinutes(minute <= 45 ? minute - 1 : 60 + minute - 46)));
            }
        }
        Collections.sort(at);
        return at.stream().distinct().collect(Collectors.toList());
    }

    static MatchState state(Event e, Instant at) {
        long m = Duration.between(e.kickOff, at).toMinutes();
        if (at.isBefore(e.kickOff)) {
            return new MatchState("NS", null, null, null);
        }
        int gameMinute;
        String status;
        if (m < 45) {
            status = "1H";
            gameMinute = (int) m + 1;
        } else if (m < 60) {
            status = "HT";
            gameMinute = 45;
        } else if (m < 105) {
            status = "2H";
            gameMinute = (int) (m - 60) + 46;
        } else {
            status = "FT";
            gameMinute = 90;
        }
        int home = (int) java.util.Arrays.stream(e.homeGoalMinutes).filter(g -> g <= gameMinute).count();
        int away = (int) java.util.Arrays.stream(e.awayGoalMinutes).filter(g -> g <= gameMinute).count();
        return new MatchState(status, "HT".equals(status) ? "45" : "FT".equals(status) ? "90" : String.valueOf(gameMinute), home, away);
    }

    // ------------------------------------------------------------------------------------------------------------
    // the answers: the rows under the endpoint's envelope, or null for "No data found"

    /** The answer to {@code GET /api/v2/json/<path>} as JSON, or null when the endpoint is not one the world knows (404). */
    public synchronized String answer(String path) {
        if (failing.contains(path)) {
            return null;
        }
        if (noData.contains(path)) {
            return "{\"Message\":\"No data found\"}";
        }
        String[] p = path.split("/");
        try {
            List<Map<String, Object>> rows;
            String envelope = p[0];
            switch (p[0] + (p.length > 1 ? "/" + p[1] : "")) {
                case "lookup/league" -> rows = one(leagueById.get(p[2]), this::leagueRow);
                case "schedule/league" -> rows = SEASON.equals(p[3]) && leagueById.containsKey(p[2])
                        ? events.values().stream().filter(e -> e.league.id().equals(p[2])).sorted((a, b) -> a.kickOff.compareTo(b.kickOff))
                                .map(this::scheduleRow).collect(Collectors.toList())
                        : List.of();
                case "lookup/event" -> rows = one(events.get(p[2]), this::eventRow);
                case "lookup/event_stats" -> rows = finished(p[2]) ? statsRows(events.get(p[2])) : List.of();
                case "lookup/event_timeline" -> rows = finished(p[2]) ? timelineRows(events.get(p[2])) : List.of();
                case "lookup/event_highlights" -> rows = finished(p[2]) ? List.of(eventRow(events.get(p[2]))) : List.of();
                case "lookup/event_lineup" -> rows = events.containsKey(p[2]) && !now.isBefore(events.get(p[2]).kickOff.minus(LINEUP_BEFORE))
                        ? lineupRows(events.get(p[2])) : List.of();
                case "list/teams" -> rows = teams.values().stream().filter(t -> t.league.id().equals(p[2])).map(this::teamListRow).collect(Collectors.toList());
                case "lookup/team" -> rows = one(teams.get(p[2]), this::teamRow);
                case "list/players" -> rows = players.values().stream().filter(pl -> pl.teamId.equals(p[2])).map(this::playerListRow).collect(Collectors.toList());
                case "lookup/player" -> rows = one(players.get(p[2]), this::playerRow);
                case "lookup/venue" -> rows = one(teams.values().stream().filter(t -> t.venueId.equals(p[2])).findFirst().orElse(null), this::venueRow);
                case "filter/tv" -> rows = tvRows(p);
                default -> {
                    if (p[0].equals("livescore") && p.length == 2) {
                        rows = liveRows(p[1]);
                    } else {
                        return null;
                    }
                }
            }
            if (rows == null || rows.isEmpty()) {
                return "{\"Message\":\"No data found\"}";
            }
            return JSON.writeValueAsString(Map.of(envelope, rows));
        } catch (ArrayIndexOutOfBoundsException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<Map<String, Object>> one(T item, java.util.function.Function<T, Map<String, Object>> row) {
        return item == null ? List.of() : List.of(row.apply(item));
    }

    private boolean finished(String idEvent) {
        Event e = events.get(idEvent);
        return e != null && "FT".equals(state(e, now).status());
    }

    private Map<String, Object> row(String template, Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>(templates.getOrDefault(template, Map.of()));
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private Map<String, Object> leagueRow(League l) {
        return row("lookup/league", "idLeague", l.id(), "strLeague", l.name(), "strCurrentSeason", SEASON, "strCountry", l.country(),
                "intDivision", "0");
    }

    private Object[] eventFields(Event e) {
        MatchState s = state(e, now);
        LocalDateTime ko = LocalDateTime.ofInstant(e.kickOff, ZoneOffset.UTC);
        // the schedule shows a result once the match is over; the live state only in the live score
        boolean ft = "FT".equals(s.status());
        return new Object[] {"idEvent", e.id, "strEvent", e.name(), "strEventAlternate", e.away.name + " @ " + e.home.name,
                "strSeason", SEASON, "idLeague", e.league.id(), "strLeague", e.league.name(), "strHomeTeam", e.home.name,
                "strAwayTeam", e.away.name, "idHomeTeam", e.home.id, "idAwayTeam", e.away.id, "intRound", String.valueOf(e.round),
                "intHomeScore", ft ? String.valueOf(s.home()) : null, "intAwayScore", ft ? String.valueOf(s.away()) : null,
                "strTimestamp", TS.format(ko), "dateEvent", ko.toLocalDate().toString(), "dateEventLocal", ko.toLocalDate().toString(),
                "strTime", ko.toLocalTime() + ":00", "strTimeLocal", ko.toLocalTime() + ":00", "idVenue", e.home.venueId,
                "strVenue", e.home.name + " Ground", "strCountry", e.league.country(), "strStatus", ft ? "FT" : s.live() ? s.status() : "NS",
                "strPostponed", "no", "strFilename", e.league.name() + " " + ko.toLocalDate() + " " + e.name()};
    }

    private Map<String, Object> scheduleRow(Event e) {
        return row("schedule/league", eventFields(e));
    }

    private Map<String, Object> eventRow(Event e) {
        return row("lookup/event", eventFields(e));
    }

    private List<Map<String, Object>> statsRows(Event e) {
        String[] stats = {"Shots on Goal", "Shots off Goal", "Total Shots", "Blocked Shots", "Fouls", "Corner Kicks", "Offsides",
                "Ball Possession", "Yellow Cards", "Red Cards", "Goalkeeper Saves", "Total passes", "Passes accurate", "Passes %"};
        List<Map<String, Object>> rows = new ArrayList<>();
        Random r = new Random(seed ^ Long.parseLong(e.id));
        for (int i = 0; i < stats.length; i++) {
            rows.add(row("lookup/event_stats", "idStatistic", e.id + String.format("%02d", i), "idEvent", e.id, "strEvent", e.name(),
                    "strStat", stats[i], "intHome", String.valueOf(r.nextInt(20)), "intAway", String.valueOf(r.nextInt(20))));
        }
        return rows;
    }

    private List<Map<String, Object>> timelineRows(Event e) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int i = 0;
        for (int[] goals : List.of(e.homeGoalMinutes, e.awayGoalMinutes)) {
            Team team = goals == e.homeGoalMinutes ? e.home : e.away;
            for (int minute : goals) {
                rows.add(row("lookup/event_timeline", "idTimeline", e.id + String.format("%02d", i++), "idEvent", e.id, "strTimeline", "Goal",
                        "strTimelineDetail", "Normal Goal", "strHome", team == e.home ? "Yes" : "No", "strEvent", e.name(),
                        "idPlayer", firstPlayer(team.id), "strPlayer", "Player " + firstPlayer(team.id), "intTime", String.valueOf(minute),
                        "idTeam", team.id, "strTeam", team.name, "dateEvent", LocalDate.ofInstant(e.kickOff, ZoneOffset.UTC).toString(),
                        "strSeason", SEASON));
            }
        }
        return rows;
    }

    private String firstPlayer(String teamId) {
        return players.values().stream().filter(p -> p.teamId.equals(teamId) && !"Manager".equals(p.position)).map(p -> p.id)
                .findFirst().orElse("");
    }

    private List<Map<String, Object>> lineupRows(Event e) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int i = 0;
        for (Team team : List.of(e.home, e.away)) {
            List<Player> squad = players.values().stream().filter(p -> p.teamId.equals(team.id) && !"Manager".equals(p.position))
                    .limit(11).collect(Collectors.toList());
            for (Player p : squad) {
                rows.add(row("lookup/event_lineup", "idLineup", e.id + String.format("%02d", i++), "idEvent", e.id, "strEvent", e.name(),
                        "strPosition", p.position, "strHome", team == e.home ? "Yes" : "No", "strSubstitute", "No",
                        "intSquadNumber", String.valueOf(i), "idPlayer", p.id, "strPlayer", p.name, "idTeam", team.id, "strTeam", team.name,
                        "strSeason", SEASON));
            }
        }
        return rows;
    }

    private Map<String, Object> teamListRow(Team t) {
        return row("list/teams", "idTeam", t.id, "strTeam", t.name, "strTeamShort", "C" + t.id.substring(3), "idLeague", t.league.id(),
                "strLeague", t.league.name());
    }

    private Map<String, Object> teamRow(Team t) {
        return row("lookup/team", "idTeam", t.id, "strTeam", t.name, "strTeamShort", "C" + t.id.substring(3), "idLeague", t.league.id(),
                "strLeague", t.league.name(), "idVenue", t.venueId, "strStadium", t.name + " Ground", "strCountry", t.league.country());
    }

    private Map<String, Object> playerListRow(Player p) {
        return row("list/players", "idPlayer", p.id, "strPlayer", p.name, "idTeam", p.teamId, "strTeam", teamName(p.teamId), "dateBorn", p.born,
                "strPosition", p.position);
    }

    private Map<String, Object> playerRow(Player p) {
        return row("lookup/player", "idPlayer", p.id, "strPlayer", p.name, "idTeam", p.teamId, "strTeam", teamName(p.teamId), "dateBorn", p.born,
                "strPosition", p.position, "strNumber", String.valueOf(Integer.parseInt(p.id.substring(p.id.length() - 2)) + 1));
    }

    /** A team's name; the club abroad's for a player who left the world's teams. */
    private String teamName(String idTeam) {
        Team t = teams.get(idTeam);
        return t != null ? t.name : ABROAD_TEAM_NAME;
    }

    private Map<String, Object> venueRow(Team t) {
        return row("lookup/venue", "idVenue", t.venueId, "strVenue", t.name + " Ground", "strCountry", t.league.country(),
                "intCapacity", String.valueOf(20000 + Integer.parseInt(t.id) % 40000));
    }

    /** /filter/tv/sport/{sport}: the TV rows of the next 7 days; /filter/tv/day/{day}: that day's. Two channels an event. */
    private List<Map<String, Object>> tvRows(String[] p) {
        Predicate<Event> wanted;
        if (p.length == 4 && p[2].equals("sport")) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            wanted = e -> {
                LocalDate d = LocalDate.ofInstant(e.kickOff, ZoneOffset.UTC);
                return !d.isBefore(today) && d.isBefore(today.plusDays(7));
            };
        } else if (p.length == 4 && p[2].equals("day")) {
            LocalDate day = LocalDate.parse(p[3]);
            wanted = e -> LocalDate.ofInstant(e.kickOff, ZoneOffset.UTC).equals(day);
        } else {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Event e : events.values()) {
            if (wanted.test(e)) {
                for (int c = 0; c < 2; c++) {
                    LocalDateTime ko = LocalDateTime.ofInstant(e.kickOff, ZoneOffset.UTC);
                    String channel = String.valueOf(7000 + e.league.index() * 2 + c);
                    rows.add(row("filter/tv", "id", e.id + c, "idEvent", e.id, "strSport", "Soccer", "strEvent", e.name(),
                            "idChannel", channel, "strChannel", "Channel " + channel, "strCountry", e.league.country(),
                            "strEventCountry", e.league.country(), "strSeason", SEASON, "strTime", ko.toLocalTime() + ":00",
                            "dateEvent", ko.toLocalDate().toString(), "strTimeStamp", UPDATED.format(ko)));
                }
            }
        }
        return rows;
    }

    /** /livescore/soccer: every live match (followed leagues and others), at most the row limit; /livescore/{league}: that league's. */
    private List<Map<String, Object>> liveRows(String which) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Event> candidates = new ArrayList<>();
        if ("soccer".equalsIgnoreCase(which)) {
            // the other leagues' matches first: a real answer is not ordered by the caller's interest
            candidates.addAll(otherEvents);
            candidates.addAll(events.values());
        } else {
            events.values().stream().filter(e -> e.league.id().equals(which)).forEach(candidates::add);
            otherEvents.stream().filter(e -> e.league.id().equals(which)).forEach(candidates::add);
        }
        for (Event e : candidates) {
            if (e.kickOff.isAfter(now) || e.kickOff.plus(Duration.ofMinutes(105)).plus(FT_SHOWN).isBefore(now)) {
                continue;
            }
            MatchState s = state(e, now);
            LocalDateTime ko = LocalDateTime.ofInstant(e.kickOff, ZoneOffset.UTC);
            Instant changed = transitions(e).stream().filter(t -> !t.isAfter(now)).reduce((a, b) -> b).orElse(e.kickOff);
            rows.add(row("livescore", "idLiveScore", String.valueOf(21000000L + Long.parseLong(e.id) % 10000000), "idEvent", e.id,
                    "strSport", "Soccer", "idLeague", e.league.id(), "strLeague", e.league.name(), "intDivision", "0",
                    "idHomeTeam", e.home.id, "idAwayTeam", e.away.id, "strHomeTeam", e.home.name, "strAwayTeam", e.away.name,
                    "intHomeScore", String.valueOf(s.home()), "intAwayScore", String.valueOf(s.away()), "strStatus", s.status(),
                    "strProgress", s.progress(), "strTimestamp", TS.format(ko), "strEventTime", ko.toLocalTime().toString(),
                    "dateEvent", ko.toLocalDate().toString(), "updated", UPDATED.format(LocalDateTime.ofInstant(changed, ZoneOffset.UTC))));
            if (rows.size() == LIVE_ROW_LIMIT) {
                break;
            }
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Counts, for a report: leagues, teams, players, events, venues. */
    public synchronized String size() {
        return leagues.size() + " leagues, " + teams.size() + " teams, " + players.size() + " players, " + events.size()
                + " events, " + teams.size() + " venues, " + (leagues.size() * 2) + " TV channels";
    }

    /** The events of a followed league, as (idEvent, kick-off): what a test needs to pick a match. */
    public synchronized Map<String, Instant> kickOffs(String league) {
        Map<String, Instant> out = new LinkedHashMap<>();
        events.values().stream().filter(e -> e.league.id().equals(league)).forEach(e -> out.put(e.id, e.kickOff));
        return out;
    }

    /** The team a player plays for now. */
    public synchronized String teamOf(String idPlayer) {
        Player p = players.get(idPlayer);
        return p == null ? null : p.teamId;
    }

    /**
     * The player leaves every team of the world for {@link #ABROAD_TEAM} (a test's own change): no list names him any
     * more, his lookup names the club abroad. Recorded as a change of his player record.
     */
    public synchronized WorldChange playerLeaves(String idPlayer) {
        WorldChange made = leave(players.get(idPlayer), "player left");
        scripted.add(made);
        return made;
    }

    private WorldChange leave(Player p, String what) {
        p.teamId = ABROAD_TEAM;
        return new WorldChange(now, what, "soccer.player", "idPlayer", p.id, Map.of("idTeam", ABROAD_TEAM));
    }

    /** Answers the path as a path the API does not have (404) while {@code failing}: a call without an answer. */
    public synchronized void failing(String path, boolean failing) {
        if (failing) {
            this.failing.add(path);
        } else {
            this.failing.remove(path);
        }
    }

    /** Answers the path "No data found" while {@code on}, whatever the world holds: an empty answer that is not the truth. */
    public synchronized void noData(String path, boolean on) {
        if (on) {
            noData.add(path);
        } else {
            noData.remove(path);
        }
    }

    /** The players a team lists now, in the order of its list. */
    public synchronized List<String> playersOf(String idTeam) {
        return players.values().stream().filter(p -> p.teamId.equals(idTeam)).map(p -> p.id).collect(Collectors.toList());
    }

    /** Moves one event's kick-off (a test's own change), recorded as a change of its schedule row and event. */
    public synchronized List<WorldChange> moveKickOff(String idEvent, Instant kickOff) {
        Event e = events.get(idEvent);
        e.kickOff = kickOff;
        List<WorldChange> made = eventChanged(e, "kick-off moved");
        scripted.addAll(made);
        return made;
    }

    /** The Saturday of the given week of the season at 00:00 UTC (round {@code week + 1}'s first day). */
    public static Instant saturdayOfWeek(int week) {
        return SEASON_START.plusWeeks(week).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The next given day of the week at 00:00 UTC after {@code from}'s day. */
    public static Instant next(Instant from, DayOfWeek day) {
        return LocalDate.ofInstant(from, ZoneOffset.UTC).with(TemporalAdjusters.next(day)).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant minutes(Instant at, long minutes) {
        return at.plus(minutes, ChronoUnit.MINUTES);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first row of each endpoint's sample in the corpus: the field set the world's rows are built on. */
    private static Map<String, Map<String, Object>> templates(Path corpus) {
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("lookup/league", "lookup/league/4328.json");
        samples.put("schedule/league", "schedule/league/4328/2026-2027.json");
        samples.put("lookup/event", "lookup/event/2494000.json");
        samples.put("lookup/event_stats", "lookup/event_stats/2494000.json");
        samples.put("lookup/event_timeline", "lookup/event_timeline/2494000.json");
        samples.put("lookup/event_lineup", "lookup/event_lineup/2494000.json");
        samples.put("list/teams", "list/teams/4328.json");
        samples.put("lookup/team", "lookup/team/133604.json");
        samples.put("list/players", "list/players/133604.json");
        samples.put("lookup/player", "lookup/player/34159218.json");
        samples.put("lookup/venue", "lookup/venue/16163.json");
        samples.put("filter/tv", "filter/tv/day/2026-10-05.json");
        samples.put("livescore", "livescore/4328.json");
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> s : samples.entrySet()) {
            Path file = corpus.resolve("api/v2/json").resolve(s.getValue());
            try {
                Map<String, List<Map<String, Object>>> answer = JSON.readValue(Files.readString(file), new TypeReference<>() {
                });
                out.put(s.getKey(), answer.values().iterator().next().get(0));
            } catch (IOException e) {
                throw new UncheckedIOException("the world builds its rows on the corpus' sample " + file, e);
            }
        }
        return out;
    }
}
