package org.sportsdb.stack.triage;

import java.time.LocalDate;

/** One named query of {@code triage-report.sql}, with {@code ${root}} and {@code ${date}} placeholders. */
public record ReportQuery(String name, String title, String sql) {

    /** The SQL for a root and a day; rejects a root that would break out of the SQL string literal. */
    public String bind(java.nio.file.Path root, LocalDate date) {
        String dir = root.toAbsolutePath().normalize().toString();
        if (dir.contains("'")) {
            throw new IllegalArgumentException("Parquet root must not contain a quote: " + dir);
        }
        return sql.replace("${root}", dir).replace("${date}", date.toString());
    }
}
