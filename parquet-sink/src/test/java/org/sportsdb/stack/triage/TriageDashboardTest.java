package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sportsdb.stack.dev.KafkaBroker;

/**
 * infra/grafana/dashboards/triage.json is the source (edited in Grafana, exported back): its SQL runs on DuckDB over
 * the Parquet files of a real triage run, as the DuckDB plugin runs it ({@code ${root}} the Parquet root,
 * {@code ${date}} the day), and a panel titled like a table of the report ({@code ./stack triage-report}) shows the
 * report's rows.
 */
class TriageDashboardTest {

    static final Path DASHBOARD = Path.of("../infra/grafana/dashboards/triage.json");
    private static final String DATASOURCE_UID = "duckdb-triage";

    @TempDir
    Path root;

    @Test
    void everyPanelAndTheDayVariableRunOnTheTriagedParquetFiles() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, "dashboard.")) {
            broker.createTopic(factory.topic("live_score"), 1);
            broker.createTopic(factory.topic("player"), 1);
            factory.liveScores(5, RejectedRecordFactory.EVENING);
            factory.players(2, RejectedRecordFactory.EVENING);
        }
        new TriageRun(Map.of("bootstrap.servers", broker.bootstrap(), "group.id", "dashboard-triage"),
                TestSettings.of(root, "dashboard.", 500_000), Clock.fixed(Instant.parse("2026-10-06T04:00:00Z"), ZoneOffset.UTC)).run();
        LocalDate day = LocalDate.parse("2026-10-05");
        TriageReport report = new TriageReport(root, root.resolve("duckdb-tmp"));
        List<ReportTable> reportTables = report.tables(day);
        assertFalse(reportTables.isEmpty(), "the run wrote files for " + day);

        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        JsonNode date = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("date")) {
                date = v;
            }
        }
        assertTrue(date != null, "a day variable");
        assertEquals(DATASOURCE_UID, date.path("datasource").path("uid").asText());
        ReportTable days = report.query(new ReportQuery("date", "day variable", date.path("query").asText()), LocalDate.EPOCH);
        assertEquals(List.of(List.of(day.toString())), days.rows(), "the variable lists the triaged day");

        List<String> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            String title = panel.path("title").asText();
            assertEquals(DATASOURCE_UID, panel.path("datasource").path("uid").asText(), title);
            for (JsonNode target : panel.path("targets")) {
                String sql = target.path("rawSql").asText();
                assertTrue(sql.contains("${root}"), title + ": reads the Parquet root the dashboard's constant names");
                ReportTable rows = report.query(new ReportQuery(title, title, sql), day);
                assertFalse(rows.rows().isEmpty(), title + " has rows for " + day);
                for (ReportTable table : reportTables) {
                    if (title.replace(" on ${date}", "").equals(table.title())) {
                        assertEquals(table.rows(), rows.rows(), title + " shows what the report prints");
                        panels.add(table.name());
                    }
                }
            }
        }
        assertEquals(reportTables.stream().map(ReportTable::name).toList(), panels, "a panel for every table of the report");
    }
}
