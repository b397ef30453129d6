package org.sportsdb.stack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two checks of the {@code demo-once} suite of {@code ./stack test}, on what one
 * {@code ./stack demo --once --reconcile --summary FILE} left: its summary (topic -> records) and its output (the ledger).
 * <ol>
 * <li>every {@code soccer.*} topic received records from the default corpus;</li>
 * <li>the ledger accounts for every record ({@code unaccounted: 0}) and its total line counts records validated.</li>
 * </ol>
 * Prints one line per check and {@code N passed, M failed} (the line the test summary counts); exit 1 when one failed.
 */
public final class DemoOnceCheck {

    /** The topics the feeds publish to: the default corpus has records for each. */
    static final List<String> TOPICS = List.of("live_score", "live.event.lookup", "broadcast", "schedule", "event", "event.stats",
            "event.timeline", "event.lineup", "event.highlights", "team", "player", "venue", "league");
    private static final Pattern NOTHING_UNACCOUNTED = Pattern.compile("(?m)^unaccounted: 0$");
    private static final Pattern TOTAL_WITH_RECORDS = Pattern.compile("(?m)^total +[1-9][0-9]* +[1-9]");

    private DemoOnceCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: DemoOnceCheck SUMMARY.json DEMO-OUTPUT.txt");
            System.exit(2);
        }
        System.exit(check(Path.of(args[0]), Path.of(args[1]), System.out) ? 0 : 1);
    }

    /** Runs both checks, prints their lines; true when both passed. */
    static boolean check(Path summary, Path demoOutput, PrintStream out) throws IOException {
        int passed = 0;
        if (everyTopicHasRecords(summary, out)) {
            passed++;
        }
        if (everyRecordAccountedFor(Files.readString(demoOutput, StandardCharsets.UTF_8), out)) {
            passed++;
        }
        out.println(passed + " passed, " + (2 - passed) + " failed");
        return passed == 2;
    }

    static boolean everyTopicHasRecords(Path summary, PrintStream out) throws IOException {
        Map<String, Map<String, Long>> json = new ObjectMapper().readValue(summary.toFile(), new TypeReference<>() {
        });
        Map<String, Long> topics = json.getOrDefault("topics", Map.of());
        List<String> empty = TOPICS.stream().filter(t -> topics.getOrDefault("soccer." + t, 0L) < 1).toList();
        out.printf("demo --once: %d soccer.* topics with records, %d records%n", TOPICS.size() - empty.size(),
                topics.values().stream().mapToLong(Long::longValue).sum());
        if (!empty.isEmpty()) {
            out.println("topics without records: " + String.join(", ", empty));
        }
        return empty.isEmpty();
    }

    static boolean everyRecordAccountedFor(String demoOutput, PrintStream out) {
        if (NOTHING_UNACCOUNTED.matcher(demoOutput).find() && TOTAL_WITH_RECORDS.matcher(demoOutput).find()) {
            out.println("demo --once --reconcile: every record accounted for");
            return true;
        }
        out.println("demo --once --reconcile: records unaccounted or none validated");
        return false;
    }
}
