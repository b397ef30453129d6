package org.sportsdb.stack.ops.metrics.grafana;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse panel or variable query as Grafana sends it to the engine: dashboard variables replaced by their
 * values ({@code ${name}} and {@code $name}; a single value is inserted as is, which is what the ClickHouse plugin
 * does), then the plugin's time macros expanded the way grafana-clickhouse-datasource does
 * ({@code $__fromTime} → {@code toDateTime(<epoch s>)}, {@code $__toTime}, {@code $__timeFilter(col)} →
 * {@code col >= toDateTime(from) AND col <= toDateTime(to)}). A variable without a value is an error, except Grafana's
 * global {@code ${__timezone}} (the dashboard's time zone: {@code utc} or an IANA name, the browser's zone for
 * "browser"), which is {@code utc} unless the caller gives one.
 */
final class ClickHouseQuery {

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");

    private ClickHouseQuery() {
    }

    /** The SQL with the time range from..to and the given variable values (name without '$'). */
    static String expand(String sql, Map<String, String> variables, Instant from, Instant to) {
        String out = TIME_FILTER.matcher(sql).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + " >= " + dateTime(from) + " AND " + m.group(1) + " <= " + dateTime(to)));
        out = out.replace("$__fromTime", dateTime(from)).replace("$__toTime", dateTime(to));
        Matcher m = GrafanaFiles.VARIABLE.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = variables.get(name);
            if (value == null && name.equals("__timezone")) {
                value = "utc";
            }
            if (value == null) {
                throw new IllegalArgumentException("variable $" + name + " has no value in: " + sql);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String dateTime(Instant t) {
        return "toDateTime(" + t.getEpochSecond() + ")";
    }
}
