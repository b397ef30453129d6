package org.sportsdb.stack.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The table {@code ./stack test} ends with, and {@code ./stack test-summary} prints again: each suite's result, seconds
 * and tests passed/failed (the Maven suite per module, counted from surefire's reports), the tests that failed and
 * passed on surefire's re-run, the suites that failed or did not run, then {@code tests: N passed, M failed}.
 * <p>
 * {@code stack} runs it from this source file ({@code java TestSummary.java LOGS ROOT SUITE...}: the JDK alone, no
 * build, so a failed build is summarized too); it therefore uses nothing but the JDK. Exit status 1 when a suite
 * failed or did not run.
 */
public final class TestSummary {

    /** The Maven suite's modules: name in the table, folder (the app builds at the root). */
    private static final String[][] MODULES = {
            {"common", "common"}, {"dev-services", "dev-services"}, {"parquet-sink", "parquet-sink"}, {"app", "."}, {"spark-validator", "spark-validator"}};
    private static final Pattern PASSED = Pattern.compile("(\\d+) passed");
    private static final Pattern FAILED = Pattern.compile("(\\d+) failed");

    private TestSummary() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java TestSummary.java TEST_LOGS ROOT SUITE...");
            System.exit(2);
        }
        System.exit(print(Path.of(args[0]), Path.of(args[1]), List.of(args).subList(2, args.length), System.out));
    }

    /** Passed and failed test cases, and seconds. */
    record Count(int passed, int failed, double seconds) {
        Count plus(Count other) {
            return new Count(passed + other.passed, failed + other.failed, seconds + other.seconds);
        }
    }

    /** Prints the table of the suites whose logs and results are in {@code logs}; returns the exit status. */
    public static int print(Path logs, Path root, List<String> suites, PrintStream out) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> failedSuites = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        int totalPassed = 0;
        int totalFailed = 0;
        for (String name : suites) {
            String[] result = result(logs.resolve(name + ".result"));
            String rc = result[0];
            String outcome = rc.equals("0") ? "passed" : rc.equals("-1") ? "not run" : "FAILED";
            if (rc.equals("-1")) {
                notRun.add(name);
            } else if (!rc.equals("0")) {
                failedSuites.add(name);
            }
            Count count;
            if (name.equals("maven")) {
                count = new Count(0, 0, 0);
                List<String[]> modules = new ArrayList<>();
                for (String[] module : MODULES) {
                    Count m = surefire(root.resolve(module[1]).resolve("target/surefire-reports"));
                    count = count.plus(m);
                    modules.add(new String[] {"  " + module[0], "", String.format("%.0f", m.seconds()), m.passed() + "/" + m.failed()});
                }
                if (count.failed() > 0 && outcome.equals("passed")) {
                    outcome = "FAILED";
                    failedSuites.add(name);
                }
                rows.add(new String[] {name, outcome, result[1], count.passed() + "/" + count.failed()});
                rows.addAll(modules);
            } else {
                count = summaryLine(logs.resolve(name + ".log"));
                rows.add(new String[] {name, outcome, result[1],
                        count.passed() > 0 || count.failed() > 0 ? count.passed() + "/" + count.failed() : "-"});
            }
            totalPassed += count.passed();
            totalFailed += count.failed();
        }
        out.println();
        out.println(String.format("%-20s %-8s %8s  %s", "suite", "result", "seconds", "tests passed/failed"));
        for (String[] row : rows) {
            out.println(String.format("%-20s %-8s %8s  %s", (Object[]) row));
        }
        out.println("(a module's seconds: its test classes' times summed, forks side by side; suites ran partly side by side)");
        for (String text : flaky(logs)) {
            out.println("flaky (failed, passed on the re-run): " + (text.length() > 300 ? text.substring(0, 300) : text));
        }
        if (!failedSuites.isEmpty()) {
            out.println("suites FAILED: " + String.join(" ", failedSuites));
        }
        if (!notRun.isEmpty()) {
            out.println("suites not run: " + String.join(" ", notRun));
        }
        out.println("tests: " + totalPassed + " passed, " + totalFailed + " failed");
        return failedSuites.isEmpty() && notRun.isEmpty() ? 0 : 1;
    }

    /** A suite's exit status and seconds, from its .result file ("-1", "-" when it did not run). */
    private static String[] result(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            if (parts.length == 2) {
                return parts;
            }
        } catch (IOException e) {
            // not run
        }
        return new String[] {"-1", "-"};
    }

    /**
     * The test cases of surefire's reports in a folder. Counted from the test cases: when a test fails its re-run too,
     * surefire's totals of that class (tests, failures, time) are the re-run's alone (tests="1"), while every test case
     * of the first run is still listed. A class's seconds: its own time (which includes its set-up) or its cases', the larger.
     */
    static Count surefire(Path folder) throws Exception {
        Count count = new Count(0, 0, 0);
        if (!Files.isDirectory(folder)) {
            return count;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (DirectoryStream<Path> reports = Files.newDirectoryStream(folder, "TEST-*.xml")) {
            for (Path report : reports) {
                Element suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
                int passed = 0;
                int failed = 0;
                double cases = 0;
                NodeList testcases = suite.getElementsByTagName("testcase");
                for (int i = 0; i < testcases.getLength(); i++) {
                    Element testcase = (Element) testcases.item(i);
                    boolean failure = false;
                    boolean skipped = false;
                    for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                        String tag = child.getNodeName();
                        failure |= tag.equals("failure") || tag.equals("error");
                        skipped |= tag.equals("skipped");
                    }
                    if (failure) {
                        failed++;
                    } else if (!skipped) {
                        passed++;
                    }
                    cases += seconds(testcase);
                }
                count = count.plus(new Count(passed, failed, Math.max(seconds(suite), cases)));
            }
        }
        return count;
    }

    private static double seconds(Element element) {
        String time = element.getAttribute("time");
        return time.isEmpty() ? 0 : Double.parseDouble(time.replace(",", ""));
    }

    /** A suite outside Maven: the last "N passed[, M failed]" line of its log. */
    static Count summaryLine(Path log) {
        String last = null;
        try {
            for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                if (PASSED.matcher(line).find()) {
                    last = line;
                }
            }
        } catch (IOException e) {
            return new Count(0, 0, 0);
        }
        if (last == null) {
            return new Count(0, 0, 0);
        }
        Matcher passed = PASSED.matcher(last);
        Matcher failed = FAILED.matcher(last);
        passed.find();
        return new Count(Integer.parseInt(passed.group(1)), failed.find() ? Integer.parseInt(failed.group(1)) : 0, 0);
    }

    /** Tests that failed, then passed on surefire's re-run (rerunFailingTestsCount): counted as passed, listed. */
    static List<String> flaky(Path logs) {
        List<String> flaky = new ArrayList<>();
        for (String name : List.of("maven-app.log", "maven-modules.log")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(logs.resolve(name), java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.contains("Run 1:")) {
                    continue;
                }
                boolean passedOnReRun = lines.subList(i + 1, Math.min(i + 4, lines.size())).stream().anyMatch(l -> l.contains("Run 2: PASS"));
                String text = line.substring(line.indexOf("Run 1:") + "Run 1:".length()).strip();
                if (passedOnReRun && !flaky.contains(text)) {
                    flaky.add(text);
                }
            }
        }
        return flaky;
    }
}
