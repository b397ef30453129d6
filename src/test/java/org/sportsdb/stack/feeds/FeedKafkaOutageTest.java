package org.sportsdb.stack.feeds;

import com.icegreen.greenmail.util.GreenMail;
import org.sportsdb.stack.dev.LogLines;
import org.sportsdb.stack.dev.Management;
import org.sportsdb.stack.dev.SmtpServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;

/**
 * The feeds while the Kafka broker is gone, on a broker of this class's own (stopped and started again on its data
 * directory and port: its topics and offsets come back): each run ends within a bound the Kafka timeouts set, not one
 * timeout per record, with an error naming the topic; nothing is remembered as published; the application stays up;
 * and once the broker is back, the next run publishes every record exactly once. The feeds' memories on compacted
 * topics (league seasons, polling memory): a run that needs one while the broker is gone fails naming that topic and
 * publishes nothing; a memory write that fails is logged and counted on /observe/metrics.
 */
class FeedKafkaOutageTest {

    /** The application's Kafka producer and state topics give up after about this long (settings below). */
    private static final int KAFKA_TIMEOUT_MS = 3000;
    /** A run of a few records with the broker gone: its API calls, and the Kafka timeout once per topic. */
    private static final Duration RUN_BOUND = Duration.ofMillis(4 * KAFKA_TIMEOUT_MS);

    private static Path dataDir;
    private static KafkaBroker broker;
    private static boolean brokerUp;
    private ReplayServer api;
    private Main app;
    /** The alert mails' relay: a run that ends with records Kafka did not take is mailed. */
    private GreenMail smtp;
    private final Management management = new Management();

    @BeforeAll
    static void startBroker() {
        dataDir = Path.of("target", "kafka-outage-" + ProcessHandle.current().pid()).toAbsolutePath();
        broker = new KafkaBroker(dataDir, 0, Map.of("log.retention.ms", "-1"));
        brokerBack();
    }

    /** The broker stops: its process is gone, its port closed. */
    private static void brokerGone() {
        broker.close();
        brokerUp = false;
    }

    /** The broker starts again on the same data directory and port: its topics and offsets are there. */
    private static void brokerBack() {
        if (!brokerUp) {
            broker.start();
            brokerUp = true;
        }
    }

    @AfterAll
    static void removeBroker() throws IOException {
        brokerGone();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void startApp() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        // event 2510001 (league 4480, finished) has no details yet: its detail calls are answered, nothing published
        api.wireMock().stubFor(get(urlPathMatching("/api/v2/json/lookup/event_(stats|timeline|lineup|highlights)/2510001")).atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"Message\": \"No data found\"}")));
        Map<String, String> settings = TestStack.feedSettings(api.baseUrl(), "outage");
        settings.put("kafka.bootstrap", broker.bootstrap());
        settings.put("feeds.leagues", "4328,4480");
        settings.put("feeds.live-score.leagues", "4328");
        settings.put("feeds.event-details.leagues", "4480");
        settings.put("feeds.retry-after-minutes", "0.01");
        settings.put("feeds.progress-seconds", "0");
        settings.put("camel.component.kafka.max-block-ms", Integer.toString(KAFKA_TIMEOUT_MS));
        settings.put("camel.component.kafka.request-timeout-ms", Integer.toString(KAFKA_TIMEOUT_MS));
        settings.put("camel.component.kafka.delivery-timeout-ms", Integer.toString(KAFKA_TIMEOUT_MS));
        settings.put("feeds.state.timeout-ms", Integer.toString(KAFKA_TIMEOUT_MS));
        management.enableIn(settings);
        smtp = SmtpServer.start();
        SmtpServer.alertsTo(settings, smtp.getSmtp().getPort(), "oncall@ops.test");
        settings.put("alerts.window-minutes", "0");
        app = TestStack.startApp(settings);
    }

    @AfterEach
    void stopApp() {
        try {
            app.stop();
        } finally {
            smtp.stop();
            api.close();
            brokerBack(); // after a test that failed while it was gone
        }
    }

    @Test
    void runsWhileTheBrokerIsGoneEndInBoundedTimeRememberNothingAndTheNextRunAfterItPublishesEachRecordOnce() throws Exception {
        Set<String> live = ids(Corpus.rows("livescore/4328"), "idLiveScore");
        Set<String> liveEvents = ids(Corpus.rows("livescore/4328"), "idEvent");
        Set<String> broadcasts = Corpus.rows("filter/tv/sport/Soccer").stream().filter(r -> "Soccer".equals(r.get("strSport").asText()))
                .map(r -> r.get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> schedule = ids(Corpus.rows("schedule/league/4328/2026-2027"), "idEvent");
        schedule.addAll(ids(Corpus.rows("schedule/league/4480/2026-2027"), "idEvent"));
        Map<String, String> topics = Map.of("live-score", "soccer.live_score", "broadcast", "soccer.broadcast", "schedule", "soccer.schedule");
        Map<String, Integer> records = Map.of("live-score", live.size(), "broadcast", broadcasts.size(), "schedule", schedule.size());

        try (LogLines log = new LogLines();
                TopicReader liveScores = new TopicReader(broker.bootstrap(), "soccer.live_score");
                TopicReader lookups = new TopicReader(broker.bootstrap(), "soccer.live.event.lookup");
                TopicReader broadcastRows = new TopicReader(broker.bootstrap(), "soccer.broadcast");
                TopicReader schedules = new TopicReader(broker.bootstrap(), "soccer.schedule")) {
            brokerGone();
            int rounds = 3;
            for (int round = 1; round <= rounds; round++) {
                for (String feed : List.of("live-score", "broadcast", "schedule")) {
                    long started = System.nanoTime();
                    IllegalStateException failed = assertThrows(IllegalStateException.class, () -> runOnce(feed), feed + " published with no broker");
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertTrue(took.compareTo(RUN_BOUND) < 0, feed + " run " + round + " took " + took.toMillis()
                            + " ms with the broker gone, over " + RUN_BOUND.toMillis() + " ms: it waited for Kafka record after record");
                    assertTrue(failed.getMessage().contains(topics.get(feed)), "the failure names the topic: " + failed.getMessage());
                }
            }
            for (String feed : records.keySet()) {
                assertEquals(rounds, log.containing("ERROR", "feed " + feed + ": run done in", "Kafka did not answer for " + topics.get(feed),
                        records.get(feed) + " records not published").size(), "each run's last line says what Kafka did not take");
                awaitMetric("every record of every run of " + feed + " counted as not published", (double) rounds * records.get(feed),
                        "sportsdb_feed_decisions_total", "feed", feed, "decision", "records_not_published");
            }
            assertEquals(0, published().size(), "no record counted as published: " + published());
            // the records a run did not try are counted and named in its last line, not logged one by one: Camel's
            // error block (message history, stack trace) is written for a run's first failure per topic only
            List<String> errorBlocks = log.containing("ERROR", "Failed delivery for");
            assertTrue(errorBlocks.size() <= rounds * records.size(), errorBlocks.size() + " error blocks for "
                    + rounds * records.size() + " runs: one per record not tried, not one per run");
            for (String feed : records.keySet()) {
                String subject = "[sportsdb-stack] feed " + feed + ": " + records.get(feed) + " records not published, Kafka did not "
                        + "answer (last: " + topics.get(feed) + ")";
                Eventually.await("the alert mail of each run of " + feed, Duration.ofSeconds(30),
                        () -> SmtpServer.mails(smtp).stream().filter(m -> subject.equals(subjectOf(m))).count() == rounds);
            }
            assertEquals(200, management.get("/observe/health/live").statusCode(), "the application is alive with the broker gone");
            assertTrue(app.getCamelContext().getStatus().isStarted());

            brokerBack();
            Eventually.await("the application ready again: its Kafka check answered", Duration.ofSeconds(30),
                    () -> management.get("/observe/health/ready").statusCode() == 200);
            for (String feed : List.of("live-score", "broadcast", "schedule")) {
                runOnce(feed);
            }
            assertEquals(live, Corpus.byKey(liveScores.readSinceMark()).keySet(), "every live row once (byKey fails on a key written twice)");
            assertEquals(liveEvents, Corpus.byKey(lookups.readSinceMark()).keySet(), "every live event looked up once: none was remembered as looked up");
            assertEquals(broadcasts, Corpus.byKey(broadcastRows.readSinceMark()).keySet(), "every TV row once: none was remembered as published today");
            assertEquals(schedule, Corpus.byKey(schedules.readSinceMark()).keySet(), "every scheduled event once");
        }
    }

    @Test
    void aRunNeedingAStateTopicWhileTheBrokerIsGoneFailsNamingItAndAMemoryWriteThatFailsIsLoggedAndCounted() throws Exception {
        String seasons = app.getCamelContext().getRegistry().lookupByNameAndType("leagueSeasons", LeagueSeasonMemory.class).topic();
        String polling = app.getCamelContext().resolvePropertyPlaceholders("{{feeds.polling.state-topic}}");
        runOnce("event-details"); // the broker up: the polling memory read, event 2510001 remembered as fetched

        try (LogLines log = new LogLines(); TopicReader leagues = new TopicReader(broker.bootstrap(), "soccer.league")) {
            brokerGone();
            long started = System.nanoTime();
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> runOnce("league"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(failed.getMessage().contains(seasons), "the failure names the league feed's memory: " + failed.getMessage());
            assertTrue(took.compareTo(RUN_BOUND) < 0, "the league run took " + took.toMillis() + " ms: it waited for the memory league after league");
            assertEquals(1, log.containing("ERROR", "feed league: run done in", "Kafka did not answer for " + seasons).size());
            assertFalse(published().containsKey("soccer.league"), "no league published without its remembered season");

            // the event-details run publishes nothing for 2510001 (no details yet) and remembers it fetched: that write fails
            runOnce("event-details");
            awaitMetric("the failed write of the polling memory", 1.0,
                    "sportsdb_feed_decisions_total", "feed", "event-details", "decision", "state_writes_failed");
            Eventually.await("the failed write logged with its topic and number of keys", Duration.ofSeconds(10),
                    () -> log.containing("WARN", "polling memory: 1 key not written to " + polling).size() == 1);

            brokerBack();
            runOnce("league");
            assertEquals(Set.of("4328", "4480"), Corpus.byKey(leagues.readSinceMark()).keySet(),
                    "since the broker went away: each league published once, as on a first run");
            // and remembered: the league feed's memory holds each league's season (these settings run a full refresh,
            // in which every league is published again, so the memory itself is read)
            try (TopicReader memory = new TopicReader(broker.bootstrap(), seasons).fromStart()) {
                Map<String, String> remembered = new java.util.TreeMap<>();
                memory.readSinceMark().forEach(r -> remembered.put(r.key(), r.value()));
                assertEquals(Set.of("4328", "4480"), remembered.keySet(), "each league's season remembered: " + remembered);
            }
            assertFalse(published().containsKey("soccer.event.stats"), "nothing published for the event without details");
        }
    }

    private void runOnce(String feed) {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of(feed));
    }

    /** sportsdb_published_records_total per topic, as /observe/metrics shows it (0 left out). */
    private Map<String, Double> published() throws Exception {
        return management.scrape().samplesOf("sportsdb_published_records_total").entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(e -> e.getKey().replaceAll(".*topic=\"([^\"]*)\".*", "$1"), Map.Entry::getValue));
    }

    /** Scrapes /observe/metrics until the samples of {@code name} with these labels add up to the value. */
    private void awaitMetric(String what, double expected, String name, String... labels) throws InterruptedException {
        Eventually.awaitValue(what + " on /observe/metrics: " + name + " " + String.join(",", labels) + " = " + expected,
                Duration.ofSeconds(30), () -> management.scrape().sum(name, labels), value -> value == expected);
    }

    private static String subjectOf(jakarta.mail.internet.MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> ids(List<JsonNode> rows, String field) {
        return rows.stream().map(r -> r.get(field).asText()).collect(Collectors.toCollection(TreeSet::new));
    }
}
