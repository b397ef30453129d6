package org.sportsdb.stack.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Which offsets of a validated topic partition have a row in its raw table, by the exact Kafka coordinates the
 * ingestion stores ({@code kafka_topic, kafka_partition, kafka_offset}, warehouse/migrations/V002). One count per
 * partition; the offsets themselves are listed only when the count says some are missing.
 */
public final class RawTableOffsets {
    private final DataSource dataSource;

    public RawTableOffsets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public OffsetRanges present(String table, String topic, int partition, long from, long until) throws SQLException {
        if (until <= from) {
            return new OffsetRanges();
        }
        String where = " FROM " + table + " WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset >= ? AND kafka_offset < ?";
        try (Connection c = dataSource.getConnection()) {
            long distinct;
            try (PreparedStatement s = c.prepareStatement("SELECT count(DISTINCT kafka_offset)" + where)) {
                bind(s, topic, partition, from, until);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    distinct = rs.getLong(1);
                }
            }
            if (distinct == until - from) {
                return OffsetRanges.of(from, until);
            }
            OffsetRanges found = new OffsetRanges();
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT kafka_offset" + where + " ORDER BY kafka_offset")) {
                bind(s, topic, partition, from, until);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getLong(1));
                    }
                }
            }
            return found;
        }
    }

    /**
     * Which of {@code hashes} have a row of {@code topic} in the table (any offset), each with the latest
     * {@code ingested_at} of its rows (epoch milliseconds): the row a ReplacingMergeTree(ingested_at) keeps.
     */
    public java.util.Map<String, Long> presentHashes(String table, String topic, java.util.Collection<String> hashes) throws SQLException {
        java.util.Map<String, Long> found = new java.util.HashMap<>();
        java.util.List<String> all = new java.util.ArrayList<>(new java.util.TreeSet<>(hashes));
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < all.size(); i += 500) {
                java.util.List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT payload_hash, toUnixTimestamp64Milli(max(ingested_at)) FROM " + table
                        + " WHERE kafka_topic = ? AND payload_hash IN (" + marks + ") GROUP BY payload_hash")) {
                    s.setString(1, topic);
                    for (int j = 0; j < chunk.size(); j++) {
                        s.setString(j + 2, chunk.get(j));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void bind(PreparedStatement s, String topic, int partition, long from, long until) throws SQLException {
        s.setString(1, topic);
        s.setInt(2, partition);
        s.setLong(3, from);
        s.setLong(4, until);
    }
}
