package org.sportsdb.stack.warehouse.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sportsdb.stack.dev.ReplayServer;

/**
 * {@code ./stack bench freshness}: how long a live score takes from its poll to the warehouse, in the demo's pipeline.
 * <p>
 * This process is the demo's replay server (the recorded corpus) with one match that moves on: the first live row
 * of {@code /livescore/4328} gets a new minute every {@code --match-minute-seconds}, and goals, so every poll of the
 * live score feed publishes a changed record (an unchanged re-poll would be dropped by the validator and measure
 * nothing). {@code ./stack} starts the broker, the embedded warehouse, this, the application (live score polled every
 * {@code --cadence-seconds}) and the validator. Once the match's first row is in the warehouse, this measures for
 * {@code --minutes}:
 * <ul>
 * <li>ingested_at → raw_live_score: {@code loaded_at − ingested_at} of each of the match's rows ({@code loaded_at} is
 *     the server's time at the INSERT);</li>
 * <li>ingested_at → dw: the match's newest {@code updated_at} (= its record's ingested_at) in {@code dw.fact_event}, read
 *     every {@value #DW_POLL_MILLIS} ms; a new value seen at time t counts t − ingested_at (so up to one read period more
 *     than the real delay).</li>
 * </ul>
 * Prints p50/p95/max of both and exits 0 when it measured at least one record, 1 otherwise.
 */
public final class FreshnessBench {

    static final long DW_POLL_MILLIS = 250;
    private static final String LIVE_PATH = "/api/v2/json/livescore/4328";
    /** The live score feed's one call a poll (feeds.live-score.sport): the same moving match, among the sport's live rows. */
    private static final String SPORT_PATH = "/api/v2/json/livescore/soccer";
    private static final java.util.concurrent.atomic.AtomicBoolean STUBBED = new java.util.concurrent.atomic.AtomicBoolean();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UK_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Europe/London"));

    private FreshnessBench() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(arg(args, "--corpus", "src/test/resources/replay"));
        int port = Integer.parseInt(arg(args, "--port", "18089"));
        String jdbcUrl = arg(args, "--jdbc-url", null);
        String bootstrap = arg(args, "--bootstrap", null);
        double minutes = Double.parseDouble(arg(args, "--minutes", "5"));
        int minuteSeconds = Integer.parseInt(arg(args, "--match-minute-seconds", "5"));
        Duration startWait = Duration.ofSeconds(Long.parseLong(arg(args, "--start-seconds", "900")));
        if (jdbcUrl == null) {
            System.err.println("usage: FreshnessBench --jdbc-url URL [--corpus DIR] [--port N] [--minutes M] [--match-minute-seconds S]");
            System.exit(2);
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(Files.readString(corpus.resolve("api/v2/json/livescore/4328.json")));
        ObjectNode match = (ObjectNode) answer.withArray("livescore").get(0);
        String idLiveScore = match.get("idLiveScore").asText();
        String idEvent = match.get("idEvent").asText();
        try (ReplayServer replay = new ReplayServer(corpus, port)) {
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long kickOff = System.currentTimeMillis();
            clock.scheduleAtFixedRate(() -> moveOn(replay, answer, match, kickOff, minuteSeconds), 0, 1, TimeUnit.SECONDS);
            System.out.println("replay server ready on " + replay.baseUrl() + " (" + replay.files() + " recorded answers from " + corpus
                    + "; live match " + idLiveScore + " / event " + idEvent + " moves on a minute every " + minuteSeconds + " s)");
            System.out.flush();
            boolean measured = measure(jdbcUrl, bootstrap, idLiveScore, idEvent, kickOff, minutes, startWait);
            clock.shutdownNow();
            System.exit(measured ? 0 : 1);
        }
    }

    /** The match at this moment: the minute, the score, the status and the time of the update. */
    private static void moveOn(ReplayServer replay, ObjectNode answer, ObjectNode match, long kickOff, int minuteSeconds) {
        long now = System.currentTimeMillis();
        int minute = 1 + (int) ((now - kickOff) / 1000 / minuteSeconds) % 90;
        match.put("strProgress", Integer.toString(minute));
        match.put("strStatus", minute <= 45 ? "1H" : "2H");
        match.put("intHomeScore", Integer.toString(minute / 17));
        match.put("intAwayScore", Integer.toString(minute / 29));
        match.put("updated", UK_LOCAL.format(java.time.Instant.ofEpochMilli(now)));
        boolean first = STUBBED.compareAndSet(false, true);
        for (String path : List.of(LIVE_PATH, SPORT_PATH)) {
            UUID id = UUID.nameUUIDFromBytes(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            var stub = get(urlPathEqualTo(path)).withId(id).atPriority(5).withHeader("X-API-KEY", matching(".+"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer.toString()));
            // the same stub edited in place: a second stubFor would add one more, and the first of equal priority would still answer
            if (first) {
                replay.wireMock().stubFor(stub);
            } else {
                replay.wireMock().editStub(stub);
            }
        }
    }

    private static boolean measure(String jdbcUrl, String bootstrap, String idLiveScore, String idEvent, long kickOff, double minutes,
            Duration startWait) throws Exception {
        long firstIngested;
        long deadline = System.currentTimeMillis() + startWait.toMillis();
        List<Long> dwDelays = new ArrayList<>();
        String lastError = null;
        // the warehouse's account, as the application has it (the embedded front refuses any other)
        try (Connection c = DriverManager.getConnection(jdbcUrl, System.getenv().getOrDefault("WAREHOUSE_JDBC_USER", "default"),
                System.getenv().getOrDefault("WAREHOUSE_JDBC_PASSWORD", "")); Statement s = c.createStatement()) {
            while (true) {
                long first = 0;
                try {
                    first = longOf(s, "SELECT toUnixTimestamp64Milli(min(ingested_at)) FROM default.raw_live_score WHERE idLiveScore = '"
                            + idLiveScore + "' AND ingested_at >= fromUnixTimestamp64Milli(" + kickOff + ")");
                } catch (SQLException e) {
                    // the application has not migrated the warehouse yet (no raw_live_score): wait on
                    lastError = e.getMessage();
                }
                if (first > 0) {
                    firstIngested = first;
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    System.out.println("freshness: the live match never reached raw_live_score in " + startWait.toSeconds() + " s"
                            + (lastError == null ? "" : " (last error: " + lastError + ")"));
                    return false;
                }
                Thread.sleep(1000);
            }
            System.out.printf("freshness: the live match is in the warehouse; measuring for %.1f min%n", minutes);
            long from = System.currentTimeMillis();
            long end = from + (long) (minutes * 60_000);
            long newestSeen = longOf(s, dwNewest(idEvent));
            while (System.currentTimeMillis() < end) {
                long newest = longOf(s, dwNewest(idEvent));
                long seenAt = System.currentTimeMillis();
                if (newest > newestSeen) {
                    newestSeen = newest;
                    if (newest >= from) {
                        dwDelays.add(seenAt - newest);
                    }
                }
                Thread.sleep(DW_POLL_MILLIS);
            }
            List<Long> rawDelays = new ArrayList<>();
            Map<Long, Long> loadedAtByIngestedAt = new HashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT toUnixTimestamp64Milli(ingested_at), toUnixTimestamp64Milli(loaded_at) FROM "
                    + "default.raw_live_score WHERE idLiveScore = '" + idLiveScore + "' AND ingested_at >= fromUnixTimestamp64Milli(" + from
                    + ") AND ingested_at < fromUnixTimestamp64Milli(" + end + ")")) {
                while (rs.next()) {
                    rawDelays.add(rs.getLong(2) - rs.getLong(1));
                    loadedAtByIngestedAt.put(rs.getLong(1), rs.getLong(2));
                }
            }

            System.out.println("freshness of the live score (ingested_at = the poll; first row at " + java.time.Instant.ofEpochMilli(firstIngested) + "):");
            System.out.println("  ingested_at -> raw_live_score " + figures(rawDelays));
            if (bootstrap != null) {
                stages(bootstrap, idLiveScore, loadedAtByIngestedAt);
            }
            System.out.println("  ingested_at -> dw.fact_event   " + figures(dwDelays) + " (seen by reads every " + DW_POLL_MILLIS + " ms)");
            return !rawDelays.isEmpty() && !dwDelays.isEmpty();
        }
    }

    /**
     * The two halves of the raw delay, by the validated record's Kafka timestamp (when the validator wrote it):
     * ingested_at → validated.soccer.live_score (poll, publish, validator) and validated → raw_live_score (the warehouse).
     */
    private static void stages(String bootstrap, String idLiveScore, Map<Long, Long> loadedAtByIngestedAt) {
        List<Long> validator = new ArrayList<>();
        List<Long> warehouse = new ArrayList<>();
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName(), "isolation.level", "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = consumer.partitionsFor("validated.soccer.live_score").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 60_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode value = JSON.readTree(r.value());
                    if (!idLiveScore.equals(value.path("idLiveScore").asText())) {
                        continue;
                    }
                    long ingested = value.path("ingested_at").decimalValue().movePointRight(3).longValue();
                    Long loaded = loadedAtByIngestedAt.get(ingested);
                    if (loaded != null) {
                        validator.add(r.timestamp() - ingested);
                        warehouse.add(loaded - r.timestamp());
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("  (the stages could not be read from validated.soccer.live_score: " + e.getMessage() + ")");
            return;
        }
        System.out.println("    of which ingested_at -> validated.soccer.live_score (poll, publish, validator) " + figures(validator));
        System.out.println("    and validated.soccer.live_score -> raw_live_score (the warehouse ingestion)    " + figures(warehouse));
    }

    private static String dwNewest(String idEvent) {
        return "SELECT toUnixTimestamp64Milli(max(updated_at)) FROM dw.fact_event WHERE idEvent = " + idEvent + " AND source = 'live_score'";
    }

    private static long longOf(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** "n records: p50 x s, p95 y s, max z s". */
    static String figures(List<Long> millis) {
        if (millis.isEmpty()) {
            return "0 records";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format(Locale.ROOT, "%d records: p50 %.2f s, p95 %.2f s, max %.2f s", sorted.size(), quantile(sorted, 0.5) / 1000.0,
                quantile(sorted, 0.95) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    /** The nearest-rank quantile of sorted values. */
    private static long quantile(List<Long> sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
