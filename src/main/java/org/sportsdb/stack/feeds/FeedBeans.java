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
        registry.bind("feedRunSteps", new FeedRunSteps(counters));
        OncePerRunRepository oncePerRun = new OncePerRunRepository(counters, settings.requireInt("feeds.run-ids.capacity"));
        registry.bind("oncePerRun", oncePerRun);
        registry.bind("seasonScope", new SeasonScope(settings, counters));
        registry.bind("feedRecords", new FeedRecords());
        RunGuard runs = new RunGuard(context, minutes(settings.require("feeds.retry-after-minutes"), "feeds.retry-after-minutes"), clock, counters);
        runs.addListener(oncePerRun); // a run's ids leave the memory when the run is over
        registry.bind("runGuard", runs);
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
        // how long the state topics' reads and writes wait for Kafka
        Duration stateTimeout = Duration.ofMillis(settings.requireInt("feeds.state.timeout-ms"));
        // a full refresh of the polling rules (bound below) publishes every league
        LeagueSeasonMemory seasons = new LeagueSeasonMemory(kafka.clientProperties(), settings.require("feeds.league.state-topic"),
                stateTimeout, counters, runs, () -> registry.lookupByNameAndType("pollingRules", PollingRules.class).full());
        registry.bind("leagueSeasons", seasons);
        context.addService(seasons, true, true);

        // what the nightly feeds ask for again (docs/feeds.md, "Polling rules"), remembered on a compacted topic
        CompactedTopicMemory polled = new CompactedTopicMemory(kafka.clientProperties(), settings.require("feeds.polling.state-topic"),
                "polling memory", stateTimeout, counters);
        context.addService(polled, true, true);
        registry.bind("pollingRules", new PollingRules(polled, counters, runs, clock, ZoneId.of(settings.require("feeds.timezone")),
                settings.isTrue("feeds.polling.full", false), settings.get("feeds.polling.full-days"),
                settings.requireInt("feeds.event.window-days-before"), settings.requireInt("feeds.event.window-days-after"),
                Duration.ofHours(settings.requireInt("feeds.event-details.refresh-after-hours")),
                settings.requireInt("feeds.team.refresh-nights"), settings.requireInt("feeds.venue.refresh-nights"),
                settings.requireInt("feeds.player.refresh-nights")));
        // the player feed's departures: told from the team lists, remembered in the same memory
        registry.bind("playerDepartures", new PlayerDepartures(polled, counters, runs));
        registry.bind("liveScores", new LiveScoreScope(settings.get("feeds.live-score.leagues"), settings.get("feeds.live-score.sport"),
                settings.requireInt("feeds.live-score.row-limit"),
                Duration.ofMinutes(settings.requireInt("feeds.live-score.window-before-minutes")),
                Duration.ofMinutes(settings.requireInt("feeds.live-score.window-after-minutes")), clock, counters));
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
