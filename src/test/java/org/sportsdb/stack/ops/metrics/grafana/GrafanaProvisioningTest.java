package org.sportsdb.stack.ops.metrics.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * infra/grafana loads as Grafana's provisioning expects: every dashboard file is its own source (editable in Grafana,
 * exported back; nothing generates it), unique uids, panels that do not overlap, variables that exist, data sources
 * that are provisioned. The queries themselves are proven by DashboardQueriesTest (Prometheus), ClickHouseDashboardsTest
 * (ClickHouse) and parquet-sink's TriageDashboardTest (DuckDB).
 */
class GrafanaProvisioningTest {

    private static final Set<String> PANEL_TYPES = Set.of("row", "timeseries", "stat", "table", "gauge", "barchart", "text");

    @Test
    void everyDashboardIsItsOwnSourceEditableInGrafana() throws Exception {
        for (Map.Entry<Path, JsonNode> e : GrafanaFiles.dashboards().entrySet()) {
            JsonNode d = e.getValue();
            assertTrue(d.path("editable").asBoolean(), e.getKey() + ": editable, so a person can change it in Grafana and export it back");
            assertFalse(d.path("description").asText().toLowerCase(Locale.ROOT).contains("generated"),
                    e.getKey() + ": the file is the source, nothing generates it");
            assertTrue(d.path("uid").asText().startsWith("sportsdb-"), e.getKey() + ": uid sportsdb-*");
        }
    }

    @Test
    void panelsDoNotOverlapAndEveryVariableAQueryUsesIsDefined() throws Exception {
        for (Map.Entry<Path, JsonNode> e : GrafanaFiles.dashboards().entrySet()) {
            JsonNode d = e.getValue();
            Set<String> defined = new HashSet<>();
            d.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            List<int[]> cells = new ArrayList<>();
            for (JsonNode panel : d.path("panels")) {
                String where = e.getKey() + " panel '" + panel.path("title").asText() + "'";
                JsonNode g = panel.path("gridPos");
                int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
                for (int[] other : cells) {
                    boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                            || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                    assertTrue(apart, where + " overlaps another panel at " + List.of(other[0], other[1]));
                }
                cells.add(box);
                List<String> texts = new ArrayList<>(List.of(panel.path("title").asText()));
                panel.path("targets").forEach(t -> texts.add(t.has("expr") ? t.path("expr").asText() : t.path("rawSql").asText()));
                for (String text : texts) {
                    Matcher m = GrafanaFiles.VARIABLE.matcher(text);
                    while (m.find()) {
                        String name = m.group(1) != null ? m.group(1) : m.group(2);
                        assertTrue(name.startsWith("__") || defined.contains(name), where + " uses $" + name + ", not a variable of the dashboard");
                    }
                }
                for (JsonNode target : panel.path("targets")) {
                    String ds = target.path("datasource").path("uid").asText(panel.path("datasource").path("uid").asText());
                    String query = ds.equals(Datasource.PROMETHEUS.uid()) ? "expr" : "rawSql";
                    assertFalse(target.path(query).asText().isBlank(), where + ": a " + ds + " target holds its query in " + query);
                }
            }
        }
    }

    @Test
    void everyDashboardHasAUniqueUidAndSaneModel() throws Exception {
        Map<Path, JsonNode> dashboards = GrafanaFiles.dashboards();
        assertTrue(dashboards.size() >= 5, "pipeline, validation, warehouse, triage and football: " + dashboards.keySet());
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
