package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.dev.world.SeasonWorld;
import org.sportsdb.stack.dev.world.WorldChange;

/**
 * The polling rules on the season world (a league or two of it, its clock the feeds' clock): each rule asks for what
 * can have changed, and what changed reaches Kafka.
 */
class PollingRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAGUE = "4328";
    private static final String OTHER = "4480";
    /** A Wednesday of the season, 00:00 UTC: no match on Tuesday, none on Wednesday. */
    private static final Instant WEDNESDAY = SeasonWorld.next(SeasonWorld.saturdayOfWeek(16), DayOfWeek.WEDNESDAY);

    private final WorldFeeds fixture = new WorldFeeds();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private SeasonWorld world(List<String> leagues, int otherLiveMatchesPerDay) throws Exception {
        return fixture.serve(leagues, WEDNESDAY, otherLiveMatchesPerDay);
    }

    private OnDemandRuns start(SeasonWorld world, String leagues, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("feeds.live-score.sport", "soccer"));
        settings.putAll(extra);
        return fixture.start(world, "polling", leagues, settings);
    }

    private long calls(String endpoint) {
        return fixture.calls(endpoint);
    }

    private static List<Map<String, Object>> records(TopicReader reader) throws Exception {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : reader.readSinceMark()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> value = JSON.readValue(r.value(), Map.class);
            out.add(value);
        }
        return out;
    }

    @Test
    void aKickOffMovedIntoTodaysWindowGetsItsLiveCallsWhenTheSportAnswerIsAtItsRowLimit() throws Exception {
        // so many other leagues' matches that /livescore/soccer is always at its 100 rows, without ours
        SeasonWorld world = world(List.of(LEAGUE, OTHER), 600);
        OnDemandRuns feeds = start(world, LEAGUE + "," + OTHER, Map.of());
        String moved = world.kickOffs(LEAGUE).entrySet().stream().filter(e -> e.getValue().isAfter(WEDNESDAY.plus(Duration.ofDays(20))))
                .findFirst().orElseThrow().getKey();
        Instant eighteen = WEDNESDAY.plus(Duration.ofHours(18));
        world.moveKickOff(moved, eighteen);
        feeds.runOnce(List.of("schedule"));

        // outside every window: the sport call alone
        world.advanceTo(WEDNESDAY.plus(Duration.ofHours(12)));
        feeds.runOnce(List.of("live-score"));
        assertEquals(1, calls("livescore/soccer"));
        assertEquals(0, calls("livescore/" + LEAGUE) + calls("livescore/" + OTHER));

        // in the moved match's window: its league asked too (not the other), and the match's row published
        try (TopicReader live = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            world.advanceTo(eighteen.plus(Duration.ofMinutes(30)));
            feeds.runOnce(List.of("live-score"));
            assertEquals(2, calls("livescore/soccer"));
            assertEquals(1, calls("livescore/" + LEAGUE));
            assertEquals(0, calls("livescore/" + OTHER));
            List<Map<String, Object>> rows = records(live);
            assertEquals(List.of(moved), rows.stream().map(r -> r.get("idEvent")).collect(Collectors.toList()));
            assertEquals("1H", rows.get(0).get("strStatus"));
        }
    }

    @Test
    void liveScoreIsOneCallAPollWithTheOtherLeaguesRowsLeftOutAndEveryChangeInThePollAfterIt() throws Exception {
        SeasonWorld world = world(List.of(LEAGUE, OTHER), 30);
        Instant saturday = SeasonWorld.next(WEDNESDAY, DayOfWeek.SATURDAY);
        world.advanceTo(saturday.plus(Duration.ofHours(11)));
        OnDemandRuns feeds = start(world, LEAGUE, Map.of());
        int polls = 0;
        try (TopicReader live = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            Instant previous = world.now();
            for (Instant t = previous; t.isBefore(saturday.plus(Duration.ofHours(16))); t = t.plus(Duration.ofMinutes(2))) {
                world.advanceTo(t);
                live.mark();
                feeds.runOnce(List.of("live-score"));
                polls++;
                List<Map<String, Object>> rows = records(live);
                assertTrue(rows.stream().allMatch(r -> LEAGUE.equals(r.get("idLeague"))), "only the configured league's rows");
                for (WorldChange change : world.changes(previous, true)) {
                    if (change.topic().equals("soccer.live_score") && world.kickOffs(LEAGUE).containsKey(change.id())) {
                        boolean later = world.changes(change.at(), true).stream().anyMatch(c -> c.id().equals(change.id()) && c.topic().equals(change.topic()));
                        assertTrue(later || rows.stream().anyMatch(change::matches), "in the poll at " + t + ": " + change);
                    }
                }
                previous = t;
            }
        }
        assertEquals(polls, calls("livescore/soccer"));
        assertEquals(Set.of("livescore/soccer"), fixture.server.calls().keySet());
    }

    @Test
    void aTransferredPlayerIsLookedUpTheNightAfterAndEveryPlayerWithinTheRotation() throws Exception {
        SeasonWorld world = world(List.of(LEAGUE), 0);
        OnDemandRuns feeds = start(world, LEAGUE, Map.of("feeds.player.refresh-nights", "4"));
        feeds.runOnce(List.of("player"));
        assertEquals(540, calls("lookup/player"), "the first night: every player is new");

        Set<String> refreshed = new HashSet<>();
        try (TopicReader players = new TopicReader(TestStack.broker().bootstrap(), "soccer.player")) {
            for (int night = 1; night <= 4; night++) {
                world.advanceTo(WEDNESDAY.plus(Duration.ofDays(night)).minus(Duration.ofHours(12)));
                List<WorldChange> changes = night == 2 ? world.applyScriptedChanges() : List.of();
                world.advanceTo(WEDNESDAY.plus(Duration.ofDays(night)));
                long before = calls("lookup/player");
                players.mark();
                feeds.runOnce(List.of("player"));
                List<Map<String, Object>> published = records(players);
                long lookups = calls("lookup/player") - before;
                assertEquals(lookups, published.size());
                // a quarter of the players a night (by id), give or take the hash's spread; plus the changed ones
                assertTrue(lookups >= 90 && lookups <= 190, "night " + night + ": " + lookups + " lookups");
                published.forEach(p -> refreshed.add((String) p.get("idPlayer")));
                for (WorldChange change : changes) {
                    if (change.topic().equals("soccer.player")) {
                        assertTrue(published.stream().anyMatch(p -> change.id().equals(p.get("idPlayer"))
                                && change.expected().get("idTeam").equals(p.get("idTeam"))), "published the night after: " + change);
                    }
                }
            }
        }
        Set<String> all = new HashSet<>(playersOf(world));
        all.removeAll(refreshed);
        assertEquals(Set.of(), all, "every player of the league refreshed within the 4 nights of the rotation");
    }

    private Set<String> playersOf(SeasonWorld world) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int team = 0; team < SeasonWorld.TEAMS_PER_LEAGUE; team++) {
            String answer = world.answer("list/players/" + (900000 + team));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) JSON.readValue(answer, Map.class).get("list");
            rows.forEach(r -> ids.add((String) r.get("idPlayer")));
        }
        return ids;
    }

    @Test
    void eventsAreLookedUpWhenNewChangedOrInTheWindowAndAllOnAFullRefreshDay() throws Exception {
        SeasonWorld world = world(List.of(LEAGUE), 0);
        String saturdayDay = LocalDate.ofInstant(WEDNESDAY.plus(Duration.ofDays(3)), ZoneOffset.UTC).getDayOfWeek().name().substring(0, 3);
        OnDemandRuns feeds = start(world, LEAGUE, Map.of("feeds.polling.full-days", saturdayDay, "feeds.timezone", "UTC"));
        feeds.runOnce(List.of("event"));
        assertEquals(380, calls("lookup/event"), "the first night: every event is new");

        // Thursday: nothing changed; in the window (Wednesday to Saturday): Saturday's matches only. And one moved.
        String far = world.kickOffs(LEAGUE).entrySet().stream().filter(e -> e.getValue().isAfter(WEDNESDAY.plus(Duration.ofDays(30))))
                .findFirst().orElseThrow().getKey();
        world.advanceTo(WEDNESDAY.plus(Duration.ofHours(10)));
        world.moveKickOff(far, WEDNESDAY.plus(Duration.ofDays(40)));
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(1)));
        long inWindow = world.kickOffs(LEAGUE).values().stream().filter(k -> {
            LocalDate d = LocalDate.ofInstant(k, ZoneOffset.UTC);
            LocalDate today = LocalDate.ofInstant(world.now(), ZoneOffset.UTC);
            return !d.isBefore(today.minusDays(1)) && !d.isAfter(today.plusDays(2));
        }).count();
        assertEquals(6, inWindow, "Saturday's six matches of the league");
        try (TopicReader events = new TopicReader(TestStack.broker().bootstrap(), "soccer.event")) {
            feeds.runOnce(List.of("event"));
            assertEquals(380 + inWindow + 1, calls("lookup/event"));
            assertTrue(records(events).stream().anyMatch(e -> far.equals(e.get("idEvent"))), "the moved event published");
        }

        // Saturday is the full refresh day: every event again
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(3)));
        long before = calls("lookup/event");
        feeds.runOnce(List.of("event"));
        assertEquals(380, calls("lookup/event") - before);
    }

    /**
     * A detail call that fails (here: its endpoint never answers during the run and its run-level retry) leaves its event
     * due: the next night asks for its details again, even for an event old enough to be remembered as settled. The
     * run-level retry lives in memory only (a restart before it is due loses it); the memory is what the next run reads.
     */
    @Test
    void anEventWhoseDetailCallFailedIsAskedAgainTheNextNight() throws Exception {
        SeasonWorld world = world(List.of(LEAGUE), 0);
        OnDemandRuns feeds = start(world, LEAGUE, Map.of("feeds.polling.state-topic", "sportsdb.state.polling.failed-" + System.nanoTime(),
                "feeds.retry-after-minutes", "0.01"));
        String oldEvent = world.kickOffs(LEAGUE).entrySet().stream()
                .filter(e -> e.getValue().plus(Duration.ofDays(3)).isBefore(world.now()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        world.failing("lookup/event_lineup/" + oldEvent, true);
        feeds.runOnce(List.of("event-details"));
        long lineups = calls("lookup/event_lineup");
        long stats = calls("lookup/event_stats");

        world.failing("lookup/event_lineup/" + oldEvent, false);
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(1)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(lineups + 1, calls("lookup/event_lineup"), "the failed lineup's event asked again the next night");
        assertEquals(stats + 1, calls("lookup/event_stats"), "with its other details: the event is due as a whole");

        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(2)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(lineups + 1, calls("lookup/event_lineup"), "then remembered: not asked again");
    }

    @Test
    void eachFinishedEventsDetailsAreFetchedOnceThenOnceMoreWithoutACapAndRememberedOverARestart() throws Exception {
        SeasonWorld world = world(List.of(LEAGUE), 0);
        Map<String, String> settings = Map.of("feeds.polling.state-topic", "sportsdb.state.polling.details-" + System.nanoTime());
        OnDemandRuns feeds = start(world, LEAGUE, settings);
        long finished = world.kickOffs(LEAGUE).values().stream().filter(k -> k.plus(Duration.ofMinutes(105)).isBefore(world.now())).count();
        assertTrue(finished > 100, "more finished events than the former cap of 100: " + finished);
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished, calls("lookup/event_stats"), "every finished event's details, no cap");

        // Thursday: nothing new; the backfilled events (finished days ago) are not refreshed
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(1)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished, calls("lookup/event_stats"));

        // Sunday 00:00: Saturday's six matches; Monday: Sunday's four, and Saturday's six once more (a late lineup)
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(4)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished + 6, calls("lookup/event_stats"));
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(5)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished + 6 + 4 + 6, calls("lookup/event_stats"));

        // a restart: the memory is the topic's. Tuesday: Sunday's four once more; Wednesday: nothing
        fixture.app.stop();
        feeds = start(world, LEAGUE, settings);
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(6)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished + 6 + 4 + 6 + 4, calls("lookup/event_stats"));
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(7)));
        feeds.runOnce(List.of("event-details"));
        assertEquals(finished + 6 + 4 + 6 + 4, calls("lookup/event_stats"), "then no more");
    }
}
