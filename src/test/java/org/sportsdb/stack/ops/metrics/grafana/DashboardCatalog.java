package org.sportsdb.stack.ops.metrics.grafana;

import static org.sportsdb.stack.ops.metrics.grafana.Query.prom;

import java.util.List;
import java.util.stream.Collectors;

import org.sportsdb.stack.kafka.TopicCatalog;

/**
 * The Grafana dashboards of infra/grafana/dashboards (besides triage.json, which parquet-sink generates):
 * pipeline overview, validation quality, warehouse freshness. Metric names are those of
 * org.sportsdb.stack.ops.metrics (sportsdb_*), Camel's route policy (camel_*) and the validator's
 * exporter (validator_*, spark-validator/README.md). {@code ./stack dashboards} rewrites the files.
 */
public final class DashboardCatalog {

    static final List<String> FEEDS = List.of("live-score", "live-event-lookup", "broadcast", "league", "schedule",
            "event", "event-details", "team", "venue", "player");
    private static final String RATE = "[$__rate_interval]";
    private static final String RANGE = "[$__range]";

    private DashboardCatalog() {
    }

    static List<Dashboard> all() {
        return List.of(pipeline(), validation(), warehouse());
    }

    static Dashboard pipeline() {
        return new Dashboard("sportsdb-pipeline", "sportsdb: pipeline overview",
                "Feeds, TheSportsDB API health, the request budget, records published per topic, triage runs.")
                .customVariable("feed", "feed", FEEDS)
                .labelVariable("topic", "topic", "sportsdb_published_records_total")
                .labelVariable("endpoint", "endpoint", "sportsdb_api_calls_total")
                .row("Feeds")
                .timeseries("Feed runs", "short",
                        prom("sum by (routeId) (increase(camel_exchanges_total{routeId=~\"$feed\"}" + RANGE + "))", "{{routeId}}"))
                .timeseries("Failed exchanges per route", "short",
                        prom("sum by (routeId) (increase(camel_exchanges_failed_total" + RANGE + "))", "{{routeId}}"))
                .timeseries("Feed decisions (reused answers, skipped ids, filtered rows)", "short",
                        prom("sum by (feed, decision) (increase(sportsdb_feed_decisions_total{feed=~\"$feed\"}" + RANGE + "))", "{{feed}} {{decision}}"))
                .timeseries("Longest feed run (per route, since start)", "s",
                        prom("max by (routeId) (camel_route_policy_seconds_max{eventType=\"route\", routeId=~\"$feed\"})", "{{routeId}}"))
                .stat("Routes running / reloaded from routes/", "short",
                        prom("sum(camel_routes_running_routes)", "running"), prom("sum(camel_routes_reloaded_routes)", "reloaded"))
                .row("TheSportsDB API")
                .timeseries("Requests per second by endpoint and status", "reqps",
                        prom("sum by (endpoint, status) (rate(sportsdb_api_request_seconds_count{endpoint=~\"$endpoint\"}" + RATE + "))", "{{endpoint}} {{status}}"))
                .timeseries("Latency p95 by endpoint", "s",
                        prom("histogram_quantile(0.95, sum by (endpoint, le) (rate(sportsdb_api_request_seconds_bucket{endpoint=~\"$endpoint\"}" + RATE + ")))", "{{endpoint}}"))
                .timeseries("Call outcomes", "short",
                        prom("sum by (outcome) (increase(sportsdb_api_calls_total{endpoint=~\"$endpoint\"}" + RANGE + "))", "{{outcome}}"))
                .timeseries("Envelope rejections and calls given up, by endpoint", "short",
                        prom("sum by (endpoint) (increase(sportsdb_api_calls_total{outcome=\"envelope_rejected\"}" + RANGE + "))", "rejected {{endpoint}}"),
                        prom("sum by (endpoint) (increase(sportsdb_api_calls_total{outcome=\"gave_up\"}" + RANGE + "))", "gave up {{endpoint}}"))
                .row("Request budget")
                .timeseries("Budget slots in use / limit", "short",
                        prom("sportsdb_api_budget_in_use", "in use"), prom("sportsdb_api_budget_limit", "limit"))
                .timeseries("Time waiting for the budget (seconds per second)", "percentunit",
                        prom("rate(sportsdb_api_budget_wait_seconds_total" + RATE + ")", "waiting"))
                .row("Throughput")
                .timeseries("Records published per second by topic", "rps",
                        prom("sum by (topic) (rate(sportsdb_published_records_total{topic=~\"$topic\"}" + RATE + "))", "{{topic}}"))
                .timeseries("Records published in the range by topic", "short",
                        prom("sum by (topic) (increase(sportsdb_published_records_total{topic=~\"$topic\"}" + RANGE + "))", "{{topic}}"))
                .row("Triage (rejected records to Parquet; details: dashboard \"Rejected records triage\")")
                .timeseries("Triage runs", "short",
                        prom("sum by (outcome) (increase(sportsdb_triage_runs_total" + RANGE + "))", "{{outcome}}"))
                .timeseries("Records triaged by topic", "short",
                        prom("sum by (topic) (increase(sportsdb_triage_records_total" + RANGE + "))", "{{topic}}"))
                .stat("Since the last successful triage run", "s",
                        prom("time() - sportsdb_triage_last_success_timestamp_seconds", "age"))
                .stat("Last triage run took", "s", prom("sportsdb_triage_last_run_duration_seconds", "duration"))
                .row("Every record accounted for (./stack reconcile, run every reconcile.interval-seconds)")
                .stat("Unaccounted records (must be 0; -1 = not run yet)", "short",
                        prom("sportsdb_reconcile_unaccounted_records", "unaccounted"))
                .timeseries("Records not yet processed, per stage", "short",
                        prom("sportsdb_reconcile_lag_records", "{{stage}}"))
                .stat("Since the last reconciliation", "s",
                        prom("time() - sportsdb_reconcile_last_run_timestamp_seconds", "age"));
    }

    static Dashboard validation() {
        String feedOf = "\"feed\", \"$1\", \"topic\", \"(?:validated|rejected)\\\\.soccer\\\\.(.*)\"";
        return new Dashboard("sportsdb-validation", "sportsdb: validation quality",
                "The Spark validator: records accepted and rejected per topic and reason, de-duplication drops, batch duration.")
                .row("Accepted and rejected")
                .timeseries("Validated records per second by topic", "rps",
                        prom("sum by (topic) (rate(validator_routed_records_total{topic=~\"validated\\\\..*\"}" + RATE + "))", "{{topic}}"))
                .timeseries("Rejected records per second by topic", "rps",
                        prom("sum by (topic) (rate(validator_routed_records_total{topic=~\"rejected\\\\..*\"}" + RATE + "))", "{{topic}}"))
                .timeseries("Rejected share per feed", "percentunit",
                        prom("sum by (feed) (label_replace(increase(validator_routed_records_total{topic=~\"rejected\\\\..*\"}" + RANGE + "), " + feedOf + "))"
                                + " / sum by (feed) (label_replace(increase(validator_routed_records_total" + RANGE + "), " + feedOf + "))", "{{feed}}"))
                .timeseries("Rejections by reason (a record can have several; per topic and reason: triage dashboard)", "short",
                        prom("sum by (reason) (increase(validator_rejection_reasons_total" + RANGE + "))", "{{reason}}"))
                .row("De-duplication and batches")
                .timeseries("Dropped by de-duplication (unchanged re-polls) and as late", "short",
                        prom("increase(validator_dropped_duplicates_total" + RANGE + ")", "duplicates"),
                        prom("increase(validator_dropped_late_total" + RANGE + ")", "late"))
                .timeseries("Batch duration", "s",
                        prom("validator_last_batch_duration_seconds", "last batch"),
                        prom("rate(validator_batch_duration_seconds_total" + RATE + ") / rate(validator_batches_total" + RATE + ")", "mean"))
                .timeseries("Records in and out per second", "rps",
                        prom("rate(validator_input_records_total" + RATE + ")", "in"),
                        prom("rate(validator_output_records_total" + RATE + ")", "out"))
                .stat("De-duplication state entries", "short", prom("validator_state_rows", "state rows"));
    }

    /**
     * The delay of the live score from its poll ({@code ingested_at}) to its row in the warehouse ({@code loaded_at},
     * set by the server at the INSERT): the dw rows come from the same INSERT (materialized views), so raw and dw share it.
     * What {@code ./stack bench freshness} measures in the demo.
     */
    static final String LIVE_SCORE_DELAY = "SELECT count() AS records,\n"
            + "  round(quantile(0.5)(dateDiff('millisecond', ingested_at, loaded_at)) / 1000, 2) AS p50_s,\n"
            + "  round(quantile(0.95)(dateDiff('millisecond', ingested_at, loaded_at)) / 1000, 2) AS p95_s,\n"
            + "  round(max(dateDiff('millisecond', ingested_at, loaded_at)) / 1000, 2) AS max_s\n"
            + "FROM default.raw_live_score WHERE loaded_at > now64(3) - INTERVAL 1 HOUR";

    static Dashboard warehouse() {
        String freshness = TopicCatalog.FEED_NAMES.stream()
                .map(name -> "raw_" + name.replace('.', '_'))
                .map(table -> "SELECT '" + table + "' AS table, max(loaded_at) AS last_loaded, "
                        + "dateDiff('second', max(ingested_at), now64(3)) AS newest_record_age_s, count() AS rows FROM default." + table)
                .collect(Collectors.joining("\nUNION ALL\n")) + "\nORDER BY newest_record_age_s DESC";
        return new Dashboard("sportsdb-warehouse", "sportsdb: warehouse freshness",
                "ClickHouse ingestion: lag behind the validated topics, rows per raw table, migrations, newest rows per table.")
                .row("Ingestion")
                .timeseries("Ingestion lag (records on validated.* not yet committed)", "short",
                        prom("sportsdb_warehouse_ingestion_lag_records", "lag"))
                .timeseries("Rows inserted per second by raw table", "rps",
                        prom("sum by (table) (rate(sportsdb_warehouse_rows_inserted_total" + RATE + "))", "{{table}}"))
                .timeseries("Refused rows, failed batches, commits", "short",
                        prom("increase(sportsdb_warehouse_rows_refused_total" + RANGE + ")", "rows refused"),
                        prom("increase(sportsdb_warehouse_batch_failures_total" + RANGE + ")", "batches failed"),
                        prom("increase(sportsdb_warehouse_records_committed_total" + RANGE + ")", "records committed"))
                .row("Migrations")
                .stat("Migrations applied / pending", "short",
                        prom("sportsdb_warehouse_migrations_applied", "applied"),
                        prom("sportsdb_warehouse_migrations_pending", "pending"))
                .stat("Migration failures and start-up retries", "short",
                        prom("sportsdb_warehouse_migration_failures_total", "failures"),
                        prom("sportsdb_warehouse_start_retries_total", "start retries"))
                .row("Newest rows (ClickHouse)")
                .table("Freshness per raw table", Query.sql(Datasource.CLICKHOUSE, freshness))
                .table("Live score delay, ingested_at to raw_live_score and dw (seconds, last hour)",
                        Query.sql(Datasource.CLICKHOUSE, LIVE_SCORE_DELAY))
                .table("Migration ledger", Query.sql(Datasource.CLICKHOUSE,
                        "SELECT version, name, applied_at, duration_ms FROM default.warehouse_migrations FINAL ORDER BY version DESC"));
    }
}
