package org.sportsdb.stack.ops.metrics.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** infra/grafana loads as Grafana's provisioning expects: current files, unique uids, data sources that exist. */
class GrafanaProvisioningTest {

    private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "table", "gauge", "barchart", "text");

    @Test
    void theGeneratedDashboardsAreCurrent() throws Exception {
        for (Dashboard dashboard : DashboardCatalog.all()) {
            Path file = WriteDashboards.fileOf(dashboard);
            assertEquals(WriteDashboards.text(dashboard), Files.readString(file),
                    file + " is stale: run ./stack dashboards (WriteDashboards) after editing DashboardCatalog");
        }
    }

    @Test
    void everyDashboardHasAUniqueUidAndSaneModel() throws Exception {
        Map<Path, JsonNode> dashboards = GrafanaFiles.dashboards();
        assertTrue(dashboards.size() >= 4, "pipeline, validation, warehouse and triage: " + dashboards.keySet());
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (Map.Entry<Path, JsonNode> e : dashboards.entrySet()) {
            JsonNode d = e.getValue();
            String uid = d.path("uid").asText();
            assertTrue(uid.matches("[a-zA-Z0-9_-]{1,40}"), e.getKey() + ": uid '" + uid + "' (Grafana: at most 40 of [a-zA-Z0-9_-])");
            assertTrue(uids.add(uid), "uid " + uid + " is used twice");
            assertTrue(titles.add(d.path("title").asText()), "title used twice within the folder: " + d.path("title"));
            assertFalse(d.has("id") && !d.get("id").isNull(), e.getKey() + ": a provisioned dashboard has no numeric id");
            assertTrue(d.path("schemaVersion").asInt() >= 36, e.getKey() + ": schemaVersion");
            Set<Integer> panelIds = new HashSet<>();
            for (JsonNode panel : d.path("panels")) {
                String where = e.getKey() + " panel '" + panel.path("title").asText() + "'";
                assertTrue(panelIds.add(panel.path("id").asInt()), where + ": panel id used twice");
                assertTrue(PANEL_TYPES.contains(panel.path("type").asText()), where + ": type " + panel.path("type"));
                for (String field : List.of("x", "y", "w", "h")) {
                    assertTrue(panel.path("gridPos").path(field).isInt(), where + ": gridPos." + field);
                }
                assertTrue(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt() <= 24, where + ": wider than the grid");
                Set<String> refIds = new HashSet<>();
                for (JsonNode target : panel.path("targets")) {
                    assertTrue(refIds.add(target.path("refId").asText()), where + ": refId used twice");
                }
                assertEquals(panel.path("type").asText().equals("row"), panel.path("targets").isEmpty(), where + ": queries iff not a row");
            }
        }
    }

    @Test
    void everyDataSourceADashboardUsesIsProvisionedWithTheSameType() throws Exception {
        Map<String, JsonNode> datasources = GrafanaFiles.datasources();
        assertEquals(Set.of("prometheus", "clickhouse", "duckdb-triage"), datasources.keySet());
        for (Map.Entry<Path, JsonNode> e : GrafanaFiles.dashboards().entrySet()) {
            for (JsonNode ref : e.getValue().findValues("datasource")) {
                String uid = ref.path("uid").asText();
                assertTrue(datasources.containsKey(uid), e.getKey() + " uses data source uid '" + uid + "', not provisioned");
                assertEquals(datasources.get(uid).path("type").asText(), ref.path("type").asText(), e.getKey() + ": type of " + uid);
            }
        }
    }

    @Test
    void theDashboardProviderReadsTheFolderTheComposeStackMounts() throws Exception {
        List<JsonNode> providers = GrafanaFiles.dashboardProviders();
        assertEquals(1, providers.size());
        String path = providers.get(0).path("options").path("path").asText();
        String compose = Files.readString(Path.of("infra", "docker-compose.yaml"));
        assertTrue(compose.contains("./grafana/dashboards:" + path + ":ro"), "compose mounts the dashboards at " + path);
        assertTrue(compose.contains("./grafana/provisioning:/etc/grafana/provisioning"), "compose mounts the provisioning folder");
    }
}
