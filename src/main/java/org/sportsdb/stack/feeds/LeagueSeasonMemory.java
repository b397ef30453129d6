package org.sportsdb.stack.feeds;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.sportsdb.stack.api.FeedName;

/**
 * The league feed's memory of each league's {@code strCurrentSeason}, kept in a compacted Kafka
 * topic (key idLeague, value the season: {@link CompactedTopicMemory}) so it survives restarts and moves with the
 * cluster, not the machine. Read once, from the beginning, at the first use; written (acks=all, synchronously)
 * after the league record was published. A run that cannot read or write it (Kafka not answering within
 * {@code feeds.state.timeout-ms}) fails naming the topic, and the rest of the run does not wait for it again
 * ({@link RunGuard#withKafka}): nothing is published without it.
 */
public final class LeagueSeasonMemory extends ServiceSupport {

    private final CompactedTopicMemory memory;
    private final FeedCounters counters;
    private final RunGuard runs;
    /** True when this run is a full refresh ({@link PollingRules#full()}): every league is published. */
    private final BooleanSupplier fullRefresh;

    public LeagueSeasonMemory(Map<String, Object> clientProperties, String topic, Duration timeout, FeedCounters counters, RunGuard runs,
                              BooleanSupplier fullRefresh) {
        this.memory = new CompactedTopicMemory(clientProperties, topic, "league seasons", timeout, counters);
        this.counters = counters;
        this.runs = runs;
        this.fullRefresh = fullRefresh;
    }

    public String topic() {
        return memory.topic();
    }

    /**
     * True when the body row (a /lookup/league row) carries a season other than the remembered one, the league is new,
     * or the run is a full refresh (which asks for everything: what changed besides the season is published then).
     */
    public boolean changed(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        // the memory is read in a full refresh too: a run that cannot read it publishes nothing, whatever the day
        boolean changed = league.isEmpty()
                || !Objects.equals(runs.withKafka(exchange, topic(), () -> memory.get(league)), text(row.get("strCurrentSeason")))
                || fullRefresh.getAsBoolean();
        if (!changed) {
            counters.count(FeedName.of(exchange), "skipped_season_unchanged");
        }
        return changed;
    }

    /** Remembers the body row's season for its league (a failed write fails the item: the league is published again). */
    public void remember(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        if (league.isEmpty()) {
            return;
        }
        runs.withKafka(exchange, topic(), () -> {
            memory.put(league, text(row.get("strCurrentSeason")), FeedName.of(exchange));
            return null;
        });
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
