package org.sportsdb.stack.ops.metrics.grafana;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A data source of infra/grafana/provisioning/datasources, as dashboards refer to it: plugin type and uid. */
record Datasource(String type, String uid) {

    static final Datasource PROMETHEUS = new Datasource("prometheus", "prometheus");
    static final Datasource CLICKHOUSE = new Datasource("grafana-clickhouse-datasource", "clickhouse");

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("uid", uid);
    }
}
