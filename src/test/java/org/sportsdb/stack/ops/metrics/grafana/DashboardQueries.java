package org.sportsdb.stack.ops.metrics.grafana;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The Prometheus side of the dashboards in infra/grafana/dashboards: panel queries and label variables. */
public final class DashboardQueries {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    /** Metric name prefixes whose data only a component started elsewhere produces. */
    private static final Map<String, String> ELSEWHERE = Map.of(
            "validator_", "the Spark validator's exporter (spark-validator, port 9465)",
            "sportsdb_warehouse_rows_inserted", "warehouse ingestion into ClickHouse (warehouse.enabled=true)");

    private DashboardQueries() {
    }

    /** One PromQL expression of a panel. */
    public record PromQuery(String dashboard, String panel, String expr) {

        public String where() {
            return dashboard + " / " + panel;
        }

        /** The expression with each template variable replaced by its value. */
        public String instantiate(Map<String, String> values) {
            String out = expr;
            for (Map.Entry<String, String> v : values.entrySet()) {
                out = out.replace(v.getKey(), v.getValue());
            }
            if (GrafanaFiles.VARIABLE.matcher(out).find()) {
                throw new IllegalArgumentException("a variable has no test value: " + out);
            }
            return out;
        }
    }

    /** A dashboard variable listing the values of a label on a metric. */
    public record LabelVariable(String dashboard, String name, String label, String metric) {
    }

    public static List<PromQuery> prometheusQueries() throws IOException {
        List<PromQuery> out = new ArrayList<>();
        for (JsonNode dashboard : GrafanaFiles.dashboards().values()) {
            GrafanaFiles.queries(dashboard).stream()
                    .filter(q -> q.datasourceUid().equals(Datasource.PROMETHEUS.uid()))
                    .forEach(q -> out.add(new PromQuery(q.dashboard(), q.panel(), q.text())));
        }
        return out;
    }

    public static List<LabelVariable> labelVariables() throws IOException {
        List<LabelVariable> out = new ArrayList<>();
        for (JsonNode dashboard : GrafanaFiles.dashboards().values()) {
            for (JsonNode v : dashboard.path("templating").path("list")) {
                Matcher m = LABEL_VALUES.matcher(v.path("definition").asText());
                if (v.path("datasource").path("uid").asText().equals(Datasource.PROMETHEUS.uid()) && m.matches()) {
                    out.add(new LabelVariable(dashboard.path("uid").asText(), v.path("name").asText(), m.group(2), m.group(1).trim()));
                }
            }
        }
        return out;
    }

    /** The component that must run for the expression to have data, when this test cannot start it; else null. */
    public static String componentNotStartedHere(String expr) {
        return ELSEWHERE.entrySet().stream().filter(e -> expr.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
