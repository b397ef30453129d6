package org.sportsdb.stack.feeds;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * The player feed's departures (bean {@code playerDepartures}): a player who left every tracked team (sold to an
 * untracked league, retired, loaned abroad) is in no list any more, so no list row of his changes; the feed tells his
 * departure from the lists themselves.
 * <ul>
 *   <li>{@link #listed}, after a team's {@code /list/players/{idTeam}} answered: each player the list names is
 *       remembered as last listed by that team, with his list row (polling memory key {@code player-team/<idPlayer>},
 *       written when it changed), and the run notes the team's list answered and the players it named;</li>
 *   <li>{@link #capped}, when a cap ({@code max-players-per-team}, {@code max-players}) cut a team's list: the run tells
 *       no departure from that team;</li>
 *   <li>{@link #departures}, once the run's lists are all asked: the players the memory last saw listed by a team whose
 *       list answered whole tonight (the call succeeded, no cap cut it) and that no list named tonight. A list that
 *       failed, one a cap cut, and the teams not asked (a league not polled, {@code max-teams}) tell nothing: their
 *       players are left as they are until a night their team's list answers whole. Counted
 *       {@code departures_inferred};</li>
 *   <li>{@link #record}: the player record of a departure, published as any changed player: {@code idTeam} the team
 *       his lookup names, unless it names none or a team whose list answered tonight without him (his former team
 *       among them: a tracked team's list says who is in its squad); then, and when the lookup is off,
 *       {@link #NO_TRACKED_TEAM};</li>
 *   <li>{@link #departed}, after the publish: he is remembered as listed by the team published (so no later night
 *       tells his departure again) and his list row as changed (were he listed again, by any team, he is published).</li>
 * </ul>
 * A departure whose lookup failed is not published (the run-level retry asks again) and not remembered: the next
 * night tells it again.
 */
public final class PlayerDepartures {

    /** The record's idTeam of a player no tracked team lists (the player contract's idTeam is a required id). */
    public static final String NO_TRACKED_TEAM = "0";
    /** Polling memory key of the team that last listed a player, and his row in its list. */
    static final String KEY = "player-team/";
    /** Polling memory key of a player's list row ({@link PollingRules#playerDue}), and its value once he left. */
    static final String LIST_ROW_KEY = "player/";
    static final String DEPARTED = "departed";
    /** Exchange properties of {@code direct:player-departure}: the departure (body of {@link #departures}), the team published. */
    static final String DEPARTURE = "departure";
    static final String DEPARTED_TO = "departedTo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CompactedTopicMemory memory;
    private final FeedCounters counters;
    private final RunGuard runs;
    /** Tonight's lists, for the run of the player feed going (never two at once), by run id. */
    private final Map<String, Lists> byRun = new ConcurrentHashMap<>();

    /** What the lists of one run said. */
    private static final class Lists {
        final Set<String> named = ConcurrentHashMap.newKeySet();
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        final Set<String> capped = ConcurrentHashMap.newKeySet();
    }

    public PlayerDepartures(CompactedTopicMemory memory, FeedCounters counters, RunGuard runs) {
        this.memory = memory;
        this.counters = counters;
        this.runs = runs;
    }

    /**
     * After {@code /list/players/{idTeam}} answered (body: its rows; property {@code idTeam}): the run notes the list
     * answered and the players it named; each player is remembered as last listed by the team, with his row. An empty
     * list ("No data found") is not a whole list: no team plays with nobody, so it tells no departure (counted
     * {@code empty_list_no_departures}).
     */
    public void listed(Exchange exchange) {
        String team = text(exchange.getProperty("idTeam"));
        Lists lists = lists(exchange);
        Object body = exchange.getIn().getBody();
        if (!(body instanceof List<?> rows) || rows.isEmpty()) {
            counters.count(FeedName.of(exchange), "empty_list_no_departures");
            return;
        }
        for (Object row : rows) {
            if (row instanceof Map<?, ?> listed) {
                String id = text(listed.get("idPlayer"));
                if (!id.isEmpty()) {
                    lists.named.add(id);
                    String value = value(team, listed);
                    if (!value.equals(runs.remembered(exchange, memory, KEY + id))) {
                        runs.rememberSoon(exchange, memory, KEY + id, value);
                    }
                }
            }
        }
        lists.answered.add(team);
    }

    /** A cap cut the list of the team (property {@code idTeam}) tonight: no departure is told from it. */
    public void capped(Exchange exchange) {
        lists(exchange).capped.add(text(exchange.getProperty("idTeam")));
    }

    /**
     * The run's departures, once its lists are all asked: each player the memory last saw listed by a team whose list
     * answered whole tonight and no list named tonight, as {@code {"idPlayer", "idTeam": the team that listed him,
     * "list_player": the row it listed}}, by idPlayer. Each is counted {@code departures_inferred}.
     */
    public List<Map<String, Object>> departures(Exchange exchange) {
        Lists lists = lists(exchange);
        Map<String, String> remembered = runs.withKafka(exchange, memory.topic(), memory::remembered);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : remembered.entrySet()) {
            if (!e.getKey().startsWith(KEY)) {
                continue;
            }
            String id = e.getKey().substring(KEY.length());
            if (lists.named.contains(id)) {
                continue;
            }
            Map<String, Object> last = parse(e.getValue());
            String team = text(last.get("idTeam"));
            if (!lists.answered.contains(team) || lists.capped.contains(team)) {
                continue;
            }
            Map<String, Object> departure = new LinkedHashMap<>();
            departure.put("idPlayer", id);
            departure.put("idTeam", team);
            departure.put("list_player", last.get("list_player"));
            out.add(departure);
            counters.count(FeedName.of(exchange), "departures_inferred");
        }
        out.sort(Comparator.comparing(d -> (String) d.get("idPlayer")));
        return out;
    }

    /**
     * The departure's player record ({@code direct:player-departure}; property {@code departure}, body the lookup's
     * rows, or still the departure when the lookup is off): {@code {"idPlayer", "idTeam", "list_player": the row his
     * former team listed, "lookup_player": the lookup's row or {}}}, idTeam the team the lookup names or
     * {@link #NO_TRACKED_TEAM} (see the class comment).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> record(Exchange exchange) {
        Map<String, Object> departure = exchange.getProperty(DEPARTURE, Map.class);
        Object body = exchange.getIn().getBody();
        Map<String, Object> lookup = body instanceof List<?> rows && !rows.isEmpty() && rows.get(0) instanceof Map
                ? (Map<String, Object>) rows.get(0) : Map.of();
        String named = text(lookup.get("idTeam"));
        boolean usable = !named.isEmpty() && named.chars().allMatch(c -> c >= '0' && c <= '9') && !NO_TRACKED_TEAM.equals(named)
                && !lists(exchange).answered.contains(named);
        String team = usable ? named : NO_TRACKED_TEAM;
        exchange.setProperty(DEPARTED_TO, team);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("idPlayer", departure.get("idPlayer"));
        record.put("idTeam", team);
        record.put("list_player", departure.get("list_player"));
        record.put("lookup_player", lookup);
        return record;
    }

    /**
     * After the departure's publish: the player is remembered as listed by the team published, so no later night tells
     * his departure again, and his list row as changed, so a list that names him again has him published.
     */
    @SuppressWarnings("unchecked")
    public void departed(Exchange exchange) {
        Map<String, Object> departure = exchange.getProperty(DEPARTURE, Map.class);
        String id = text(departure.get("idPlayer"));
        Object row = departure.get("list_player");
        runs.rememberSoon(exchange, memory, KEY + id, value(exchange.getProperty(DEPARTED_TO, String.class), row instanceof Map<?, ?> m ? m : Map.of()));
        runs.rememberSoon(exchange, memory, LIST_ROW_KEY + id, DEPARTED);
    }

    private Lists lists(Exchange exchange) {
        FeedRun run = exchange.getProperty(FeedRunSteps.FEED_RUN, FeedRun.class);
        if (run == null) {
            throw new IllegalStateException("route " + exchange.getFromRouteId() + " did not start a feed run (property "
                    + FeedRunSteps.FEED_RUN + ")");
        }
        String id = run.getId();
        Lists lists = byRun.get(id);
        if (lists == null) {
            synchronized (byRun) {
                byRun.keySet().removeIf(other -> !other.equals(id)); // an earlier run's lists: that run is over
                lists = byRun.computeIfAbsent(id, k -> new Lists());
            }
        }
        return lists;
    }

    private static String value(String team, Map<?, ?> row) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("idTeam", team);
        value.put("list_player", row);
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a list row that is not JSON: " + row, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String value) {
        try {
            return JSON.readValue(value, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of(); // not a value of ours: tells nothing
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
