package org.sportsdb.stack.validator.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.TestRecords;
import org.sportsdb.stack.validator.bench.BenchRecordGenerator;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.InBatchRepeats;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.SourcePosition;
import org.sportsdb.stack.validator.metrics.RoutingCounter;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The validation task gives exactly the rows and counts of "parse every record, then drop the repeat of the previous
 * record of its key" (the rule before records were recognised without parsing), on the benchmark's input and on the
 * edge cases of "unchanged": A→B→A, key order, whitespace, number formats, ingested_at out of range or malformed.
 */
class ValidationFunctionTest {
    static final String LIVE = "soccer.live_score";
    static final long NOW_S = System.currentTimeMillis() / 1000;

    record Input(String topic, String key, String value) {
    }

    static String live(long ingestedAt, String homeScore) {
        ObjectNode row = TestRecords.object(TestRecords.good("live_score").get(0));
        row.remove("ingested_at");
        row.put("intHomeScore", homeScore);
        row.put("ingested_at", ingestedAt);
        return row.toString();
    }

    static List<Input> edgeCases() {
        String a = live(NOW_S - 600, "0");
        String b = live(NOW_S - 480, "1");
        String prefix = a.substring(0, a.lastIndexOf(':') + 1);
        String reordered = a.replace("{\"idLiveScore\":\"21526253\",\"idEvent\":\"2608413\",",
                "{\"idEvent\":\"2608413\",\"idLiveScore\":\"21526253\",");
        List<String> values = List.of(
                a, prefix + (NOW_S - 590) + "}",                       // A, A (re-poll): dropped
                b, prefix + (NOW_S - 470) + "}",                       // B, A again (the VAR case): both pass
                prefix + (NOW_S - 460) + "}",                          // A: dropped
                reordered,                                            // same payload, keys reordered: dropped by hash
                reordered.replace(",\"strSport\":", ", \"strSport\" : "), // whitespace: dropped by hash
                a.replace("\"intHomeScore\":\"0\"", "\"intHomeScore\":0"), // the score as a number
                prefix + (NOW_S - 450) + ".0}",                        // ingested_at as a fraction
                prefix + "\"" + (NOW_S - 440) + "\"}",                 // ingested_at as a string
                prefix + "1000000000}",                                // out of range: rejected
                prefix + "0" + (NOW_S - 430) + "}",                    // leading zero: malformed
                prefix + (NOW_S - 420) + "}\n",                        // trailing newline
                prefix + (NOW_S - 410) + "}",                          // A again: dropped
                b.replace("\"strSport\":\"Soccer\"", "\"strSport\":\"Ice Hockey\""),  // rejected
                b.replace("\"strSport\":\"Soccer\"", "\"strSport\":\"Ice Hockey\""),  // rejected again: never a repeat
                prefix + (NOW_S - 400) + "}");                         // A: dropped
        List<Input> out = new ArrayList<>();
        for (String v : values) {
            out.add(new Input(LIVE, "21526253", v));
        }
        return out;
    }

    static List<Input> benchmarkInput(int n) {
        BenchRecordGenerator gen = new BenchRecordGenerator(ContractCatalog.fromClasspath(), NOW_S - 3600);
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BenchRecordGenerator.Generated g = gen.next(i);
            out.add(new Input(g.topic(), g.key(), g.value()));
        }
        return out;
    }

    static List<Row> kafkaRows(List<Input> inputs) {
        List<Row> rows = new ArrayList<>();
        long offset = 0;
        for (Input in : inputs) {
            rows.add(RowFactory.create(in.key().getBytes(StandardCharsets.UTF_8), in.value().getBytes(StandardCharsets.UTF_8),
                    in.topic(), 0, offset++, new Timestamp(1_759_694_400_000L + offset)));
        }
        return rows;
    }

    /** The rule with a parse of every record. */
    static List<Row> parsedEveryTime(List<Row> kafka, RoutingCounter counter) {
        RecordValidator validator = RecordValidator.fromClasspath();
        InBatchRepeats repeats = new InBatchRepeats(InBatchRepeats.DEFAULT_CAPACITY);
        List<Row> out = new ArrayList<>();
        for (Row in : kafka) {
            SourcePosition pos = new SourcePosition(in.getString(2), in.getInt(3), in.getLong(4), ((Timestamp) in.get(5)).getTime());
            RoutedRecord r = validator.validate(pos, RecordValidator.keyText((byte[]) in.get(0)), (byte[]) in.get(1));
            counter.add(r.outTopic());
            r.reasons().forEach(reason -> counter.add(ValidationFunction.REASON_PREFIX + reason));
            if (repeats.isRepeat(r)) {
                counter.add(LastStateDedup.UNCHANGED_PREFIX + r.outTopic());
            } else {
                out.add(RoutedRows.toRow(r));
            }
        }
        return out;
    }

    static void assertSameAsParsingEveryRecord(List<Input> inputs, int expectedRows) {
        List<Row> kafka = kafkaRows(inputs);
        RoutingCounter expectedCounts = new RoutingCounter();
        List<Row> expected = parsedEveryTime(kafka, expectedCounts);
        RoutingCounter counts = new RoutingCounter();
        List<Row> actual = new ArrayList<>();
        new ValidationFunction(counts, null).call(kafka.iterator()).forEachRemaining(actual::add);
        assertEquals(expectedRows, expected.size(), "the reference itself");
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "row " + i);
        }
        assertEquals(expectedCounts.value(), counts.value());
    }

    @Test
    void theEdgeCasesOfUnchangedGiveTheRowsOfAParseOfEveryRecord() {
        // passed on: A, B, A, the out-of-range ingested_at, the leading zero, the two non-soccer rows (7); dropped as
        // unchanged: 5 plain re-polls of A (recognised without parsing) and, by their payload hash once parsed, the
        // reordered and whitespace copies, the score as a number, ingested_at as a fraction or a string, the newline
        assertSameAsParsingEveryRecord(edgeCases(), 7);
    }

    @Test
    void theBenchmarkInputGivesTheRowsOfAParseOfEveryRecord() {
        List<Input> in = benchmarkInput(20_000);
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        in.forEach(i -> byTopic.merge(i.topic(), 1L, Long::sum));
        assertEquals(13, byTopic.size(), "every feed: " + byTopic);
        List<Row> kafka = kafkaRows(in);
        int expected = parsedEveryTime(kafka, new RoutingCounter()).size();
        assertSameAsParsingEveryRecord(in, expected);
    }
}
