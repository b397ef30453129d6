package org.sportsdb.stack.feeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.api.FeedName;

/**
 * The leagues and seasons a nightly feed covers. Leagues come from the feed's setting
 * ({@code feeds.<feed>.leagues}, capped for the player feed); seasons from {@code SEASONS},
 * else {@code SEASON}, else {@code feeds.seasons}, comma-separated, where {@code current} stands
 * for the league's {@code strCurrentSeason} (read from {@code /lookup/league/{league}}).
 */
public final class SeasonScope {

    private static final Logger LOG = LoggerFactory.getLogger(SeasonScope.class);
    public static final String CURRENT = "current";

    private final StackProperties settings;
    private final FeedCounters counters;

    public SeasonScope(StackProperties settings, FeedCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /** The distinct leagues of the comma-separated {@code setting}, all of them. */
    public List<String> leagues(String setting) {
        return leaguesUpTo(setting, 0);
    }

    /** The distinct leagues of the comma-separated {@code setting}, the first {@code cap} of them (≤ 0: all). */
    public List<String> leaguesUpTo(String setting, int cap) {
        List<String> leagues = csv(setting);
        if (cap > 0 && leagues.size() > cap) {
            leagues = leagues.subList(0, cap);
        }
        return leagues;
    }

    /** The configured seasons: SEASONS, else SEASON, else feeds.seasons. */
    public List<String> configured() {
        for (String name : List.of("seasons", "season", "feeds.seasons")) {
            String value = settings.get(name);
            if (value != null && !value.isBlank()) {
                return csv(value);
            }
        }
        return List.of(CURRENT);
    }

    public boolean needsCurrentSeason() {
        return configured().contains(CURRENT);
    }

    /** The league's seasons; {@code current} is read from the body, the answer of /lookup/league/{league}. */
    public List<String> seasons(Exchange exchange) {
        List<String> seasons = new ArrayList<>();
        for (String season : configured()) {
            String value = CURRENT.equals(season) ? currentSeason(exchange) : season;
            if (value != null && !seasons.contains(value)) {
                seasons.add(value);
            }
        }
        return seasons;
    }

    private String currentSeason(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof List && !((List<?>) body).isEmpty() && ((List<?>) body).get(0) instanceof Map) {
            Object season = ((Map<?, ?>) ((List<?>) body).get(0)).get("strCurrentSeason");
            if (season != null && !season.toString().isBlank()) {
                return season.toString().trim();
            }
        }
        String feed = FeedName.of(exchange);
        counters.count(feed, "leagues_without_current_season");
        LOG.warn("feed {}: league {}: no strCurrentSeason from /lookup/league, so its current season is not loaded; set SEASONS "
                + "to name the seasons", feed, exchange.getProperty("league"));
        return null;
    }

    static List<String> csv(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().collect(Collectors.toList());
    }
}
