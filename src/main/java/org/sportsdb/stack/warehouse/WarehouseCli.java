package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelExecutionException;
import org.sportsdb.stack.CommandMain;

/**
 * {@code ./stack warehouse migrate|status}: starts the application with only the warehouse routes
 * (no feeds, no schedules, no topic provisioning, no ingestion), sends one request to
 * {@code direct:warehouse-migrate} or {@code direct:warehouse-status}, prints the answer and exits
 * 0, or 1 with the reason (changed migration, failing statement, unreachable warehouse).
 * {@code ./stack sql "SELECT ..."} ({@code WarehouseCli sql [--write] QUERY}): runs one statement on the configured
 * warehouse through the same data source (JDBC) and prints the rows as an aligned table. The statement is a read
 * (the ClickHouse setting {@code readonly=1}, in place of {@code warehouse.jdbc.settings}: the server refuses
 * anything else) unless {@code --write} is given: the account is the application's, which may write and drop.
 */
public final class WarehouseCli {

    static final List<String> COMMANDS = List.of("migrate", "status", "sql");
    /** {@code sql --write QUERY}: the statement may change data (else it runs with readonly=1). */
    static final String WRITE = "--write";
    /** {@code sql}: longer cells are cut (with "...") so that a row stays readable on a terminal. */
    static final int MAX_CELL = 48;

    private WarehouseCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Map.of(), System.out, System.err));
    }

    static int run(String[] argv, Map<String, String> overrides, PrintStream out, PrintStream err) {
        boolean write = argv.length == 3 && argv[0].equals("sql") && argv[1].equals(WRITE);
        String[] args = write ? new String[] {argv[0], argv[2]} : argv;
        boolean sql = args.length == 2 && args[0].equals("sql") && !args[1].isBlank();
        if (!sql && (args.length != 1 || !COMMANDS.contains(args[0]) || args[0].equals("sql"))) {
            err.println("usage: WarehouseCli migrate|status|sql [" + WRITE + "] QUERY");
            return 2;
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("warehouse.enabled", "false");
        if (sql && !write) {
            // a read: the only setting sent (with readonly=1 a server refuses any other setting of the request)
            settings.put("warehouse.jdbc.settings", "readonly=1");
        }
        settings.putAll(overrides);
        return CommandMain.run("file:routes/warehouse.yaml", settings, context -> {
            if (sql) {
                out.print(query(context.getRegistry().lookupByNameAndType("warehouseDataSource", DataSource.class), args[1]));
            } else {
                out.print(context.createProducerTemplate().requestBody("direct:warehouse-" + args[0], null, String.class));
            }
            return 0;
        }, e -> {
            String reason = reason(e);
            err.println("warehouse " + args[0] + " failed: " + reason);
            if (sql && !write && reason.contains("Code: 164.")) {
                err.println("./stack sql runs reads only; to change data: ./stack sql " + WRITE + " \"...\"");
            }
            return 1;
        });
    }

    /** Runs one statement; a result set as an aligned table and its row count, else the rows written. */
    static String query(DataSource warehouse, String sql) throws SQLException {
        try (Connection connection = warehouse.getConnection(); Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return "ok, " + Math.max(0, statement.getUpdateCount()) + " rows written\n";
            }
            try (ResultSet rs = statement.getResultSet()) {
                return table(rs);
            }
        }
    }

    static String table(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int columns = meta.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[columns];
        int[] width = new int[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = meta.getColumnLabel(i + 1);
            width[i] = header[i].length();
        }
        boolean cut = false;
        while (rs.next()) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                String value = rs.getString(i + 1);
                value = value == null ? "NULL" : value.replaceAll("\\s+", " ");
                if (value.length() > MAX_CELL) {
                    value = value.substring(0, MAX_CELL - 3) + "...";
                    cut = true;
                }
                row[i] = value;
                width[i] = Math.max(width[i], value.length());
            }
            rows.add(row);
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, width);
        String[] rule = new String[columns];
        for (int i = 0; i < columns; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        appendRow(out, rule, width);
        rows.forEach(row -> appendRow(out, row, width));
        out.append('(').append(rows.size()).append(rows.size() == 1 ? " row" : " rows")
                .append(cut ? ", cells cut at " + MAX_CELL + " characters" : "").append(")\n");
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            out.append(i == 0 ? "" : "  ").append(cells[i]);
            if (i < cells.length - 1) {
                out.append(" ".repeat(width[i] - cells[i].length()));
            }
        }
        out.append('\n');
    }

    static String reason(Throwable e) {
        WarehouseMigrationException migration = WarehouseMigrationException.in(e);
        if (migration != null) {
            return migration.getMessage();
        }
        Throwable cause = e;
        while (cause instanceof CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return ErrorText.of(cause);
    }
}
