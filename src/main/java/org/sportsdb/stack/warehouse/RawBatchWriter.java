package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Inserts the records of one validated topic into its raw table as one INSERT (a JDBC batch, which
 * clickhouse-jdbc sends as one {@code INSERT ... VALUES (...),(...)}: one part on the server).
 * <ul>
 * <li>Records that cannot be rows (not JSON, no {@code ingested_at}) are refused before the INSERT.</li>
 * <li>A transient server error ({@link WarehouseErrorCodes}: TOO_MANY_PARTS, MEMORY_LIMIT_EXCEEDED, a timeout,
 *     an unknown code, no answer) throws {@link WarehouseUnavailableException}: no row is refused, the caller
 *     keeps the batch, commits nothing and retries it later.</li>
 * <li>An error about the data splits the batch in halves and inserts each (bisection), down to the single rows
 *     the server refuses, which are returned with the server's message; every other row is inserted. k bad
 *     rows among n cost about 2·k·log2(n/k) INSERTs, never one INSERT per row: a struggling server gets
 *     few, large parts.</li>
 * </ul>
 * An INSERT of one batch is one block (warehouse.batch.size is far below the server's max_insert_block_size),
 * so a refused INSERT wrote nothing to the raw table. ClickHouse has no transactions: nothing here calls
 * setAutoCommit/commit (clickhouse-jdbc refuses them unless the URL has jdbc_ignore_unsupported_values=true).
 * A row inserted twice (a retry after a transient error that came after the server wrote the part, a
 * redelivery after a crash before the commit) collapses in the raw tables (ReplacingMergeTree on the natural
 * key and payload_hash).
 */
public final class RawBatchWriter {

    /** What one write did: rows inserted, rows refused, INSERT statements sent. */
    public record Result(int inserted, List<RefusedRow> refused, int inserts) {
    }

    private final DataSource dataSource;
    private final RawTableColumns tableColumns;
    private final RawRowMapper mapper;
    private final WarehouseErrorCodes errorCodes;

    public RawBatchWriter(DataSource dataSource, RawTableColumns tableColumns, RawRowMapper mapper, WarehouseErrorCodes errorCodes) {
        this.dataSource = dataSource;
        this.tableColumns = tableColumns;
        this.mapper = mapper;
        this.errorCodes = errorCodes;
    }

    public Result write(String table, List<ConsumerRecord<String, String>> records) {
        try (Connection connection = dataSource.getConnection()) {
            // the table's columns come from a query that carries no row: any failure here is the server's, never the data's
            List<RawColumn> columns = tableColumns.of(connection, table);
            List<RefusedRow> refused = new ArrayList<>();
            List<ConsumerRecord<String, String>> rows = new ArrayList<>();
            List<List<Object>> values = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                try {
                    values.add(mapper.values(record, columns));
                    rows.add(record);
                } catch (IllegalArgumentException e) {
                    refused.add(new RefusedRow(record, table, e.getMessage()));
                }
            }
            if (rows.isEmpty()) {
                return new Result(0, refused, 0);
            }
            Bisection run = new Bisection(connection, table, insertSql(table, columns), columns, rows, values, refused);
            int inserted = run.insert(0, rows.size());
            return new Result(inserted, refused, run.inserts);
        } catch (SQLException e) {
            throw unavailable(table, e);
        }
    }

    private WarehouseUnavailableException unavailable(String table, SQLException e) {
        return new WarehouseUnavailableException("warehouse cannot take the rows for " + table + " now: server code "
                + WarehouseErrorCodes.describe(WarehouseErrorCodes.codeOf(e)) + ": " + ErrorText.of(e), e);
    }

    /** One write's INSERTs: the whole batch, then halves of what the server refused for its data. */
    private final class Bisection {
        private final Connection connection;
        private final String table;
        private final String sql;
        private final List<RawColumn> columns;
        private final List<ConsumerRecord<String, String>> rows;
        private final List<List<Object>> values;
        private final List<RefusedRow> refused;
        private int inserts;

        Bisection(Connection connection, String table, String sql, List<RawColumn> columns, List<ConsumerRecord<String, String>> rows,
                List<List<Object>> values, List<RefusedRow> refused) {
            this.connection = connection;
            this.table = table;
            this.sql = sql;
            this.columns = columns;
            this.rows = rows;
            this.values = values;
            this.refused = refused;
        }

        /** Inserts rows [from, to); returns how many went in. */
        int insert(int from, int to) {
            try {
                inserts++;
                insertRows(connection, sql, columns, values.subList(from, to));
                return to - from;
            } catch (SQLException e) {
                if (!errorCodes.isAboutTheData(e)) {
                    throw unavailable(table, e);
                }
                if (to - from == 1) {
                    refused.add(new RefusedRow(rows.get(from), table, e.getMessage()));
                    return 0;
                }
                int middle = (from + to) >>> 1;
                return insert(from, middle) + insert(middle, to);
            }
        }
    }

    static String insertSql(String table, List<RawColumn> columns) {
        return "INSERT INTO " + table + " ("
                + columns.stream().map(c -> '"' + c.name() + '"').collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    private static void insertRows(Connection connection, String sql, List<RawColumn> columns, List<List<Object>> rows) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    if (row.get(i) == null) {
                        ps.setNull(i + 1, columns.get(i).jdbcType());
                    } else {
                        ps.setObject(i + 1, row.get(i));
                    }
                }
                ps.addBatch();
            }
            // clickhouse-jdbc answers SUCCESS_NO_INFO (-2) for every row: the count of rows inserted is the rows
            // sent, not the sum of these. An error comes as an SQLException (with the server's code); a driver that
            // reported EXECUTE_FAILED instead must not pass for a success.
            for (int result : ps.executeBatch()) {
                if (result == Statement.EXECUTE_FAILED) {
                    throw new SQLException("the driver reported a failed row (EXECUTE_FAILED) without an error");
                }
            }
        }
    }
}
