package org.sportsdb.stack.ops.metrics.grafana;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One target of a panel: PromQL with its legend, or SQL returning a table. */
record Query(Datasource datasource, String text, String legend) {

    static Query prom(String expr, String legend) {
        return new Query(Datasource.PROMETHEUS, expr, legend);
    }

    static Query sql(Datasource datasource, String sql) {
        return new Query(datasource, sql, null);
    }

    ObjectNode json(String refId) {
        ObjectNode target = JsonNodeFactory.instance.objectNode().put("refId", refId);
        target.set("datasource", datasource.json());
        if (datasource.equals(Datasource.PROMETHEUS)) {
            target.put("expr", text).put("legendFormat", legend).put("range", true).put("editorMode", "code");
        } else {
            target.put("rawSql", text).put("format", 1).put("queryType", "table").put("editorType", "sql");
        }
        return target;
    }
}
