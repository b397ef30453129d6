package org.sportsdb.stack.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.SmtpServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.ops.PipelineFixtures;
import org.sportsdb.stack.dev.Management;

/**
 * infra/prometheus/rules.yml in a real Prometheus (Debian's) scraping the real application, as the dashboards are
 * checked: every rule evaluates without error, every application metric the rules read exists in the scrape, and
 * the alerts whose conditions this test creates fire: a failed triage run, and the validator's query stalled
 * (records wait after a checkpoint whose last batch was committed 30 min ago). The warehouse is unreachable too
 * (its gauge is checked; its alert needs 10 min). Prometheus sends its alerts to a real Alertmanager (Debian's)
 * started by infra/alertmanager/alertmanager-start.sh from the compose template, which mails them to GreenMail.
 */
class AlertRulesLiveTest {

    private static final Path RULES = Path.of("infra/prometheus/rules.yml");
    private static final Pattern APP_METRIC = Pattern.compile("\\b(sportsdb_[a-z_]+)\\b");
    /** Keyed families whose series appear with their first key (no feed runs here): FeedRunSkipped's counter. */
    private static final Set<String> APPEAR_ON_FIRST_USE = Set.of("sportsdb_feed_decisions_total");

    private static ReplayServer api;
    private static Main app;
    private static PrometheusServer prometheus;
    private static GreenMail smtp;
    private static Process alertmanager;
    private static Path work;
    private static final Management management = new Management();

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        work = Files.createDirectories(Path.of("target", "ops-alert-rules-" + ProcessHandle.current().pid()));
        String sourceTopic = "soccer.rulestest." + UUID.randomUUID().toString().substring(0, 8);
        PipelineFixtures.topicWithRecords(sourceTopic, 4);
        Path checkpoint = work.resolve("validator-checkpoint");
        PipelineFixtures.committedBatch(checkpoint, 7, sourceTopic, 1, Instant.now().minus(Duration.ofMinutes(30)));
        Path notAFolder = work.resolve("triage-root-is-a-file");
        Files.writeString(notAFolder, "not a folder");

        Map<String, String> settings = management.enableIn(TestStack.settings(api.baseUrl()));
        settings.put("warehouse.enabled", "true");
        settings.put("warehouse.jdbc.url", "jdbc:clickhouse://127.0.0.1:" + KafkaBroker.freePort() + "/dw");
        settings.put("warehouse.jdbc.user", "default");
        settings.put("alerts.check-interval-ms", "500");
        settings.put("alerts.validator.checkpoint-dir", checkpoint.toString());
        settings.put("alerts.validator.source-pattern", sourceTopic.replace(".", "\\."));
        settings.put("triage.root", notAFolder.toString());
        settings.put("triage.enabled", "false");
        app = TestStack.startApp(settings);  // no SMTP: mails off, the checks and their gauges run anyway

        smtp = SmtpServer.start();
        int alertmanagerPort = startAlertmanager(smtp.getSmtp().getPort());
        prometheus = new PrometheusServer(work.resolve("prometheus"), "camel-app", management.baseUrl().replace("http://", ""),
                "/observe/metrics", RULES, "127.0.0.1:" + alertmanagerPort);
        Eventually.awaitValue("two scrapes of the application (scrapes in the last minute)", Duration.ofSeconds(60),
                () -> value("count_over_time(up{job=\"camel-app\"}[1m])"), scrapes -> scrapes >= 2);
        // the failed-run counter exists at 0 in the scrapes so far; the failed run makes it 1 (increase > 0)
        PipelineFixtures.send("rejected.soccer.league", 1);
        ProducerTemplate template = app.getCamelContext().createProducerTemplate();
        assertThrows(CamelExecutionException.class, () -> template.requestBody("direct:triage", (Object) null));
        template.close();
    }

    /** The compose service's entry point with the environment compose gives it (a relay without TLS: GreenMail). */
    private static int startAlertmanager(int smtpPort) throws Exception {
        int port = KafkaBroker.freePort();
        ProcessBuilder pb = new ProcessBuilder("sh", "infra/alertmanager/alertmanager-start.sh", "infra/alertmanager/alertmanager.yml",
                work.resolve("alertmanager.yml").toString(), "--storage.path=" + work.resolve("alertmanager-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(work.resolve("alertmanager.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", Integer.toString(smtpPort));
        env.put("SMTP_USER", "");
        env.put("SMTP_PASSWORD", "");
        env.put("ALERT_FROM", "alertmanager@sportsdb.test");
        env.put("ALERT_TO", "oncall@ops.test");
        env.put("ALERTMANAGER_SMTP_REQUIRE_TLS", "false");
        env.put("ALERTMANAGER_GROUP_WAIT", "1s");   // compose: 30s; the mail of a firing group after 1 s here
        env.put("ALERTMANAGER_BIN", "prometheus-alertmanager");
        alertmanager = pb.start();
        PrometheusServer.awaitReady("alertmanager", alertmanager, port, work.resolve("alertmanager.log"));
        return port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (app != null) {
            app.stop();
        }
        api.close();
    }

    @Test
    void everyRuleEvaluatesAndEveryMetricItReadsExists() throws Exception {
        List<JsonNode> rules = Eventually.awaitValue("every rule evaluated (the rules)", Duration.ofSeconds(60), AlertRulesLiveTest::rules,
                evaluated -> evaluated.stream().allMatch(r -> !r.path("lastEvaluation").asText().startsWith("0001")));
        for (JsonNode rule : rules) {
            assertEquals("ok", rule.path("health").asText(), rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
        Set<String> metrics = new TreeSet<>();
        Matcher m = APP_METRIC.matcher(Files.readString(RULES));
        while (m.find()) {
            metrics.add(m.group(1));
        }
        assertTrue(metrics.size() >= 6, "the rules read the application's metrics: " + metrics);
        List<String> missing = new ArrayList<>();
        for (String metric : metrics) {
            if (!APPEAR_ON_FIRST_USE.contains(metric) && prometheus.query("count(" + metric + ")").path("data").path("result").isEmpty()) {
                missing.add(metric);
            }
        }
        assertEquals(List.of(), missing, "metrics the rules read but the application does not export");
        assertEquals(0, value("sportsdb_pipeline_warehouse_reachable"), "the warehouse nobody listens on");
        assertEquals(3, value("sportsdb_pipeline_validator_lag_records"), "4 records, the checkpoint read up to offset 1");
    }

    @Test
    void theFailedTriageRunAndTheStalledValidatorFire() throws Exception {
        Set<String> firing = Eventually.awaitValue("TriageRunFailed and ValidatorQueryStalled firing (the alerts firing)", Duration.ofSeconds(60),
                AlertRulesLiveTest::firing, alerts -> alerts.containsAll(Set.of("TriageRunFailed", "ValidatorQueryStalled")));
        assertTrue(!firing.contains("WarehouseUnreachable") && !firing.contains("ValidatorLagHigh") && !firing.contains("FeedRunSkipped"),
                "only the conditions this test created: " + firing);
    }

    @Test
    void theFiringAlertsAreMailedThroughAlertmanager() throws Exception {
        // the route waits group_wait (ALERTMANAGER_GROUP_WAIT, 1 s here) before the first mail of a group
        List<String> subjects = Eventually.awaitValue("the mails of TriageRunFailed and ValidatorQueryStalled (subjects of the mails received)",
                Duration.ofSeconds(120), () -> java.util.Arrays.stream(smtp.getReceivedMessages()).map(AlertRulesLiveTest::subjectOf).toList(),
                mails -> mails.stream().anyMatch(t -> t.contains("TriageRunFailed")) && mails.stream().anyMatch(t -> t.contains("ValidatorQueryStalled")));
        assertTrue(subjects.stream().anyMatch(t -> t.startsWith("[FIRING:1] TriageRunFailed")), "mails: " + subjects);
        assertTrue(subjects.stream().anyMatch(t -> t.startsWith("[FIRING:1] ValidatorQueryStalled")), "mails: " + subjects);
        MimeMessage triage = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> subjectOf(m).contains("TriageRunFailed")).findFirst().orElseThrow();
        assertEquals("oncall@ops.test", triage.getAllRecipients()[0].toString());
        assertEquals("alertmanager@sportsdb.test", triage.getFrom()[0].toString());
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> rules() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode group : prometheus.api("/api/v1/rules").path("data").path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    private static Set<String> firing() throws Exception {
        Set<String> out = new TreeSet<>();
        for (JsonNode alert : prometheus.api("/api/v1/alerts").path("data").path("alerts")) {
            if ("firing".equals(alert.path("state").asText())) {
                out.add(alert.path("labels").path("alertname").asText());
            }
        }
        return out;
    }

    private static double value(String promql) throws Exception {
        JsonNode result = prometheus.query(promql).path("data").path("result");
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }
}
