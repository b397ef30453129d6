package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Inserts the records of one validated topic into its raw table with one JDBC batch. When the batch
 * fails on a live connection, it is retried row by row: the rows the table refuses are returned with
 * the database's error (never retried), the others inserted. A connection that cannot be opened or
 * broke throws {@link WarehouseUnavailableException}, so the caller commits nothing and Kafka redelivers.
 * Where the database has transactions (H2) the batch is all or nothing; ClickHouse inserts a batch as one
 * INSERT, and its raw tables collapse re-deliveries.
 */
public final class RawBatchWriter {

    /** What one write did: rows inserted, rows refused. */
    public record Result(int inserted, List<RefusedRow> refused) {
    }

    private static final int VALID_CHECK_SECONDS = 5;

    private final DataSource dataSource;
    private final RawTableColumns tableColumns;
    private final RawRowMapper mapper;

    public RawBatchWriter(DataSource dataSource, RawTableColumns tableColumns, RawRowMapper mapper) {
        this.dataSource = dataSource;
        this.tableColumns = tableColumns;
        this.mapper = mapper;
    }

    public Result write(String table, List<ConsumerRecord<String, String>> records) {
        try (Connection connection = dataSource.getConnection()) {
            List<RawColumn> columns;
            try {
                columns = tableColumns.of(connection, table);
            } catch (SQLException e) {
                requireAlive(connection, e);
                return refuseAll(records, table, "cannot read the columns of " + table + ": " + e.getMessage());
            }
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
                return new Result(0, refused);
            }
            String sql = insertSql(table, columns);
            boolean transactional = connection.getMetaData().supportsTransactions();
            try {
                insert(connection, sql, columns, values, transactional);
                return new Result(rows.size(), refused);
            } catch (SQLException batchError) {
                rollback(connection, transactional);
                requireAlive(connection, batchError);
            }
            int inserted = 0;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    insert(connection, sql, columns, List.of(values.get(i)), transactional);
                    inserted++;
                } catch (SQLException rowError) {
                    rollback(connection, transactional);
                    requireAlive(connection, rowError);
                    refused.add(new RefusedRow(rows.get(i), table, rowError.getMessage()));
                }
            }
            return new Result(inserted, refused);
        } catch (SQLException e) {
            throw new WarehouseUnavailableException("warehouse unavailable while writing " + table + ": " + ErrorText.of(e), e);
        }
    }

    static String insertSql(String table, List<RawColumn> columns) {
        return "INSERT INTO " + table + " ("
                + columns.stream().map(c -> '"' + c.name() + '"').collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    private static void insert(Connection connection, String sql, List<RawColumn> columns, List<List<Object>> rows, boolean transactional)
            throws SQLException {
        if (transactional) {
            connection.setAutoCommit(false);
        }
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
            ps.executeBatch();
        }
        if (transactional) {
            connection.commit();
        }
    }

    private static void rollback(Connection connection, boolean transactional) {
        if (transactional) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is checked next; a broken one ends the write
            }
        }
    }

    private static void requireAlive(Connection connection, SQLException error) {
        boolean alive;
        try {
            alive = connection.isValid(VALID_CHECK_SECONDS);
        } catch (SQLException e) {
            alive = false;
        }
        if (!alive) {
            throw new WarehouseUnavailableException("warehouse connection lost: " + ErrorText.of(error), error);
        }
    }

    private static Result refuseAll(List<ConsumerRecord<String, String>> records, String table, String error) {
        return new Result(0, records.stream().map(r -> new RefusedRow(r, table, error)).collect(Collectors.toList()));
    }
}
