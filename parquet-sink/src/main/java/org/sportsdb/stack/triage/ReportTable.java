package org.sportsdb.stack.triage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A query's result as text cells, printable as an aligned terminal table. */
public record ReportTable(String name, String title, List<String> columns, List<List<String>> rows) {

    /** First column -> last column as a number (the {@code records} count of every report query). */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.put(row.get(0), Long.parseLong(row.get(row.size() - 1))));
        return counts;
    }

    public String toText() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        appendRow(out, columns, widths);
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.length() == 0 ? "" : "-+-").append("-".repeat(width));
        }
        out.append(rule).append('\n');
        rows.forEach(row -> appendRow(out, row, widths));
        return out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n').toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            boolean numeric = cell.matches("-?\\d+");
            String padded = numeric ? " ".repeat(widths[c] - cell.length()) + cell
                    : cell + " ".repeat(widths[c] - cell.length());
            out.append(c == 0 ? "" : " | ").append(padded);
        }
        out.append('\n');
    }
}
