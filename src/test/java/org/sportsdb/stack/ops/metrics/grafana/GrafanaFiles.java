package org.sportsdb.stack.ops.metrics.grafana;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The provisioning files and dashboards of infra/grafana as Grafana reads them, and the queries of their panels. */
final class GrafanaFiles {

    static final Path ROOT = Path.of("infra", "grafana");
    /** A reference to a dashboard variable, {@code ${name}}, {@code ${name:format}} or {@code $name}: group 1 or 2 is the name. */
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$([a-zA-Z_]\\w*)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One query of one panel: dashboard uid, panel title, data source uid, the PromQL or SQL text. */
    record PanelQuery(String dashboard, String panel, String datasourceUid, String text) {
    }

    static Map<Path, JsonNode> dashboards() throws IOException {
        Map<Path, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.put(file, JSON.readTree(file.toFile()));
            }
        }
        return out;
    }

    /** data source uid → its provisioning entry, from every file of provisioning/datasources. */
    static Map<String, JsonNode> datasources() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("provisioning/datasources"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode ds : YAML.readTree(file.toFile()).path("datasources")) {
                    if (out.put(ds.path("uid").asText(), ds) != null) {
                        throw new IllegalStateException("data source uid " + ds.path("uid").asText() + " provisioned twice");
                    }
                }
            }
        }
        return out;
    }

    static List<JsonNode> dashboardProviders() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("provisioning/dashboards"))) {
            for (Path file : files.sorted().toList()) {
                YAML.readTree(file.toFile()).path("providers").forEach(out::add);
            }
        }
        return out;
    }

    static List<PanelQuery> queries(JsonNode dashboard) {
        List<PanelQuery> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                JsonNode ds = target.has("datasource") ? target.get("datasource") : panel.get("datasource");
                String text = target.has("expr") ? target.get("expr").asText() : target.path("rawSql").asText();
                out.add(new PanelQuery(dashboard.path("uid").asText(), panel.path("title").asText(), ds.path("uid").asText(), text));
            }
        }
        return out;
    }
}
