package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.kafka.KafkaClientSettings;

/** Binds the beans the feed routes in {@code routes/} call by name; every setting is read from {@code feeds.*}. */
public final class FeedBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        StackProperties settings = new StackProperties(context);
        Registry registry = context.getRegistry();
        // the feeds' time: the system's, unless a benchmark or a test bound its own (a simulated world's) as feedClock
        Clock bound = registry.lookupByNameAndType("feedClock", Clock.class);
        Clock clock = bound != null ? bound : Clock.systemUTC();

        FeedCounters counters = new FeedCounters();
        registry.bind("feedCounters", counters);
        registry.bind("runIds", new RunIds(counters));
        FeedRunIds feedRunIds = new FeedRunIds(counters, settings.requireInt("feeds.run-ids.capacity"));
        registry.bind("feedRunIds", feedRunIds);
        registry.bind("seasonScope", new SeasonScope(settings, counters));
        registry.bind("feedRecords", new FeedRecords());
        FeedRuns runs = new FeedRuns(context, minutes(settings.require("feeds.retry-after-minutes"), "feeds.retry-after-minutes"), clock, counters);
        runs.addListener(feedRunIds); // a run's ids leave the memory when the run is over
        registry.bind("feedRuns", runs);
        context.addService(runs, true, true);
        registry.bind("apiAnswers", new ReusedApiAnswers(
                Duration.ofMinutes(settings.requireInt("feeds.reuse-minutes")),
                Duration.ofMinutes(settings.requireInt("feeds.reuse-wait-minutes")), clock, counters));
        registry.bind("liveEventLookups", new LiveEventLookups(
                Duration.ofSeconds(settings.requireInt("feeds.live-event-lookup.recent-seconds")), clock, counters));
        registry.bind("broadcasts", new BroadcastFilter(
                settings.get("feeds.broadcast.sport"),
                settings.get("feeds.broadcast.countries"),
                settings.get("feeds.broadcast.channel-ids"),
                settings.get("feeds.broadcast.channel-names"),
                settings.get("feeds.broadcast.days"),
                ZoneId.of(settings.require("feeds.broadcast.timezone")), clock, counters));

        KafkaClientSettings kafka = registry.lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
        LeagueSeasonMemory seasons = new LeagueSeasonMemory(kafka.clientProperties(), settings.require("feeds.league.state-topic"), counters);
        registry.bind("leagueSeasons", seasons);
        context.addService(seasons, true, true);
    }

    /** Minutes, fractions allowed ("0.5" = 30 s). */
    static Duration minutes(String value, String name) {
        try {
            double minutes = Double.parseDouble(value.trim());
            if (minutes < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(minutes * 60_000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of minutes >= 0, was '" + value + "'");
        }
    }
}
