package org.sportsdb.stack.triage;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads triage files back with DuckDB, an engine independent of the parquet-avro writer. */
final class ParquetRows {

    record Row(String file, String topic, int partition, long offset, long kafkaTimestampMillis, String key,
               List<String> reasons, String payload, Double ingestedAt, String idEvent, String idLeague,
               String strSport, String strStatus, long triagedAtMillis) {
    }

    private ParquetRows() {
    }

    /** Every visible Parquet file under the root (what a reader globbing the layout sees). */
    static List<Path> visibleFiles(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> read(Path root) {
        if (visibleFiles(root).isEmpty()) {
            return List.of();
        }
        String sql = "SELECT filename, topic, \"partition\", \"offset\", epoch_ms(kafka_timestamp) AS ts, key, "
                + "to_json(reasons)::VARCHAR AS reasons, payload, ingested_at, idEvent, idLeague, strSport, strStatus, "
                + "epoch_ms(triaged_at) AS triaged FROM read_parquet('" + root + "/date=*/*/*.parquet', filename = true, hive_partitioning = false) "
                + "ORDER BY topic, \"partition\", \"offset\"";
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<String> reasons = RejectedRecordFactory.JSON.readValue(rs.getString("reasons"), new TypeReference<>() { });
                Object ingested = rs.getObject("ingested_at");
                rows.add(new Row(rs.getString("filename"), rs.getString("topic"), rs.getInt("partition"),
                        rs.getLong("offset"), rs.getLong("ts"), rs.getString("key"), reasons, rs.getString("payload"),
                        ingested == null ? null : ((Number) ingested).doubleValue(), rs.getString("idEvent"),
                        rs.getString("idLeague"), rs.getString("strSport"), rs.getString("strStatus"), rs.getLong("triaged")));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("DuckDB could not read the triage files under " + root, e);
        }
        return rows;
    }

    static List<String> columns(Path file) {
        List<String> columns = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "', hive_partitioning = false)")) {
            while (rs.next()) {
                columns.add(rs.getString("column_name") + ":" + rs.getString("column_type"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return columns;
    }
}
