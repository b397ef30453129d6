package org.sportsdb.stack.feeds.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sportsdb.stack.App;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.dev.world.SeasonWorld;
import org.sportsdb.stack.dev.world.WorldChange;
import org.sportsdb.stack.dev.world.WorldClock;
import org.sportsdb.stack.dev.world.WorldServer;
import org.sportsdb.stack.feeds.OnDemandRuns;

/**
 * {@code ./stack bench feeds}: the feeds on the season-sized world ({@link SeasonWorld}: 17 leagues, 6,460 events,
 * 9,180 players), twice in one run: first as every feed polled before the polling rules (the baseline: every record
 * asked every run, {@code feeds.polling.full=true}, a live score call per league, at most 100 events' details), then
 * with the rules (the settings' defaults). Each pass runs the same simulated days on a world of the same seed:
 * <ol>
 *   <li>night 1 (a Tuesday, 00:00 UTC): the first run (an empty memory);</li>
 *   <li>night 2 (Wednesday): nothing changed since night 1;</li>
 *   <li>night 3 (Thursday): the world changed during Wednesday (a kick-off moved into Wednesday evening and that
 *       match played, a kick-off moved a day later, a player transferred, a new player);</li>
 *   <li>match day (Saturday 10:00-23:00 UTC): a live score poll every 2 minutes (every followed match goes
 *       1H, HT, 2H, FT).</li>
 * </ol>
 * Per feed: calls the world answered; records published; changed records published / changed records in the world
 * (the world's own list against the records read back from Kafka: a change counts when a record of its night, or of
 * the first poll at or after it, carries the new values); the unchanged records published; and the minutes the
 * night's calls take at the request budget (calls / (sportsdb.api.requests-per-minute - sportsdb.api.live-reserve),
 * computed: the world answers at once and the bench sets no budget, so the figure is what a real key's limit makes
 * of the count, not a measured time).
 */
public final class FeedsBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NIGHTLY = List.of("league", "schedule", "event", "event-details", "team", "venue", "player");
    private static final Map<String, String> FEED_OF_ENDPOINT = new LinkedHashMap<>();

    static {
        FEED_OF_ENDPOINT.put("soccer.schedule", "schedule");
        FEED_OF_ENDPOINT.put("soccer.event", "event");
        FEED_OF_ENDPOINT.put("soccer.event.stats", "event-details");
        FEED_OF_ENDPOINT.put("soccer.event.timeline", "event-details");
        FEED_OF_ENDPOINT.put("soccer.event.lineup", "event-details");
        FEED_OF_ENDPOINT.put("soccer.event.highlights", "event-details");
        FEED_OF_ENDPOINT.put("soccer.team", "team");
        FEED_OF_ENDPOINT.put("soccer.venue", "venue");
        FEED_OF_ENDPOINT.put("soccer.player", "player");
        FEED_OF_ENDPOINT.put("soccer.league", "league");
        FEED_OF_ENDPOINT.put("soccer.live_score", "live-score");
    }

    /** One feed's figures in one scenario. */
    record Row(String scenario, String mode, String feed, long calls, long published, long changedPublished, long changedInWorld,
               long unchangedPublished, double minutes) {
    }

    private final Path work;
    private final Path corpus;
    private final int budgetPerMinute;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();

    FeedsBench(Path work, Path corpus, int budgetPerMinute) {
        this.work = work;
        this.corpus = corpus;
        this.budgetPerMinute = budgetPerMinute;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(value(args, "--work-dir", ".run/bench/feeds"));
        Path corpus = Path.of(value(args, "--corpus", "src/test/resources/replay"));
        boolean baseline = !List.of(args).contains("--no-baseline");
        deleteTree(work);
        Files.createDirectories(work);
        // the nightly feeds' share of the key: requests-per-minute minus what is kept for the live feeds
        Properties defaults = new Properties();
        try (var in = FeedsBench.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        int budget = Integer.parseInt(env("SPORTSDB_API_REQUESTS_PER_MINUTE", defaults.getProperty("sportsdb.api.requests-per-minute").trim()))
                - Integer.parseInt(env("SPORTSDB_API_LIVE_RESERVE", defaults.getProperty("sportsdb.api.live-reserve").trim()));
        FeedsBench bench = new FeedsBench(work, corpus, budget);
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, Map.of()).start()) {
            if (baseline) {
                bench.pass(broker, "baseline", true);
            }
            bench.pass(broker, "rules", false);
        }
        bench.print();
        System.exit(bench.missed.isEmpty() ? 0 : 1);
    }

    private void pass(KafkaBroker broker, String mode, boolean full) throws Exception {
        Instant tuesday = SeasonWorld.next(SeasonWorld.saturdayOfWeek(16), DayOfWeek.TUESDAY);
        SeasonWorld world = new SeasonWorld(corpus, SeasonWorld.DEFAULT_LEAGUES, 1, tuesday, 30);
        try (WorldServer server = new WorldServer(world, 0)) {
            Map<String, String> settings = new HashMap<>();
            settings.put("kafka.bootstrap", broker.bootstrap());
            settings.put("sportsdb.base-url", server.baseUrl());
            settings.put("sportsdb.api.key", "bench-key");
            settings.put("sportsdb.api.requests-per-minute", "1000000");
            settings.put("camel.component.quartz.auto-start-scheduler", "false");
            settings.put("camel.management.enabled", "false");
            settings.put("warehouse.enabled", "false");
            // the routes as they were at the start: an edit in routes/ while the bench runs is not picked up
            settings.put("routes.reload.enabled", "false");
            settings.put("feeds.live-event-lookup.enabled", "false");
            settings.put("feeds.league.state-topic", "sportsdb.state.league-seasons.bench-" + mode + "-" + System.nanoTime());
            settings.put("feeds.polling.state-topic", "sportsdb.state.polling.bench-" + mode + "-" + System.nanoTime());
            if (full) {
                // what the feeds did before the polling rules
                settings.put("feeds.polling.full", "true");
                settings.put("feeds.live-score.sport", "");
                settings.put("feeds.event-details.max-events", "100");
            }
            Main app = App.newMain(settings);
            app.bind("feedClock", new WorldClock(world));
            app.start();
            try (Topics topics = new Topics(broker.bootstrap())) {
                OnDemandRuns runner = new OnDemandRuns(app.getCamelContext());
                Instant lastNight = world.now();
                night(world, server, runner, topics, mode, "night 1: first run", lastNight.minusSeconds(1));
                world.advanceTo(tuesday.plus(Duration.ofDays(1)));
                night(world, server, runner, topics, mode, "night 2: nothing changed", lastNight);
                lastNight = world.now();
                world.advanceTo(lastNight.plus(Duration.ofHours(10)));
                world.applyScriptedChanges();
                world.advanceTo(lastNight.plus(Duration.ofDays(1)));
                night(world, server, runner, topics, mode, "night 3: known changes", lastNight);
                matchDay(world, server, runner, topics, mode, SeasonWorld.next(world.now(), DayOfWeek.SATURDAY));
            } finally {
                app.stop();
            }
        }
    }

    private void night(SeasonWorld world, WorldServer server, OnDemandRuns runner, Topics topics, String mode, String scenario,
                       Instant changesSince) throws Exception {
        List<WorldChange> changes = world.changes(changesSince, false);
        topics.mark();
        long startedAt = System.nanoTime();
        Map<String, Long> callsPerFeed = new LinkedHashMap<>();
        for (String feed : NIGHTLY) {
            long calls = server.totalCalls();
            runner.runOnce(List.of(feed));
            callsPerFeed.put(feed, server.totalCalls() - calls);
        }
        Map<String, List<Map<String, Object>>> published = topics.readSinceMark();
        System.err.printf(Locale.ROOT, "[bench] %s %s: %d calls in %.0f s%n", mode, scenario,
                callsPerFeed.values().stream().mapToLong(Long::longValue).sum(), (System.nanoTime() - startedAt) / 1e9);
        for (String feed : NIGHTLY) {
            List<String> feedTopics = FEED_OF_ENDPOINT.entrySet().stream().filter(e -> e.getValue().equals(feed)).map(Map.Entry::getKey)
                    .collect(Collectors.toList());
            List<Map<String, Object>> records = feedTopics.stream().flatMap(t -> published.getOrDefault(t, List.of()).stream()).toList();
            List<WorldChange> feedChanges = changes.stream().filter(c -> feedTopics.contains(c.topic())).toList();
            long found = 0;
            long changedRecords = 0;
            for (WorldChange change : feedChanges) {
                if (published.getOrDefault(change.topic(), List.of()).stream().anyMatch(change::matches)) {
                    found++;
                } else {
                    missed.add(mode + " " + scenario + ": not published: " + change);
                }
            }
            for (String topic : feedTopics) {
                for (Map<String, Object> record : published.getOrDefault(topic, List.of())) {
                    if (changes.stream().anyMatch(c -> c.topic().equals(topic) && c.matches(record))) {
                        changedRecords++;
                    }
                }
            }
            long calls = callsPerFeed.get(feed);
            rows.add(new Row(scenario, mode, feed, calls, records.size(), found, feedChanges.size(), records.size() - changedRecords,
                    calls / (double) budgetPerMinute));
        }
        long calls = callsPerFeed.values().stream().mapToLong(Long::longValue).sum();
        long all = published.values().stream().mapToLong(List::size).sum();
        rows.add(new Row(scenario, mode, "total", calls, all, rows.stream().filter(r -> r.scenario.equals(scenario) && r.mode.equals(mode))
                .mapToLong(Row::changedPublished).sum(), changes.size(), rows.stream().filter(r -> r.scenario.equals(scenario) && r.mode.equals(mode))
                .mapToLong(Row::unchangedPublished).sum(), calls / (double) budgetPerMinute));
    }

    /** Saturday 10:00-23:00 UTC, a live score poll every 2 minutes; each live change must be in the first poll at or after it. */
    private void matchDay(SeasonWorld world, WorldServer server, OnDemandRuns runner, Topics topics, String mode, Instant saturday)
            throws Exception {
        String scenario = "match day: live score every 2 min";
        Instant from = saturday.plus(Duration.ofHours(10));
        Instant to = saturday.plus(Duration.ofHours(23));
        world.advanceTo(from);
        long calls = server.totalCalls();
        int polls = 0;
        long published = 0;
        long found = 0;
        long changesInWorld = 0;
        long changedRecords = 0;
        Instant previous = from;
        for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(2))) {
            world.advanceTo(t);
            topics.mark();
            runner.runOnce(List.of("live-score"));
            polls++;
            List<Map<String, Object>> records = topics.readSinceMark("soccer.live_score");
            published += records.size();
            List<WorldChange> changes = world.changes(previous, true).stream().filter(c -> c.topic().equals("soccer.live_score")).toList();
            changesInWorld += changes.size();
            for (WorldChange change : changes) {
                // a goal and a status change in the same 2 minutes: the poll shows the later state only
                boolean superseded = changes.stream().anyMatch(o -> o != change && o.id().equals(change.id()) && o.at().isAfter(change.at()));
                if (superseded || records.stream().anyMatch(change::matches)) {
                    found++;
                } else {
                    missed.add(mode + " " + scenario + " poll at " + t + ": not published: " + change);
                }
            }
            changedRecords += records.stream().filter(r -> changes.stream().anyMatch(c -> c.matches(r))).count();
            previous = t;
        }
        long liveCalls = server.totalCalls() - calls;
        System.err.printf(Locale.ROOT, "[bench] %s %s: %d polls, %d calls%n", mode, scenario, polls, liveCalls);
        rows.add(new Row(scenario, mode, "live-score", liveCalls, published, found, changesInWorld, published - changedRecords, Double.NaN));
    }

    private void print() {
        System.out.println();
        System.out.printf("%-34s %-9s %-14s %7s %9s %17s %10s %9s%n", "scenario", "mode", "feed", "calls", "published",
                "changed pub/world", "unchanged", "minutes");
        String last = "";
        for (Row r : rows) {
            String key = r.scenario + r.mode;
            if (!key.equals(last) && !last.isEmpty()) {
                System.out.println();
            }
            last = key;
            System.out.printf(Locale.ROOT, "%-34s %-9s %-14s %7d %9d %17s %10d %9s%n", r.scenario, r.mode, r.feed, r.calls, r.published,
                    r.changedPublished + "/" + r.changedInWorld, r.unchangedPublished, Double.isNaN(r.minutes) ? "-" : String.format(Locale.ROOT, "%.1f", r.minutes));
        }
        System.out.println();
        System.out.println("minutes: the night's calls / " + budgetPerMinute + " a minute (sportsdb.api.requests-per-minute - "
                + "sportsdb.api.live-reserve), computed from the count: the world answers at once and the bench runs without a budget");
        for (String scenario : rows.stream().map(Row::scenario).distinct().toList()) {
            Row base = total(scenario, "baseline");
            Row polite = total(scenario, "rules");
            if (base != null && polite != null) {
                System.out.printf(Locale.ROOT, "%-34s rules/baseline calls: %d/%d = %.1f %%%n", scenario, polite.calls, base.calls,
                        100.0 * polite.calls / Math.max(1, base.calls));
            }
        }
        if (missed.isEmpty()) {
            System.out.println("every change of the world reached its topic");
        } else {
            System.out.println(missed.size() + " changes did not reach their topic:");
            missed.stream().limit(40).forEach(m -> System.out.println("  " + m));
        }
    }

    private Row total(String scenario, String mode) {
        return rows.stream().filter(r -> r.scenario.equals(scenario) && r.mode.equals(mode))
                .filter(r -> r.feed.equals("total") || r.feed.equals("live-score")).findFirst().orElse(null);
    }

    /** The feeds' soccer.* topics read from a mark: the records published in between, as maps. */
    private static final class Topics implements AutoCloseable {
        private final Map<String, TopicReader> readers = new LinkedHashMap<>();

        Topics(String bootstrap) {
            for (String topic : new java.util.TreeSet<>(FEED_OF_ENDPOINT.keySet())) {
                readers.put(topic, new TopicReader(bootstrap, topic));
            }
        }

        void mark() {
            readers.values().forEach(TopicReader::mark);
        }

        Map<String, List<Map<String, Object>>> readSinceMark() throws Exception {
            Map<String, List<Map<String, Object>>> out = new TreeMap<>();
            for (String topic : readers.keySet()) {
                out.put(topic, readSinceMark(topic));
            }
            return out;
        }

        List<Map<String, Object>> readSinceMark(String topic) throws Exception {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConsumerRecord<String, String> r : readers.get(topic).readSinceMark()) {
                out.add(JSON.readValue(r.value(), new TypeReference<Map<String, Object>>() {
                }));
            }
            return out;
        }

        @Override
        public void close() {
            readers.values().forEach(TopicReader::close);
        }
    }

    private static String value(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
