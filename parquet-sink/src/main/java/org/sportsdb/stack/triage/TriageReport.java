package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The analysts' report over the triage Parquet files, run by DuckDB:
 * {@code TriageReport [--date YYYY-MM-DD] [--root DIR]} prints rejected records per topic, reason,
 * sport and match status for one day (default: yesterday in {@code triage.timezone}). Its knobs are the
 * application's ({@code triage.root}, {@code triage.timezone}, {@code triage.report.temp-dir}): read from the
 * application's settings as the application reads them ({@link #applicationKnobs()}).
 */
public final class TriageReport {

    public static final String TEMP_DIR = "triage.report.temp-dir";
    public static final String DEFAULT_TEMP_DIR = ".run/tmp/duckdb";

    private final Path root;
    private final Path tempDir;

    public TriageReport(Path root, Path tempDir) {
        this.root = root;
        this.tempDir = tempDir;
    }

    /** Days that have files, newest first. */
    public List<LocalDate> dates() {
        return query(ReportQueries.dates(), LocalDate.EPOCH).rows().stream()
                .map(row -> LocalDate.parse(row.get(0))).toList();
    }

    /** The report tables for one day; empty when no file exists for that day. */
    public List<ReportTable> tables(LocalDate date) {
        if (!dates().contains(date)) {
            return List.of();
        }
        return ReportQueries.tables().stream().map(q -> query(q, date)).toList();
    }

    /** One query (a report table or a dashboard panel's SQL) for the day, on DuckDB. */
    ReportTable query(ReportQuery query, LocalDate date) {
        DurableFiles.createDirectories(tempDir.toAbsolutePath());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = '" + tempDir.toAbsolutePath().toString().replace("'", "''") + "'");
            try (ResultSet rs = statement.executeQuery(query.bind(root, date))) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(String.valueOf(rs.getObject(c)));
                    }
                    rows.add(row);
                }
                return new ReportTable(query.name(), query.title(), columns, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query '" + query.name() + "' failed over " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The application's settings file as its build writes it (the application reads it from its class path,
     * target/classes): relative to the working directory, the repository's root where {@code ./stack} runs.
     */
    static final Path APPLICATION_PROPERTIES = Path.of("target", "classes", "application.properties");

    /**
     * The knobs as the application reads them: its application.properties ({@link #APPLICATION_PROPERTIES}, else one on
     * the class path), overridden by system properties, overridden by environment variables.
     */
    static Knobs applicationKnobs() {
        Properties properties = new Properties();
        try {
            if (Files.isRegularFile(APPLICATION_PROPERTIES)) {
                try (InputStream in = Files.newInputStream(APPLICATION_PROPERTIES)) {
                    properties.load(in);
                }
            } else {
                try (InputStream in = TriageReport.class.getClassLoader().getResourceAsStream("application.properties")) {
                    if (in != null) {
                        properties.load(in);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the application's settings " + APPLICATION_PROPERTIES.toAbsolutePath(), e);
        }
        properties.putAll(System.getProperties());
        return new Knobs(System.getenv(), properties);
    }

    public static void main(String[] args) {
        Knobs knobs = applicationKnobs();
        TriageSettings settings = TriageSettings.from(knobs);
        Path root = settings.root();
        LocalDate date = LocalDate.now(Clock.system(settings.zone())).minusDays(1);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (arg.equals("--date") && value != null) {
                date = parseDate(value);
                i++;
            } else if (arg.equals("--root") && value != null) {
                root = Path.of(value).toAbsolutePath().normalize();
                i++;
            } else {
                usage(System.err, "unknown or incomplete argument '" + arg + "'");
                System.exit(2);
            }
        }
        TriageReport report = new TriageReport(root, Path.of(knobs.get(TEMP_DIR, DEFAULT_TEMP_DIR)));
        System.exit(report.print(date, System.out));
    }

    /** Prints the report; returns the exit code (0, also when the day has no records). */
    public int print(LocalDate date, PrintStream out) {
        List<ReportTable> tables = tables(date);
        out.println("Rejected records triaged for " + date + " (Kafka timestamp day) under " + root);
        if (tables.isEmpty()) {
            List<LocalDate> days = dates();
            out.println("No triage files for " + date + ". Days with files: "
                    + (days.isEmpty() ? "none" : days.subList(0, Math.min(days.size(), 14))));
            return 0;
        }
        long total = tables.get(0).counts().values().stream().mapToLong(Long::longValue).sum();
        out.println("Total: " + total + " records");
        tables.forEach(table -> out.println("\n" + table.toText()));
        return 0;
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            usage(System.err, "--date must be YYYY-MM-DD, got '" + value + "'");
            System.exit(2);
            return null;
        }
    }

    private static void usage(PrintStream err, String problem) {
        err.println("triage-report: " + problem);
        err.println("usage: triage-report [--date YYYY-MM-DD] [--root DIR]");
        err.println("  --date  day of the Kafka timestamp in triage.timezone (default: yesterday)");
        err.println("  --root  Parquet root (default: TRIAGE_ROOT, else triage.root of the application's settings, "
                + APPLICATION_PROPERTIES + ", else " + TriageSettings.DEFAULT_ROOT + ")");
    }
}
