package org.sportsdb.stack.feeds;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.sportsdb.stack.api.FeedName;

/**
 * The league feed's memory of each league's {@code strCurrentSeason}, kept in a compacted Kafka
 * topic (key idLeague, value the season: {@link CompactedTopicMemory}) so it survives restarts and moves with the
 * cluster, not the machine. Read once, from the beginning, at the first use; written (acks=all, synchronously)
 * after the league record was published.
 */
public final class LeagueSeasonMemory extends ServiceSupport {

    private final CompactedTopicMemory memory;
    private final FeedCounters counters;

    public LeagueSeasonMemory(Map<String, Object> clientProperties, String topic, FeedCounters counters) {
        this.memory = new CompactedTopicMemory(clientProperties, topic, "league seasons");
        this.counters = counters;
    }

    public String topic() {
        return memory.topic();
    }

    /** True when the body row (a /lookup/league row) carries a season other than the remembered one, or the league is new. */
    public boolean changed(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        boolean changed = league.isEmpty() || !Objects.equals(remembered().get(league), text(row.get("strCurrentSeason")));
        if (!changed) {
            counters.count(FeedName.of(exchange), "skipped_season_unchanged");
        }
        return changed;
    }

    /** Remembers the body row's season for its league. */
    public void remember(Exchange exchange) throws ExecutionException, InterruptedException {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        if (league.isEmpty()) {
            return;
        }
        memory.put(league, text(row.get("strCurrentSeason")));
    }

    /** The remembered seasons, league → season, read from the topic at the first use. */
    public Map<String, String> remembered() {
        return memory.remembered();
    }

    @Override
    protected void doStop() {
        memory.stop();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
