package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.warehouse.SampleRecords.Sample;

/**
 * The JSONEachRow lines give every raw column the value the JDBC path gave it (one {@code INSERT ... VALUES} with a
 * value per column from the parsed record), on every reference record of the warehouse check, read back from the
 * real engine: the mapping of the rows did not change with the way they are sent.
 */
class RawRowMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private static EmbeddedWarehouse engine;
    private static EngineWarehouse db;

    @BeforeAll
    static void startEngineAndMigrate() {
        engine = EngineWarehouse.startMigrated();
        db = new EngineWarehouse(engine);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyReferenceRecordGetsTheColumnValuesOfTheJdbcPath() throws Exception {
        List<Sample> samples = Stream.of("reference_feeds.jsonl", "live_score_poll_1905.jsonl", "live_score_poll_1930.jsonl",
                "live_score_other_sports.jsonl", "hand_shaped.jsonl").flatMap(f -> SampleRecords.read(f).stream()).toList();
        Map<String, List<ConsumerRecord<String, byte[]>>> byTable = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i).copy(7_000_000_000L + i);
            byTable.computeIfAbsent(s.table(), t -> new ArrayList<>()).add(new ConsumerRecord<>(s.topic(), 1, i, s.key(), utf8(s.json())));
        }
        WarehouseDataSource dataSource = new WarehouseDataSource(engine.jdbcUrl(), "", "");
        RawTableColumns columns = new RawTableColumns(Set.of("loaded_at"));
        try (RawBatchWriter writer = new RawBatchWriter(dataSource, columns, new RawRowMapper(),
                WarehouseErrorCodes.parse(WarehouseErrorCodes.DEFAULT_DATA_CODES))) {
            int compared = 0;
            for (Map.Entry<String, List<ConsumerRecord<String, byte[]>>> table : byTable.entrySet()) {
                RawBatchWriter.Result result = writer.write(table.getKey(), table.getValue());
                Map<Long, ConsumerRecord<String, byte[]>> refusedByOffset = result.refused().stream()
                        .collect(Collectors.toMap(r -> r.record().offset(), RefusedRow::record));
                List<RawColumn> tableColumns;
                try (var connection = dataSource.getConnection()) {
                    tableColumns = columns.of(connection, table.getKey());
                }
                String select = tableColumns.stream().map(c -> c.name().equals("ingested_at") ? "toString(ingested_at) AS ingested_at"
                        : "`" + c.name() + "`").collect(Collectors.joining(", "));
                for (ConsumerRecord<String, byte[]> record : table.getValue()) {
                    if (refusedByOffset.containsKey(record.offset())) {
                        assertThrows(IllegalArgumentException.class, () -> jdbcPathValues(record, tableColumns),
                                "refused by the lines, refused by the JDBC path too: " + text(record));
                        continue;
                    }
                    List<Map<String, Object>> rows = db.rows("SELECT " + select + " FROM " + table.getKey() + " WHERE kafka_topic = '"
                            + record.topic() + "' AND kafka_offset = " + record.offset());
                    assertEquals(1, rows.size(), table.getKey() + " offset " + record.offset());
                    Map<String, Object> row = rows.get(0);
                    List<Object> expected = jdbcPathValues(record, tableColumns);
                    for (int c = 0; c < tableColumns.size(); c++) {
                        Object want = expected.get(c);
                        Object got = row.get(tableColumns.get(c).name());
                        assertEquals(want == null ? null : want.toString(), got == null ? null : got.toString(),
                                table.getKey() + "." + tableColumns.get(c).name() + " of " + text(record));
                    }
                    compared++;
                }
            }
            assertTrue(compared >= samples.size() - 10, "compared " + compared + " of " + samples.size());
        }
    }

    @Test
    void aLineIsTheRecordWithItsTimeAsTextAndTheKafkaColumnsAndARecordThatCannotBeARowIsRefused() {
        RawRowMapper mapper = new RawRowMapper();
        String value = "{\"id\":\"1\",\"nested\":{\"ingested_at\":\"no\"},\"ingested_at\":1767225600.1239,\"s\":\"a\\\"b\"}";
        String line = new String(mapper.line(new ConsumerRecord<>("validated.soccer.x", 2, 7, "k\"1", utf8(value))), StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"1\",\"nested\":{\"ingested_at\":\"no\"},\"ingested_at\":\"2026-01-01 00:00:00.123\",\"s\":\"a\\\"b\""
                + ",\"kafka_topic\":\"validated.soccer.x\",\"kafka_partition\":2,\"kafka_offset\":7,\"kafka_key\":\"k\\\"1\""
                + ",\"record_json\":" + value + "}\n", line);
        for (String bad : new String[] {"[1]", "{\"id\":\"1\"}", "{\"ingested_at\":\"soon\"}", "not json", "{\"a\":\"ingested_at\"}"}) {
            assertThrows(IllegalArgumentException.class, () -> mapper.line(new ConsumerRecord<>("t", 0, 0, "k", utf8(bad))), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> mapper.line(new ConsumerRecord<String, byte[]>("t", 0, 0, "k", null)), "tombstone");
    }

    @Test
    void ingestedAtIsReadAsTheExactMillisecondsOfEveryNumberForm() {
        RawRowMapper mapper = new RawRowMapper();
        for (String number : new String[] {"1767225600", "1767225600.1", "1767225600.12", "1767225600.123", "1767225600.1239",
                "1767225600.9999", "1767225600.000", "0.0005", "0", "1.7672256001239E9", "17672256001239e-4", "-5.5", "-0.0001",
                "1767225600.12345678901234567890", "99999999999999999"}) {
            String value = "{\"a\":1,\"ingested_at\":" + number + "}";
            String line = new String(mapper.line(new ConsumerRecord<>("t", 0, 0, "k", utf8(value))), StandardCharsets.UTF_8);
            String expected = TIMESTAMP.format(Instant.ofEpochMilli(new BigDecimal(number).movePointRight(3).longValue()));
            assertTrue(line.startsWith("{\"a\":1,\"ingested_at\":\"" + expected + "\","), number + " -> " + line);
        }
        for (String bad : new String[] {"1..2", "--1", "1e", "+", "1.2.3"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> mapper.line(new ConsumerRecord<>("t", 0, 0, "k", utf8("{\"ingested_at\":" + bad + "}"))), bad);
        }
    }

    /**
     * The values the JDBC path bound for one record, in column order: column c = field c as text (objects and arrays as
     * their JSON text), missing or null → NULL, or '' for a non-nullable text column; ingested_at = the epoch seconds'
     * milliseconds as UTC text; the Kafka coordinates; record_json = the record as consumed.
     */
    private static List<Object> jdbcPathValues(ConsumerRecord<String, byte[]> record, List<RawColumn> columns) throws Exception {
        JsonNode value = JSON.readTree(record.value());  // UTF-8 bytes
        List<Object> values = new ArrayList<>();
        for (RawColumn column : columns) {
            values.add(switch (column.name()) {
                case "ingested_at" -> {
                    JsonNode at = value.get("ingested_at");
                    if (at == null || !at.isNumber()) {
                        throw new IllegalArgumentException("ingested_at missing");
                    }
                    BigDecimal millis = at.decimalValue().movePointRight(3);
                    yield TIMESTAMP.format(Instant.ofEpochMilli(millis.longValue()));
                }
                case "kafka_topic" -> record.topic();
                case "kafka_partition" -> record.partition();
                case "kafka_offset" -> record.offset();
                case "kafka_key" -> record.key() == null ? "" : record.key();
                case "record_json" -> text(record);
                default -> {
                    JsonNode node = value.get(column.name());
                    if (node == null || node.isNull()) {
                        yield column.nullable() || !column.isText() ? null : "";
                    }
                    yield node.isContainerNode() ? node.toString() : node.asText();
                }
            });
        }
        return values;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
