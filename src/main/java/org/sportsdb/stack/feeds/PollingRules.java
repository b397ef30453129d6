package org.sportsdb.stack.feeds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * Which records a nightly feed asks for again: only what can have changed. Each rule is a {@code filter} step in the
 * feed's route, before the call it saves ({@code method: {ref: pollingRules, method: eventDue}}), and the route ends
 * the item with {@link #remember} once the record is published: the memory ({@link CompactedTopicMemory}, a compacted
 * topic) then holds what was asked and published, so a restart does not ask everything again.
 * <ul>
 *   <li>event: looked up when never looked up, when its schedule row changed since the lookup, or when its kick-off
 *       is within the window around today ({@code feeds.event.window-days-before/-after});</li>
 *   <li>event details: fetched once when the event is finished, and once more {@code refresh-after-hours} later;</li>
 *   <li>team, venue, player: new ones and changed list rows at once, the rest on a rotation: a share of
 *       1/{@code refresh-nights} a night (by id), so each is refreshed within that many nights.</li>
 * </ul>
 * A full refresh ({@code feeds.polling.full}, {@code ./stack run-feed NAME --full}; and every run on
 * {@code feeds.polling.full-days}) asks for everything, as the feeds did before these rules, and renews the memory.
 * What a rule skips is counted per feed ({@code skipped_unchanged}, {@code skipped_details_fetched}), never silent.
 * A run that cannot read the memory (Kafka not answering within {@code feeds.state.timeout-ms}) fails naming its topic,
 * and the rest of the run does not wait for it again ({@link RunGuard#withKafka}); a write that fails is counted
 * ({@code state_writes_failed}) and logged ({@link CompactedTopicMemory#putSoon}).
 */
public final class PollingRules {

    /** The memory key and value a due check set on the exchange, written by {@link #remember} after the publish. */
    static final String KEY = "pollingKey";
    static final String VALUE = "pollingValue";
    private static final String REFRESHED = "refreshed";
    private static final String FETCHED = "fetched ";
    private static final String KNOWN = "known";

    private final CompactedTopicMemory memory;
    private final FeedCounters counters;
    private final RunGuard runs;
    private final Clock clock;
    private final ZoneId zone;
    private final boolean full;
    private final Set<DayOfWeek> fullDays;
    private final int eventDaysBefore;
    private final int eventDaysAfter;
    private final Duration detailsRefreshAfter;
    private final int teamNights;
    private final int venueNights;
    private final int playerNights;

    public PollingRules(CompactedTopicMemory memory, FeedCounters counters, RunGuard runs, Clock clock, ZoneId zone, boolean full,
                        String fullDays, int eventDaysBefore, int eventDaysAfter, Duration detailsRefreshAfter, int teamNights,
                        int venueNights, int playerNights) {
        this.memory = memory;
        this.counters = counters;
        this.runs = runs;
        this.clock = clock;
        this.zone = zone;
        this.full = full;
        this.fullDays = SeasonScope.csv(fullDays).stream().map(PollingRules::day).collect(Collectors.toSet());
        this.eventDaysBefore = eventDaysBefore;
        this.eventDaysAfter = eventDaysAfter;
        this.detailsRefreshAfter = detailsRefreshAfter;
        this.teamNights = teamNights;
        this.venueNights = venueNights;
        this.playerNights = playerNights;
    }

    private static DayOfWeek day(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(n) && n.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("feeds.polling.full-days: not a day of the week: '" + name + "' (MON, TUE, ... SUN)");
    }

    /** True when this run asks for everything: the full setting, or today (feeds' time zone) is a full-refresh day. */
    public boolean full() {
        return full || fullDays.contains(today().getDayOfWeek());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** Schedule row (body) of an event: look it up when never looked up, its row changed since, or it is in the window. */
    public boolean eventDue(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String fingerprint = fingerprint(row);
        String key = "event/" + text(row.get("idEvent"));
        return due(exchange, key, fingerprint, () -> !fingerprint.equals(runs.remembered(exchange, memory, key)) || inWindow(row));
    }

    private boolean inWindow(Map<String, Object> row) {
        LocalDate day = kickOffDay(row);
        if (day == null) {
            return true; // no kick-off to place: asked, not guessed away
        }
        LocalDate today = today();
        return !day.isBefore(today.minusDays(eventDaysBefore)) && !day.isAfter(today.plusDays(eventDaysAfter));
    }

    private LocalDate kickOffDay(Map<String, Object> row) {
        Instant kickOff = kickOff(row);
        if (kickOff != null) {
            return LocalDate.ofInstant(kickOff, zone);
        }
        try {
            String date = text(row.get("dateEvent"));
            return date.isEmpty() ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The row's strTimestamp (UTC), or null. */
    private static Instant kickOff(Map<String, Object> row) {
        String ts = text(row.get("strTimestamp"));
        try {
            return ts.isEmpty() ? null : LocalDateTime.parse(ts.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Finished event's schedule row (body): fetch its details when never fetched, or once more {@code refresh-after} later. */
    public boolean detailsDue(Exchange exchange) {
        if (full()) {
            return true;
        }
        String known = runs.remembered(exchange, memory, "details/" + text(FeedRunSteps.row(exchange).get("idEvent")));
        boolean due = known == null || known.startsWith(FETCHED)
                && !Instant.ofEpochSecond(Long.parseLong(known.substring(FETCHED.length()))).plus(detailsRefreshAfter).isAfter(clock.instant());
        if (!due) {
            counters.count(FeedName.of(exchange), "skipped_details_fetched");
        }
        return due;
    }

    /**
     * After an event's (body: its schedule row) details were asked: remembered as fetched now, to be refreshed once
     * {@code refresh-after} later; or as refreshed, the second time, or when they were first asked {@code refresh-after}
     * or longer after the kick-off (an older event, e.g. of the first run's backfill: its details had that time to
     * settle).
     */
    public void detailsFetched(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String key = "details/" + text(row.get("idEvent"));
        Instant kickOff = kickOff(row);
        boolean settled = kickOff != null && !kickOff.plus(detailsRefreshAfter).isAfter(clock.instant());
        runs.rememberSoon(exchange, memory, key, runs.remembered(exchange, memory, key) == null && !settled ? FETCHED + clock.instant().getEpochSecond() : REFRESHED);
    }

    /** List row of a team (body): look it up when new, changed, or in tonight's share of the rotation. */
    public boolean teamDue(Exchange exchange) {
        return listed(exchange, "team/", "idTeam", teamNights);
    }

    /** List row of a team (body) whose venue the venue feed looks up: new, changed, or in tonight's share. */
    public boolean venueOfTeamDue(Exchange exchange) {
        return listed(exchange, "venue-team/", "idTeam", venueNights);
    }

    /** A row with idVenue (body, a schedule or team row): look the venue up when never looked up or in tonight's share. */
    public boolean venueDue(Exchange exchange) {
        String key = "venue/" + text(FeedRunSteps.row(exchange).get("idVenue"));
        return due(exchange, key, KNOWN, () -> runs.remembered(exchange, memory, key) == null || inRotation(key, venueNights));
    }

    /** List row of a player (body): look up when new, changed (e.g. listed by another team), or in tonight's share. */
    public boolean playerDue(Exchange exchange) {
        return listed(exchange, "player/", "idPlayer", playerNights);
    }

    private boolean listed(Exchange exchange, String kind, String idField, int nights) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String id = text(row.get(idField));
        String fingerprint = fingerprint(row);
        return due(exchange, kind + id, fingerprint, () -> !fingerprint.equals(runs.remembered(exchange, memory, kind + id)) || inRotation(id, nights));
    }

    /** Tonight's share: the ids whose hash falls on today's day number modulo {@code nights}. */
    boolean inRotation(String id, int nights) {
        return nights <= 1 || Math.floorMod(id.hashCode(), nights) == Math.floorMod(today().toEpochDay(), nights);
    }

    /** Due in a full refresh (the memory not read), else when {@code due} says so; what is due is remembered after its publish. */
    private boolean due(Exchange exchange, String key, String value, java.util.function.BooleanSupplier due) {
        if (!full() && !due.getAsBoolean()) {
            counters.count(FeedName.of(exchange), "skipped_unchanged");
            return false;
        }
        exchange.setProperty(KEY, key);
        exchange.setProperty(VALUE, value);
        return true;
    }

    /** After the publish: remembers what the due check let through (nothing when it was not asked). */
    public void remember(Exchange exchange) {
        String key = exchange.getProperty(KEY, String.class);
        String value = exchange.getProperty(VALUE, String.class);
        if (key != null && value != null) {
            runs.rememberSoon(exchange, memory, key, value);
        }
    }

    /** What a row says, in 16 hex digits (SHA-256 of its text): equal rows, equal fingerprints. */
    static String fingerprint(Map<String, Object> row) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(row).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
