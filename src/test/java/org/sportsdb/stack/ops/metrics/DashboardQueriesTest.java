package org.sportsdb.stack.ops.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.ops.metrics.grafana.DashboardQueries;
import org.sportsdb.stack.ops.metrics.grafana.DashboardQueries.PromQuery;
import org.sportsdb.stack.dev.Management;

/**
 * Every PromQL expression of every dashboard in infra/grafana/dashboards returns data from a real
 * Prometheus scraping the real application after every feed ran once (with one league's live score
 * answering HTML and one answering 503, so rejections and give-ups exist) and triage ran once.
 * Expressions over metrics of components this test does not start (the Spark validator, warehouse
 * ingestion into ClickHouse) must be valid PromQL and are reported as not proven here.
 */
class DashboardQueriesTest {

    private static final Map<String, String> VARIABLES = Map.of(
            "$feed", "player", "$topic", "soccer.live_score", "$endpoint", "/livescore/{league}",
            "$__rate_interval", "30s", "$__range", "5m", "$__interval", "1s");

    private static ReplayServer api;
    private static Main app;
    private static PrometheusServer prometheus;
    private static final Management management = new Management();

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        api.wireMock().stubFor(get(urlPathEqualTo("/api/v2/json/livescore/4335"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));
        api.wireMock().stubFor(get(urlPathEqualTo("/api/v2/json/livescore/4404")).willReturn(aResponse().withStatus(503)));
        Map<String, String> settings = management.enableIn(TestStack.feedSettings(api.baseUrl(), "ops"));
        settings.put("triage.root", Path.of("target", "ops-dashboards-triage-" + ProcessHandle.current().pid()).toString());
        app = TestStack.startApp(settings);

        OnDemandRuns feeds = new OnDemandRuns(app.getCamelContext());
        feeds.runOnce(feeds.allFeeds());
        ProducerTemplate template = app.getCamelContext().createProducerTemplate();
        template.requestBody("direct:triage", (Object) null);
        template.close();

        prometheus = new PrometheusServer(Path.of("target", "ops-prometheus-" + ProcessHandle.current().pid()),
                "camel-app", management.baseUrl().replace("http://", ""), "/observe/metrics");
        awaitScrapesAfter(System.currentTimeMillis() / 1000.0 + 1);
    }

    /** Waits (at most 30 s) until Prometheus has scraped the application twice after the given time. */
    private static void awaitScrapesAfter(double epochSeconds) throws Exception {
        String scrapes = "count_over_time(up{job=\"camel-app\"}[1m]) and on() (timestamp(up{job=\"camel-app\"}) > " + epochSeconds + ")";
        Eventually.awaitValue("Prometheus scraped the application (" + scrapes + ")", Duration.ofSeconds(30),
                () -> prometheus.query(scrapes).path("data").path("result"),
                result -> result.size() == 1 && result.get(0).path("value").get(1).asDouble() >= 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        app.stop();
        api.close();
    }

    @Test
    void theApplicationIsUpAsATarget() throws Exception {
        JsonNode up = prometheus.query("up{job=\"camel-app\"}").path("data").path("result");
        assertEquals(1, up.size());
        assertEquals("1", up.get(0).path("value").get(1).asText());
        for (String figure : List.of("scrape_duration_seconds", "scrape_samples_scraped")) {
            System.out.println(figure + " " + prometheus.query(figure + "{job=\"camel-app\"}").path("data").path("result").get(0).path("value").get(1).asText());
        }
    }

    @Test
    void everyPrometheusQueryOfEveryDashboardReturnsData() throws Exception {
        List<PromQuery> queries = DashboardQueries.prometheusQueries();
        assertTrue(queries.size() >= 30, "the dashboards' Prometheus queries: " + queries.size());
        List<String> empty = new ArrayList<>();
        List<String> notProvenHere = new ArrayList<>();
        for (PromQuery q : queries) {
            String expr = q.instantiate(VARIABLES);
            JsonNode answer = prometheus.query(expr);
            assertEquals("success", answer.path("status").asText(), q + " -> " + expr + ": " + answer);
            boolean hasData = answer.path("data").path("result").size() > 0;
            String needs = DashboardQueries.componentNotStartedHere(expr);
            if (needs != null) {
                notProvenHere.add(q.where() + " (needs " + needs + "): " + expr);
            } else if (!hasData) {
                empty.add(q.where() + ": " + expr);
            }
        }
        System.out.println("Not proven here (valid PromQL, data needs a component this test does not start):");
        notProvenHere.forEach(line -> System.out.println("  " + line));
        assertEquals(List.of(), empty, "dashboard queries without data");
        assertTrue(notProvenHere.size() < queries.size() / 2, "most queries are proven: " + notProvenHere.size() + " of " + queries.size());
    }

    @Test
    void everyLabelVariableListsTheValueTheQueriesWereTestedWith() throws Exception {
        for (DashboardQueries.LabelVariable v : DashboardQueries.labelVariables()) {
            JsonNode values = prometheus.labelValues(v.label(), v.metric()).path("data");
            String tested = VARIABLES.get("$" + v.name());
            assertTrue(values.toString().contains("\"" + tested + "\""), v + " lists " + tested + ": " + values);
        }
    }
}
