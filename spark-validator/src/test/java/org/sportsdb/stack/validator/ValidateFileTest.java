package org.sportsdb.stack.validator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The `./stack validate` command: files written, counts printed, clear errors on bad arguments. */
class ValidateFileTest {
    @TempDir
    Path dir;

    @Test
    void writesBothFilesAndPrintsTheCounts() throws Exception {
        List<String> lines = new ArrayList<>(TestRecords.good("live_score").subList(0, 4));
        lines.add(lines.get(0).replace("\"ingested_at\": " + TestRecords.INGESTED_AT, "\"ingested_at\": " + (TestRecords.INGESTED_AT + 120)));
        lines.add(TestRecords.lines("other_sport/live_score.jsonl").get(0));
        lines.add("{broken");
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines, StandardCharsets.UTF_8);
        String out = capture(() -> assertEquals(0, ValidateFile.run(new String[]{"--topic", "soccer.live_score", "--input",
                in.toString(), "--output-dir", dir.resolve("out").toString()})));
        assertTrue(out.startsWith("input=7 validated=4 rejected=2 duplicates_dropped=1"), out);
        assertTrue(out.contains("  json:malformed 1") && out.contains("  sport:not_soccer 1"), out);
        assertEquals(4, Files.readAllLines(dir.resolve("out/validated.jsonl")).size());
        List<String> rejected = Files.readAllLines(dir.resolve("out/rejected.jsonl"));
        assertEquals(2, rejected.size());
        assertTrue(rejected.get(1).contains("\"_raw\":\"{broken\"") && rejected.get(1).contains("\"offset\":7"), rejected.get(1));
    }

    /**
     * A line that is not UTF-8 is one malformed record, as the stream rejects it, and the lines around it are validated;
     * a carriage return inside a line is JSON whitespace, not a line end (a record is one line ending with \n).
     */
    @Test
    void aLineThatIsNotUtf8IsOneRejectedRecordAndACarriageReturnEndsNoLine() throws Exception {
        List<String> good = TestRecords.good("live_score").subList(0, 2);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(good.get(0).getBytes(StandardCharsets.UTF_8));
        bytes.write('\n');
        bytes.write(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
        String second = good.get(1);
        bytes.write(second.substring(0, 1).getBytes(StandardCharsets.UTF_8));
        bytes.write('\r');
        bytes.write(second.substring(1).getBytes(StandardCharsets.UTF_8));
        bytes.write("\r\n".getBytes(StandardCharsets.UTF_8));
        Path in = dir.resolve("mixed.jsonl");
        Files.write(in, bytes.toByteArray());
        String out = capture(() -> assertEquals(0, ValidateFile.run(new String[]{"--topic", "soccer.live_score", "--input",
                in.toString(), "--output-dir", dir.resolve("out").toString()})));
        assertTrue(out.startsWith("input=3 validated=2 rejected=1 duplicates_dropped=0"), out);
        assertTrue(out.contains("  json:malformed 1"), out);
        List<String> rejected = Files.readAllLines(dir.resolve("out/rejected.jsonl"));
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).contains("\"offset\":2"), "the line number of the record: " + rejected.get(0));
    }

    @Test
    void badArgumentsGiveUsageAndExitCode2() throws Exception {
        String err = captureErr(() -> assertEquals(2, ValidateFile.run(new String[]{"--topic", "soccer.cricket",
                "--input", "x", "--output-dir", "y"})));
        assertTrue(err.contains("no contract for topic 'soccer.cricket'") && err.contains("soccer.live_score") && err.contains("usage:"), err);
        err = captureErr(() -> assertEquals(2, ValidateFile.run(new String[]{"--topic", "soccer.live_score"})));
        assertTrue(err.contains("--topic, --input and --output-dir are required"), err);
        err = captureErr(() -> assertEquals(2, ValidateFile.run(new String[]{"--topic", "soccer.live_score", "--input",
                dir.resolve("missing.jsonl").toString(), "--output-dir", "y"})));
        assertTrue(err.contains("cannot read input file"), err);
    }

    interface Action {
        void run() throws Exception;
    }

    static String capture(Action a) throws Exception {
        return capture(a, false);
    }

    static String captureErr(Action a) throws Exception {
        return capture(a, true);
    }

    /** What the action prints on stdout (or stderr). */
    private static String capture(Action a, boolean stderr) throws Exception {
        PrintStream old = stderr ? System.err : System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(buf, true, StandardCharsets.UTF_8);
        if (stderr) {
            System.setErr(to);
        } else {
            System.setOut(to);
        }
        try {
            a.run();
        } finally {
            if (stderr) {
                System.setErr(old);
            } else {
                System.setOut(old);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
