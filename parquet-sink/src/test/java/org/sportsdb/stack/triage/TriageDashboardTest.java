package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriageDashboardTest {

    @Test
    void committedDashboardRunsExactlyTheReportSql() throws Exception {
        Path committed = TriageDashboard.DEFAULT_FILE;
        assertEquals(TriageDashboard.render(), Files.readString(committed),
                "infra/grafana/dashboards/triage.json is stale: regenerate with TriageDashboard");
        JsonNode dashboard = new ObjectMapper().readTree(committed.toFile());
        List<String> panelSql = new ArrayList<>();
        dashboard.get("panels").forEach(p -> panelSql.add(p.get("targets").get(0).get("rawSql").asText()));
        assertEquals(ReportQueries.tables().stream().map(ReportQuery::sql).toList(), panelSql);
        dashboard.get("panels").forEach(p -> assertEquals("duckdb-triage", p.get("datasource").get("uid").asText()));
        assertTrue(panelSql.stream().allMatch(sql -> sql.contains("${root}/date=${date}/")));
    }
}
