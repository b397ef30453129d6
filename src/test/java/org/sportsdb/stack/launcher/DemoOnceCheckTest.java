package org.sportsdb.stack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two checks of the demo-once suite, on summaries and ledgers as {@code ./stack demo --once --reconcile} writes them. */
class DemoOnceCheckTest {

    @TempDir
    Path dir;

    private static final String LEDGER_ACCOUNTED = """
            topic                 produced  validated  rejected
            soccer.team                 12         12         0
            total                      163        160         3
            unaccounted: 0
            """;

    private String run(String summaryJson, String demoOutput, boolean expected) throws Exception {
        Path summary = Files.writeString(dir.resolve("summary.json"), summaryJson);
        Path output = Files.writeString(dir.resolve("demo.txt"), demoOutput);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean passed = DemoOnceCheck.check(summary, output, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expected, passed, printed);
        return printed;
    }

    private static String topics(String without) {
        return DemoOnceCheck.TOPICS.stream().filter(t -> !t.equals(without))
                .map(t -> "\"soccer." + t + "\": 3").collect(Collectors.joining(", ", "{\"topics\": {", "}}"));
    }

    @Test
    void everyTopicWithRecordsAndEveryRecordAccountedForPassesBoth() throws Exception {
        String printed = run(topics(null), LEDGER_ACCOUNTED, true);
        assertTrue(printed.contains("demo --once: 13 soccer.* topics with records, 39 records\n"), printed);
        assertTrue(printed.endsWith("2 passed, 0 failed\n"), printed);
    }

    @Test
    void aTopicWithoutRecordsIsNamed() throws Exception {
        String printed = run(topics("event.lineup"), LEDGER_ACCOUNTED, false);
        assertTrue(printed.contains("topics without records: event.lineup\n"), printed);
        assertTrue(printed.endsWith("1 passed, 1 failed\n"), printed);
    }

    @Test
    void recordsUnaccountedOrNoneValidatedFailTheLedgerCheck() throws Exception {
        assertTrue(run(topics(null), LEDGER_ACCOUNTED.replace("unaccounted: 0", "unaccounted: 2"), false)
                .contains("records unaccounted or none validated"));
        assertTrue(run(topics(null), LEDGER_ACCOUNTED.replace("163        160", "163          0"), false)
                .endsWith("1 passed, 1 failed\n"));
        assertFalse(run(topics(null), "", false).contains("every record accounted for"));
    }
}
