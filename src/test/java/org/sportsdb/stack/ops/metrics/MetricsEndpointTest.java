package org.sportsdb.stack.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.api.ApiRequestBudget;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.publish.PublishedRecords;
import org.sportsdb.stack.triage.TriageResult;
import org.sportsdb.stack.warehouse.WarehouseStats;
import org.sportsdb.stack.dev.Management;
import org.sportsdb.stack.dev.MetricsText;

/** The real application's /observe/metrics and /observe/health after real feed and triage runs. */
class MetricsEndpointTest {

    private static final String LIVESCORE = "/livescore/{league}";

    private static ReplayServer api;
    private static Main app;
    private static final Management management = new Management();

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = management.enableIn(TestStack.settings(api.baseUrl()));
        settings.put("triage.root", Path.of("target", "ops-metrics-triage-" + ProcessHandle.current().pid()).toString());
        app = TestStack.startApp(settings);
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    private static <T> T bean(String name, Class<T> type) {
        return app.getCamelContext().getRegistry().lookupByNameAndType(name, type);
    }

    @Test
    void apiCallsLatencyPublishedRecordsAndRoutesAreTheApplicationsOwnCounts() throws Exception {
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));
        ApiCallStats calls = bean("apiCallStats", ApiCallStats.class);
        PublishedRecords published = bean("publishedRecords", PublishedRecords.class);
        long ok = calls.get(LIVESCORE, "http_200");
        long noData = calls.get(LIVESCORE, "no_data");
        long liveRecords = published.get("soccer.live_score");
        assertTrue(ok >= 17 && noData > 0 && liveRecords > 0, "the live score feed ran against the corpus");

        MetricsText scrape = management.scrapeUntil("the live score's no_data calls and published records",
                s -> s.value("sportsdb_api_calls_total", "endpoint", LIVESCORE, "outcome", "no_data").isPresent()
                        && s.value("sportsdb_published_records_total", "topic", "soccer.live_score").isPresent());
        assertEquals(ok, scrape.require("sportsdb_api_calls_total", "endpoint", LIVESCORE, "outcome", "http_200"));
        assertEquals(noData, scrape.require("sportsdb_api_calls_total", "endpoint", LIVESCORE, "outcome", "no_data"));
        assertEquals(liveRecords, scrape.require("sportsdb_published_records_total", "topic", "soccer.live_score"));
        assertEquals(ok, scrape.require("sportsdb_api_request_seconds_count", "endpoint", LIVESCORE, "status", "200"),
                "one latency observation per HTTP answer");
        assertEquals(ok, scrape.require("sportsdb_api_request_seconds_bucket", "endpoint", LIVESCORE, "status", "200", "le", "+Inf"));
        assertTrue(scrape.require("sportsdb_api_request_seconds_sum", "endpoint", LIVESCORE, "status", "200") > 0);
        scrape.require("sportsdb_api_request_seconds_bucket", "endpoint", LIVESCORE, "status", "200", "le", "0.25");

        ApiRequestBudget budget = bean("apiRequestBudget", ApiRequestBudget.class);
        assertEquals(budget.requestsPerWindow(), scrape.require("sportsdb_api_budget_limit"));
        assertEquals(budget.granted(), scrape.require("sportsdb_api_budget_granted_total"));
        assertEquals(budget.totalWaitMillis() / 1000.0, scrape.require("sportsdb_api_budget_wait_seconds_total"), 0.001);
        assertTrue(scrape.require("sportsdb_api_budget_in_use") >= ok, "the calls of the run are in the current window");

        assertTrue(scrape.require("camel_exchanges_total", "routeId", "live-score") >= 1, "Camel's per-route meters");
        assertTrue(scrape.require("camel_exchanges_total", "routeId", "sportsdb-api-attempts") >= ok);
        assertEquals(0, scrape.require("camel_exchanges_failed_total", "routeId", "live-score"));

        WarehouseStats warehouse = bean("warehouseStats", WarehouseStats.class);
        assertEquals(warehouse.getIngestionLag(), scrape.require("sportsdb_warehouse_ingestion_lag_records"));
        assertEquals(warehouse.getMigrationsPending(), scrape.require("sportsdb_warehouse_migrations_pending"));
        assertEquals(warehouse.getRowsRefused(), scrape.require("sportsdb_warehouse_rows_refused_total"));
        assertEquals(warehouse.getIngestionDegraded(), scrape.require("sportsdb_warehouse_ingestion_degraded"));

        org.sportsdb.stack.reconcile.ReconcileStats reconcile = bean("reconcileStats", org.sportsdb.stack.reconcile.ReconcileStats.class);
        assertEquals(reconcile.getUnaccounted(), scrape.require("sportsdb_reconcile_unaccounted_records"));
        assertEquals(reconcile.getValidatorLag(), scrape.require("sportsdb_reconcile_lag_records", "stage", "validator"));
    }

    @Test
    void everyTriageRunIsCountedWithWhatItWrotePerTopic() throws Exception {
        MetricsText before = management.scrapeUntil("the triage runs", s -> s.value("sportsdb_triage_runs_total", "outcome", "ok").isPresent());
        double runsBefore = before.require("sportsdb_triage_runs_total", "outcome", "ok");
        assertEquals(0, before.require("sportsdb_triage_runs_total", "outcome", "failed"), "the failed counter exists before any failure");

        ProducerTemplate template = app.getCamelContext().createProducerTemplate();
        TriageResult result = template.requestBody("direct:triage", null, TriageResult.class);
        template.close();

        MetricsText after = new MetricsText(management.get("/observe/metrics").body());
        assertEquals(runsBefore + 1, after.require("sportsdb_triage_runs_total", "outcome", "ok"));
        assertTrue(result.topics().containsKey("rejected.soccer.live_score"), "the run drained the rejected topics: " + result.topics().keySet());
        result.topics().forEach((topic, counts) -> {
            assertEquals((double) counts.records(), after.require("sportsdb_triage_records_total", "topic", topic), topic);
            assertEquals((double) counts.files().size(), after.require("sportsdb_triage_files_total", "topic", topic), topic);
        });
        assertTrue(after.require("sportsdb_triage_last_success_timestamp_seconds") >= result.triagedAt().getEpochSecond() - 1);
    }

    @Test
    void readyWhenKafkaAnswersAndTheRoutesRunLiveWhileTheContextIsUp() throws Exception {
        HttpResponse<String> ready = management.get("/observe/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
        assertTrue(ready.body().contains("\"name\":\"kafka\""), "the Kafka check is part of readiness: " + ready.body());
        assertTrue(ready.body().contains("\"name\":\"route:live-score\""), "route checks are part of readiness: " + ready.body());

        HttpResponse<String> live = management.get("/observe/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(!live.body().contains("\"name\":\"kafka\""), "a broker outage is not a liveness failure: " + live.body());
    }

    @Test
    void notReadyButAliveWhileKafkaIsUnreachable() throws Exception {
        Management noKafka = new Management();
        Map<String, String> settings = noKafka.enableIn(TestStack.settings(api.baseUrl()));
        settings.put("kafka.bootstrap", "127.0.0.1:" + KafkaBroker.freePort());
        settings.put("topics.provision-on-start", "false");
        settings.put("ops.health.kafka-timeout-ms", "500");
        Main down = TestStack.startApp(settings);
        try {
            HttpResponse<String> ready = noKafka.get("/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().matches("(?s).*\\{[^{}]*\"name\":\"kafka\"[^{}]*\"status\":\"DOWN\".*"), "the Kafka check is DOWN: " + ready.body());
            assertEquals(200, noKafka.get("/observe/health/live").statusCode(), "still alive");
        } finally {
            down.stop();
        }
    }

    @Test
    void theScrapeIsPrometheusTextWithHelpAndType() throws Exception {
        HttpResponse<String> metrics = management.get("/observe/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), metrics.headers().toString());
        assertTrue(metrics.body().contains("# TYPE sportsdb_api_budget_wait_seconds_total counter"), "budget wait is a counter");
        assertTrue(metrics.body().contains("# TYPE sportsdb_warehouse_ingestion_lag_records gauge"), "lag is a gauge");
        java.nio.file.Files.writeString(Path.of("target", "ops-metrics-scrape.txt"), metrics.body());
    }
}
