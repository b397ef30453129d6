package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Inserts the records of one validated topic into its raw table as one INSERT: client-v2's {@code insert} with the
 * rows as {@code JSONEachRow} lines ({@link RawRowMapper}: the record's own text plus the Kafka columns, no parsing,
 * no SQL text per row), streamed as the request body. One long-lived client for every write (one HTTP pool, the
 * server's version asked once), made on the first write and closed by {@link #close()}.
 * <ul>
 * <li>Records that cannot be rows (not a JSON object, no numeric {@code ingested_at}) are refused before the INSERT.</li>
 * <li>A transient server error ({@link WarehouseErrorCodes}: TOO_MANY_PARTS, MEMORY_LIMIT_EXCEEDED, a timeout,
 *     an unknown code, no answer) throws {@link WarehouseUnavailableException}: no row is refused, the caller
 *     keeps the batch, commits nothing and retries it later.</li>
 * <li>An error about the data splits the batch in halves and inserts each (bisection), down to the single rows
 *     the server refuses, which are returned with the server's message; every other row is inserted. k bad
 *     rows among n cost about 2·k·log2(n/k) INSERTs, never one INSERT per row: a struggling server gets
 *     few, large parts.</li>
 * </ul>
 * An INSERT of one batch is one block (warehouse.batch.size stays below the server's max_insert_block_size,
 * 1,048,576 rows), so a refused INSERT wrote nothing to the raw table. ClickHouse has no transactions. A row inserted
 * twice (a retry after a transient error that came after the server wrote the part, a redelivery after a crash before
 * the commit) collapses in the raw tables (ReplacingMergeTree on the natural key and payload_hash).
 * The columns named in the INSERT are the table's ({@link RawTableColumns}: read again after a migration and at least
 * every minute); a server that does not know the table or one of them makes the writer read them again and try once
 * more, and then throw {@link WarehouseTableException}: a permanent error of this table, not a transient one.
 */
public final class RawBatchWriter implements AutoCloseable {

    /** What one write did: rows inserted, rows refused, INSERT statements sent. */
    public record Result(int inserted, List<RefusedRow> refused, int inserts) {
    }

    /** No answer to an INSERT within this long counts as no answer (code 0): the batch is kept and retried. */
    private static final Duration INSERT_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Server codes saying the table or a column named in the INSERT is not (or no longer) there: 16
     * NO_SUCH_COLUMN_IN_TABLE, 47 UNKNOWN_IDENTIFIER, 60 UNKNOWN_TABLE, 81 UNKNOWN_DATABASE.
     */
    static final Set<Integer> UNKNOWN_TABLE_OR_COLUMN = Set.of(16, 47, 60, 81);

    private final WarehouseDataSource dataSource;
    private final RawTableColumns tableColumns;
    private final RawRowMapper mapper;
    private final WarehouseErrorCodes errorCodes;
    private final InsertSettings insertSettings = new InsertSettings();
    /** The lines' buffers, reused batch after batch. */
    private final RawLines.Blocks blocks = new RawLines.Blocks();
    private Client client;

    public RawBatchWriter(DataSource dataSource, RawTableColumns tableColumns, RawRowMapper mapper, WarehouseErrorCodes errorCodes) {
        if (!(dataSource instanceof WarehouseDataSource warehouse)) {
            throw new IllegalArgumentException("the raw batch writer needs the warehouse's data source, was " + dataSource);
        }
        this.dataSource = warehouse;
        this.tableColumns = tableColumns;
        this.mapper = mapper;
        this.errorCodes = errorCodes;
        RawRowMapper.SERVER_SETTINGS.forEach(insertSettings::serverSetting);
    }

    /**
     * One table's part of a batch made ready for its INSERT: the records that can be rows, their lines, and those refused
     * before any INSERT (no JSON object, no numeric {@code ingested_at}). Made by {@link #prepare} (no server involved,
     * so it can run while another batch is being inserted), written by {@link #write(Prepared)}.
     */
    public static final class Prepared {
        private final String table;
        private final List<ConsumerRecord<String, byte[]>> rows;
        private final RawLines lines;
        private final List<RefusedRow> refused;

        private Prepared(String table, List<ConsumerRecord<String, byte[]>> rows, RawLines lines, List<RefusedRow> refused) {
            this.table = table;
            this.rows = rows;
            this.lines = lines;
            this.refused = refused;
        }

        public String table() {
            return table;
        }

        /** Its line buffers go back to the writer's pool (after the batch is committed; never while it may be written). */
        public void release() {
            lines.release();
        }
    }

    /** The records' lines for {@code table} (the mapper's work; not thread-safe: one thread prepares). */
    public Prepared prepare(String table, List<ConsumerRecord<String, byte[]>> records) {
        List<RefusedRow> refused = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> rows = new ArrayList<>(records.size());
        RawLines lines = new RawLines(blocks, records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                mapper.append(record, lines);
                rows.add(record);
            } catch (IllegalArgumentException e) {
                refused.add(new RefusedRow(record, table, e.getMessage()));
            }
        }
        return new Prepared(table, rows, lines, refused);
    }

    /** {@link #prepare} and {@link #write(Prepared)}. */
    public Result write(String table, List<ConsumerRecord<String, byte[]>> records) {
        return write(prepare(table, records));
    }

    /**
     * Inserts the prepared rows; throws {@link WarehouseUnavailableException} (transient: keep and retry the batch) or
     * {@link WarehouseTableException} (the table or a column is unknown to the server even with its columns read again).
     * The result's refused rows include those refused by {@link #prepare}.
     */
    public Result write(Prepared prepared) {
        String table = prepared.table;
        try {
            return writeWithColumns(prepared);
        } catch (WarehouseUnavailableException e) {
            if (!UNKNOWN_TABLE_OR_COLUMN.contains(e.serverCode())) {
                throw e;
            }
            // a migration may have changed the table since its columns were read: read them again, try once more
            tableColumns.forget(table);
            try {
                return writeWithColumns(prepared);
            } catch (WarehouseUnavailableException again) {
                if (UNKNOWN_TABLE_OR_COLUMN.contains(again.serverCode())) {
                    tableColumns.forget(table);
                    throw new WarehouseTableException(table, again.getMessage(), again);
                }
                throw again;
            }
        }
    }

    private Result writeWithColumns(Prepared prepared) {
        List<String> columns = columnNames(prepared.table);
        List<RefusedRow> refused = new ArrayList<>(prepared.refused);
        if (prepared.rows.isEmpty()) {
            return new Result(0, refused, 0);
        }
        Bisection run = new Bisection(prepared.table, columns, prepared.rows, prepared.lines, refused);
        int inserted = run.insert(0, prepared.rows.size());
        return new Result(inserted, refused, run.inserts);
    }

    /** The table's columns the rows fill (cached); a failure here is the server's, never the data's. */
    private List<String> columnNames(String table) {
        try {
            return tableColumns.names(dataSource, table);
        } catch (SQLException e) {
            throw unavailable(table, WarehouseErrorCodes.codeOf(e), ErrorText.of(e), e);
        }
    }

    private WarehouseUnavailableException unavailable(String table, int code, String message, Throwable cause) {
        return new WarehouseUnavailableException("warehouse cannot take the rows for " + table + " now: server code "
                + WarehouseErrorCodes.describe(code) + ": " + message, cause);
    }

    /** One write's INSERTs: the whole batch, then halves of what the server refused for its data. */
    private final class Bisection {
        private final String table;
        private final List<String> columns;
        private final List<ConsumerRecord<String, byte[]>> rows;
        private final RawLines lines;
        private final List<RefusedRow> refused;
        private int inserts;

        Bisection(String table, List<String> columns, List<ConsumerRecord<String, byte[]>> rows, RawLines lines,
                List<RefusedRow> refused) {
            this.table = table;
            this.columns = columns;
            this.rows = rows;
            this.lines = lines;
            this.refused = refused;
        }

        /** Inserts rows [from, to); returns how many went in. */
        int insert(int from, int to) {
            inserts++;
            Throwable error = send(table, columns, lines, from, to);
            if (error == null) {
                return to - from;
            }
            int code = WarehouseErrorCodes.codeOf(error);
            if (!errorCodes.isAboutTheData(code)) {
                throw unavailable(table, code, ErrorText.of(error), error);
            }
            if (to - from == 1) {
                refused.add(new RefusedRow(rows.get(from), table, error.getMessage()));
                return 0;
            }
            int middle = (from + to) >>> 1;
            return insert(from, middle) + insert(middle, to);
        }
    }

    /** One INSERT of lines [from, to); null when the server took them, else the error (a server's carries its code). */
    private Throwable send(String table, List<String> columns, RawLines lines, int from, int to) {
        try (InsertResponse ignored = client().insert(table, columns, body -> lines.writeTo(body, from, to),
                ClickHouseFormat.JSONEachRow, insertSettings).get(INSERT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private synchronized Client client() {
        if (client == null) {
            client = dataSource.newClient();
        }
        return client;
    }

    /** Closes the client (a later write opens a new one). */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
