package org.sportsdb.stack.triage;

import org.sportsdb.stack.dev.KafkaBroker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriageReportTest {

    private static final ZoneId CAIRO = ZoneId.of("Africa/Cairo");

    @TempDir
    Path root;

    @Test
    void reportNumbersEqualAnIndependentCountOfWhatWasProduced() {
        KafkaBroker broker = KafkaBroker.shared();
        List<ProducedRecord> produced;
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, "report.")) {
            broker.createTopic(factory.topic("live_score"), 2);
            broker.createTopic(factory.topic("event.stats"), 1);
            broker.createTopic(factory.topic("player"), 1);
            factory.liveScores(17, RejectedRecordFactory.EVENING);
            factory.liveScores(7, RejectedRecordFactory.AFTER_MIDNIGHT);
            factory.eventStats(9, RejectedRecordFactory.EVENING);
            factory.players(4, RejectedRecordFactory.AFTER_MIDNIGHT);
            factory.notJson("player", "%%% not json", RejectedRecordFactory.EVENING);
            produced = factory.produced();
        }
        TriageSettings settings = TestSettings.of(root, "report.", 500_000);
        new TriageRun(Map.of("bootstrap.servers", broker.bootstrap(), "group.id", "report-triage"), settings,
                Clock.fixed(Instant.parse("2026-10-06T04:00:00Z"), ZoneOffset.UTC)).run();
        TriageReport report = new TriageReport(root, root.resolve("duckdb-tmp"));

        for (LocalDate day : List.of(LocalDate.parse("2026-10-05"), LocalDate.parse("2026-10-06"))) {
            List<ProducedRecord> ofDay = produced.stream()
                    .filter(p -> Instant.ofEpochMilli(p.timestamp()).atZone(CAIRO).toLocalDate().equals(day)).toList();
            Map<String, Map<String, Long>> actual = report.tables(day).stream()
                    .collect(Collectors.toMap(ReportTable::name, t -> new TreeMap<>(t.counts())));
            assertEquals(count(ofDay, ProducedRecord::topic), actual.get("records_per_topic"), day + " per topic");
            assertEquals(count(ofDay.stream().flatMap(p -> p.reasons().stream()).toList(), Function.identity()),
                    actual.get("records_per_reason"), day + " per reason");
            assertEquals(count(ofDay, p -> p.strSport() == null ? "(none)" : p.strSport()),
                    actual.get("records_per_sport"), day + " per sport");
            assertEquals(count(ofDay, p -> p.strStatus() == null ? "(none)" : p.strStatus()),
                    actual.get("records_per_status"), day + " per status");
        }
        assertEquals(List.of(LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-05")), report.dates());

        String printed = print(report, LocalDate.parse("2026-10-05"));
        long day1 = produced.stream().filter(p -> p.timestamp() == RejectedRecordFactory.EVENING).count();
        assertTrue(printed.contains("Total: " + day1 + " records"), printed);
        assertTrue(printed.contains("Rejected records per reason"), printed);
        String empty = print(report, LocalDate.parse("2026-10-04"));
        assertTrue(empty.contains("No triage files for 2026-10-04. Days with files: [2026-10-06, 2026-10-05]"), empty);
    }

    private static <T> Map<String, Long> count(List<T> items, Function<T, String> label) {
        return items.stream().collect(Collectors.groupingBy(label, TreeMap::new, Collectors.counting()));
    }

    private static String print(TriageReport report, LocalDate day) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, report.print(day, new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }
}
