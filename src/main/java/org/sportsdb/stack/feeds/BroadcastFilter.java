package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.sportsdb.stack.api.FeedName;

/**
 * The broadcast feed's choices: which days to ask {@code /filter/tv/day/{day}} for, which TV rows
 * to keep (the sport, and the optional allowlists of channel countries, channel ids and channel
 * names, each ignored when empty, compared without case), and whether a listing ({@code id} +
 * {@code strTimeStamp}, the contract's key) was already published today (in the feed's time zone; the memory starts afresh each day and at start).
 */
public final class BroadcastFilter {

    private final String sport;
    private final Set<String> countries;
    private final Set<String> channelIds;
    private final Set<String> channelNames;
    private final List<String> days;
    private final ZoneId zone;
    private final Clock clock;
    private final FeedCounters counters;
    private final Set<String> publishedToday = ConcurrentHashMap.newKeySet();
    private volatile LocalDate today;

    public BroadcastFilter(String sport, String countries, String channelIds, String channelNames, String days,
            ZoneId zone, Clock clock, FeedCounters counters) {
        this.sport = sport == null ? "" : sport.trim();
        this.countries = lowerCase(countries);
        this.channelIds = lowerCase(channelIds);
        this.channelNames = lowerCase(channelNames);
        this.days = SeasonScope.csv(days);
        this.zone = zone;
        this.clock = clock;
        this.counters = counters;
        for (String day : this.days) {
            dayOf(day, LocalDate.now(clock.withZone(zone)));
        }
    }

    /** The days of the {@code days} setting as dates: {@code today}, {@code tomorrow}, {@code +N} / {@code -N} days, or a date. */
    public List<String> days() {
        LocalDate now = LocalDate.now(clock.withZone(zone));
        List<String> dates = new ArrayList<>();
        for (String day : days) {
            String date = dayOf(day, now).toString();
            if (!dates.contains(date)) {
                dates.add(date);
            }
        }
        return dates;
    }

    private static LocalDate dayOf(String day, LocalDate today) {
        String d = day.trim().toLowerCase(Locale.ROOT);
        try {
            if (d.equals("today")) {
                return today;
            }
            if (d.equals("tomorrow")) {
                return today.plusDays(1);
            }
            if (d.startsWith("+") || d.startsWith("-")) {
                return today.plusDays(Long.parseLong(d));
            }
            return LocalDate.parse(d);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("feeds.broadcast.days: '" + day + "' is not today, tomorrow, +N, -N or a date YYYY-MM-DD", e);
        }
    }

    /** True when the body row is of the sport and passes every allowlist that is set. */
    public boolean accept(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String feed = FeedName.of(exchange);
        if (!sport.isEmpty() && !sport.equalsIgnoreCase(text(row.get("strSport")))) {
            counters.count(feed, "skipped_other_sport");
            return false;
        }
        if (!allowed(countries, row.get("strCountry")) || !allowed(channelIds, row.get("idChannel"))
                || !allowed(channelNames, row.get("strChannel"))) {
            counters.count(feed, "skipped_not_in_allowlists");
            return false;
        }
        return true;
    }

    /** True while the body row (its {@code id} + {@code strTimeStamp}) was not published today ({@link #published}). */
    public boolean newToday(Exchange exchange) {
        startDayIfNew();
        String key = listing(FeedRunSteps.row(exchange));
        if (key.isEmpty() || !publishedToday.contains(key)) {
            return true;
        }
        counters.count(FeedName.of(exchange), "skipped_published_today");
        return false;
    }

    /** The body row was published (acknowledged by Kafka): not published again today. */
    public void published(Exchange exchange) {
        startDayIfNew();
        String key = listing(FeedRunSteps.row(exchange));
        if (!key.isEmpty()) {
            publishedToday.add(key);
        }
    }

    /**
     * A listing's key, as the contract's primary key (id + strTimeStamp): a listing whose time changes is a new
     * listing; "" for a row without an id (published, for the validator to reject with its reason).
     */
    private static String listing(Map<String, Object> row) {
        String id = text(row.get("id"));
        return id.isEmpty() ? "" : id + "|" + text(row.get("strTimeStamp"));
    }

    private synchronized void startDayIfNew() {
        LocalDate now = LocalDate.now(clock.withZone(zone));
        if (!now.equals(today)) {
            publishedToday.clear();
            today = now;
        }
    }

    private static boolean allowed(Set<String> allowlist, Object value) {
        return allowlist.isEmpty() || allowlist.contains(text(value).toLowerCase(Locale.ROOT));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static Set<String> lowerCase(String csv) {
        return SeasonScope.csv(csv).stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
