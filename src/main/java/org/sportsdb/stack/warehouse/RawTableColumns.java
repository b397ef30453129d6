package org.sportsdb.stack.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * The columns the route fills in a raw table: every column the table has (from the metadata of an empty
 * {@code SELECT *}) minus those the database fills itself ({@code loaded_at}). Read again when a migration was applied
 * ({@link #clear()}), when the server did not know one ({@link #forget}), and after {@link #MAX_AGE} (a migration
 * applied by another process, e.g. {@code ./stack warehouse migrate} while the application runs).
 */
public final class RawTableColumns {

    /** How long a table's columns are used before they are read again (a migration applied by another process). */
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final Set<String> databaseFilled;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    private record Known(List<RawColumn> columns, long readAt) {
    }

    public RawTableColumns(Set<String> databaseFilled) {
        this.databaseFilled = databaseFilled;
    }

    public List<RawColumn> of(Connection connection, String table) throws SQLException {
        List<RawColumn> known = fresh(table);
        if (known != null) {
            return known;
        }
        List<RawColumn> columns = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnLabel(i);
                if (!databaseFilled.contains(name)) {
                    columns.add(new RawColumn(name, meta.getColumnType(i), meta.isNullable(i) != ResultSetMetaData.columnNoNulls));
                }
            }
        }
        List<RawColumn> read = List.copyOf(columns);
        cache.put(table, new Known(read, System.nanoTime()));
        return read;
    }

    /** The cached columns while younger than {@link #MAX_AGE}, else null. */
    private List<RawColumn> fresh(String table) {
        Known known = cache.get(table);
        return known == null || System.nanoTime() - known.readAt() > MAX_AGE.toNanos() ? null : known.columns();
    }

    /** The names of the columns the route fills, in table order (cached; read over a connection of the data source when not). */
    public List<String> names(DataSource dataSource, String table) throws SQLException {
        List<RawColumn> known = fresh(table);
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = of(connection, table);
            }
        }
        return known.stream().map(RawColumn::name).toList();
    }

    /** Forgets one table's cached columns (the server no longer knows a column or the table). */
    public void forget(String table) {
        cache.remove(table);
    }

    /** Forgets the cached columns (after a migration changed a table). */
    public void clear() {
        cache.clear();
    }
}
