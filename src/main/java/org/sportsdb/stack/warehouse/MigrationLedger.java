package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * The ledger table of applied migrations (version, name, checksum, statements, applied_at,
 * duration_ms). Its DDL and its select are settings because they differ per database
 * (ClickHouse needs {@code FINAL}; H2 has no ReplacingMergeTree).
 */
public final class MigrationLedger {

    private final DataSource dataSource;
    private final String table;
    private final String createSql;
    private final String selectSql;

    public MigrationLedger(DataSource dataSource, String table, String createSql, String selectSql) {
        this.dataSource = dataSource;
        this.table = table;
        this.createSql = createSql;
        this.selectSql = selectSql;
    }

    public String table() {
        return table;
    }

    /** Creates the ledger when missing and returns its rows by version. */
    public Map<Integer, AppliedMigration> applied() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(createSql);
            Map<Integer, AppliedMigration> rows = new TreeMap<>();
            try (ResultSet rs = s.executeQuery(selectSql)) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp("applied_at");
                    AppliedMigration row = new AppliedMigration(rs.getInt("version"), rs.getString("name"),
                            rs.getString("checksum").trim(), at == null ? null : at.toInstant());
                    rows.put(row.version(), row);
                }
            }
            return rows;
        } catch (SQLException e) {
            // clickhouse-jdbc opens connections lazily: an unreachable warehouse shows here, on the first statement (code 0)
            if (WarehouseErrorCodes.isUnreachableOrKnownTransient(e)) {
                throw new WarehouseUnavailableException("cannot reach the warehouse " + dataSource + " (server code "
                        + WarehouseErrorCodes.describe(WarehouseErrorCodes.codeOf(e)) + "): " + ErrorText.of(e), e);
            }
            throw new WarehouseMigrationException("cannot read the migration ledger " + table + ": " + ErrorText.of(e), e);
        }
    }

    /** A connection, or WarehouseUnavailableException (the start-up route retries on that; H2 and others connect eagerly). */
    private Connection connect() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new WarehouseUnavailableException("cannot connect to the warehouse " + dataSource + ": " + ErrorText.of(e), e);
        }
    }

    public void record(Migration migration, Instant appliedAt, long durationMs) {
        String sql = "INSERT INTO " + table + " (version, name, checksum, statements, applied_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, migration.version());
            ps.setString(2, migration.name());
            ps.setString(3, migration.checksum());
            ps.setInt(4, migration.statements().size());
            ps.setTimestamp(5, Timestamp.from(appliedAt));
            ps.setLong(6, durationMs);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new WarehouseMigrationException(migration.fileName() + " was applied but its ledger row could not be written to "
                    + table + ": " + ErrorText.of(e) + " (every statement is IF NOT EXISTS / OR REPLACE: a rerun re-applies it)", e);
        }
    }
}
