package org.sportsdb.stack.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A player who leaves every tracked team (sold abroad, retired) is in no list any more: the player feed publishes him
 * the night after, with the team his lookup names or as listed by no tracked team, so the squad of his former team
 * loses him. Only a list that answered whole tonight tells a player left: a failed list, or one a cap cut, does not.
 * The season world (one league, its clock the feeds' clock) and the shared broker.
 */
class PlayerDeparturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEAGUE = "4328";
    private static final Instant WEDNESDAY = SeasonWorld.next(SeasonWorld.saturdayOfWeek(16), DayOfWeek.WEDNESDAY);

    private final WorldFeeds fixture = new WorldFeeds();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private SeasonWorld world() throws Exception {
        return fixture.serve(List.of(LEAGUE), WEDNESDAY, 0);
    }

    private OnDemandRuns start(SeasonWorld world, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("feeds.retry-after-minutes", "0.01"));
        settings.putAll(extra);
        return fixture.start(world, "departures", LEAGUE, settings);
    }

    private long departures() {
        return fixture.app.getCamelContext().getRegistry().lookupByNameAndType("feedCounters", FeedCounters.class).get("player", "departures_inferred");
    }

    /** Runs the player feed on the given night (00:00 UTC, {@code night} days after the Wednesday); what it published. */
    private static List<Map<String, Object>> night(SeasonWorld world, OnDemandRuns feeds, int night) throws Exception {
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(night)));
        List<Map<String, Object>> out = new ArrayList<>();
        try (TopicReader players = new TopicReader(TestStack.broker().bootstrap(), "soccer.player")) {
            feeds.runOnce(List.of("player"));
            for (ConsumerRecord<String, String> r : players.readSinceMark()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> value = JSON.readValue(r.value(), Map.class);
                out.add(value);
            }
        }
        return out;
    }

    private static List<Map<String, Object>> of(List<Map<String, Object>> published, String idPlayer) {
        return published.stream().filter(p -> idPlayer.equals(p.get("idPlayer"))).collect(Collectors.toList());
    }

    /** During the day before the night: half a day after the previous night. */
    private static void midday(SeasonWorld world, int night) {
        world.advanceTo(WEDNESDAY.plus(Duration.ofDays(night)).minus(Duration.ofHours(12)));
    }

    @Test
    void aPlayerWhoLeftEveryTrackedTeamIsPublishedTheNightAfterWithTheTeamHisLookupNames() throws Exception {
        SeasonWorld world = world();
        OnDemandRuns feeds = start(world, Map.of());
        night(world, feeds, 0);
        String former = "900002";
        String leaver = world.playersOf(former).get(8);

        midday(world, 1);
        WorldChange left = world.playerLeaves(leaver);
        List<Map<String, Object>> published = of(night(world, feeds, 1), leaver);
        assertEquals(1, published.size(), "published once, the night after he left: " + published);
        Map<String, Object> record = published.get(0);
        assertTrue(left.matches(record), record.toString());
        assertEquals(SeasonWorld.ABROAD_TEAM, record.get("idTeam"), "the team his lookup names, not his former one");
        assertEquals(leaver, ((Map<?, ?>) record.get("list_player")).get("idPlayer"), "the list row the feed last saw");
        assertEquals(SeasonWorld.ABROAD_TEAM, ((Map<?, ?>) record.get("lookup_player")).get("idTeam"));
        assertEquals(1, departures());

        // the next nights: nothing more to tell
        assertEquals(List.of(), of(night(world, feeds, 2), leaver));
        assertEquals(1, departures());
    }

    @Test
    void withoutTheLookupALeaverIsPublishedAsListedByNoTrackedTeam() throws Exception {
        SeasonWorld world = world();
        OnDemandRuns feeds = start(world, Map.of("feeds.player.lookup", "false"));
        night(world, feeds, 0);
        String leaver = world.playersOf("900011").get(3);

        midday(world, 1);
        world.playerLeaves(leaver);
        List<Map<String, Object>> published = of(night(world, feeds, 1), leaver);
        assertEquals(1, published.size(), published.toString());
        assertEquals("0", published.get(0).get("idTeam"), "0: listed by no tracked team");
        assertEquals(Map.of(), published.get(0).get("lookup_player"));
        assertEquals(1, departures());
        assertEquals(List.of(), of(night(world, feeds, 2), leaver));
    }

    /**
     * A team's list that answers "No data found" for a night is no list of a squad gone: no team plays with nobody, so
     * an empty list tells no departure, and its players stay in the squad.
     */
    @Test
    void aListThatAnswersNoDataForANightTellsNoDeparture() throws Exception {
        SeasonWorld world = world();
        OnDemandRuns feeds = start(world, new HashMap<>(Map.of("feeds.polling.state-topic",
                "sportsdb.state.polling.departures-" + System.nanoTime())));
        night(world, feeds, 0);
        String team = "900005";
        List<String> squad = world.playersOf(team);
        midday(world, 1);
        world.noData("list/players/" + team, true);
        List<Map<String, Object>> published = night(world, feeds, 1);
        assertEquals(List.of(), squad.stream().flatMap(id -> of(published, id).stream()).toList(), "nobody of the team published");
        assertEquals(0, departures());
    }

    @Test
    void aFailedOrCappedListInfersNoDepartureAndTheNextWholeListDoes() throws Exception {
        SeasonWorld world = world();
        String memory = "sportsdb.state.polling.departures-" + System.nanoTime();
        Map<String, String> settings = new HashMap<>(Map.of("feeds.polling.state-topic", memory,
                // 20 teams of 27 players: the cap cuts the list of the 19th team and leaves out the whole 20th
                "feeds.player.max-players", "500"));
        OnDemandRuns feeds = start(world, settings);
        night(world, feeds, 0);
        String failedList = "900005";
        String fromFailed = world.playersOf(failedList).get(4);
        String cappedList = "900019";
        String fromCapped = world.playersOf(cappedList).get(6);

        midday(world, 1);
        world.playerLeaves(fromFailed);
        world.playerLeaves(fromCapped);
        world.failing("list/players/" + failedList, true);
        List<Map<String, Object>> published = night(world, feeds, 1);
        assertEquals(List.of(), of(published, fromFailed), "his team's list failed (and failed again in the retry)");
        assertEquals(List.of(), of(published, fromCapped), "his team's list was cut by max-players");
        assertEquals(0, departures());

        // the list answers again: the departure is told; the capped list still tells nothing
        world.failing("list/players/" + failedList, false);
        published = night(world, feeds, 2);
        assertEquals(SeasonWorld.ABROAD_TEAM, of(published, fromFailed).get(0).get("idTeam"));
        assertEquals(List.of(), of(published, fromCapped));
        assertEquals(1, departures());

        // without the cap (a restart: the polling memory is the topic's), the last list that named him tells
        fixture.app.stop();
        settings.put("feeds.player.max-players", "0");
        feeds = start(world, settings);
        published = night(world, feeds, 3);
        assertEquals(SeasonWorld.ABROAD_TEAM, of(published, fromCapped).get(0).get("idTeam"));
        assertEquals(List.of(), of(published, fromFailed));
        assertEquals(1, departures(), "counted by the run that told it");
    }
}
