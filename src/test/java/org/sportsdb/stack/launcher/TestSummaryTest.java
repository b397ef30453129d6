package org.sportsdb.stack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table {@code ./stack test} ends with ({@code ./stack test-summary} prints it again), read from surefire's reports
 * as surefire writes them and from the suites' logs and results as {@code stack} writes them.
 */
class TestSummaryTest {

    @TempDir
    Path root;

    private Path logs;

    private void report(String name, String xml) throws Exception {
        Path reports = Files.createDirectories(root.resolve("target/surefire-reports"));
        Files.writeString(reports.resolve(name), xml);
    }

    private void suite(String name, String result, String log) throws Exception {
        logs = Files.createDirectories(root.resolve(".run/test-logs"));
        Files.writeString(logs.resolve(name + ".result"), result + "\n");
        if (log != null) {
            Files.writeString(logs.resolve(name + ".log"), log);
        }
    }

    private record Table(int exit, String text) {
    }

    private Table summary(String... suites) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = TestSummary.print(root.resolve(".run/test-logs"), root, List.of(suites), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Table(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTestThatFailedItsReRunTooLeavesTheOtherTestsOfItsClassCounted() throws Exception {
        // surefire's report of a class of 3 tests whose third failed, then failed its re-run (rerunFailingTestsCount):
        // the class's totals are the re-run's alone, every test case of the first run is listed
        report("TEST-org.example.ProbeTest.xml", """
                <testsuite name="org.example.ProbeTest" time="0.006" tests="1" errors="0" skipped="0" failures="1">
                  <testcase name="a" classname="org.example.ProbeTest" time="0.015"/>
                  <testcase name="b" classname="org.example.ProbeTest" time="0.004"/>
                  <testcase name="c" classname="org.example.ProbeTest" time="0.009">
                    <failure message="always" type="org.opentest4j.AssertionFailedError">always</failure>
                    <rerunFailure message="always" type="org.opentest4j.AssertionFailedError">always</rerunFailure>
                  </testcase>
                </testsuite>
                """);
        // and a class whose test failed once, then passed its re-run: a pass
        report("TEST-org.example.FlakyTest.xml", """
                <testsuite name="org.example.FlakyTest" time="2.5" tests="2" errors="0" skipped="0" failures="0" flakes="1">
                  <testcase name="steady" classname="org.example.FlakyTest" time="1.0"/>
                  <testcase name="flaky" classname="org.example.FlakyTest" time="1.2">
                    <flakyFailure message="once" type="java.lang.AssertionError">once</flakyFailure>
                  </testcase>
                </testsuite>
                """);
        suite("maven", "0 120", null);
        // Maven's own lines for the flaky test
        Files.writeString(logs.resolve("maven-app.log"), """
                [WARNING] Flakes:
                [WARNING] org.example.FlakyTest.flaky
                [WARNING]   Run 1: FlakyTest.flaky:12 once
                [INFO]   Run 2: PASS
                """);

        Table table = summary("maven");
        assertEquals(1, table.exit(), table.text());
        assertTrue(table.text().contains("\nmaven                FAILED        120  4/1\n"), table.text());
        assertTrue(table.text().contains("\n  app                                3  4/1\n"), "the app's seconds: its classes' times summed\n" + table.text());
        assertTrue(table.text().contains("\nflaky (failed, passed on the re-run): FlakyTest.flaky:12 once\n"), table.text());
        assertTrue(table.text().contains("\nsuites FAILED: maven\n"), table.text());
        assertTrue(table.text().endsWith("\ntests: 4 passed, 1 failed\n"), table.text());
    }

    @Test
    void aSuiteOutsideMavenCountsTheLastTallyOfItsLogAndOneThatDidNotRunFailsTheSummary() throws Exception {
        suite("tls", "0 42", "round 1: 3 passed\nsome output\nmake-certs: 17 passed, 0 failed\n");
        suite("demo-once", "1 300", "demo --once: 12 soccer.* topics with records\n1 passed, 1 failed\n");

        Table table = summary("tls", "demo-once", "dashboards-live");
        assertEquals(1, table.exit(), table.text());
        assertTrue(table.text().contains("\ntls                  passed         42  17/0\n"), table.text());
        assertTrue(table.text().contains("\ndemo-once            FAILED        300  1/1\n"), table.text());
        assertTrue(table.text().contains("\ndashboards-live      not run         -  -\n"), table.text());
        assertTrue(table.text().contains("\nsuites FAILED: demo-once\nsuites not run: dashboards-live\n"), table.text());
        assertTrue(table.text().endsWith("\ntests: 18 passed, 1 failed\n"), table.text());
    }

    @Test
    void everySuitePassedIsExitZero() throws Exception {
        suite("tls", "0 42", "17 passed, 0 failed\n");
        Table table = summary("tls");
        assertEquals(0, table.exit(), table.text());
        assertTrue(table.text().endsWith("\ntests: 17 passed, 0 failed\n"), table.text());
    }

    @Test
    void stackTestSummaryRunsItFromItsSourceWithoutABuild() throws Exception {
        // ./stack test-summary on a run folder where no suite ran: the JDK runs TestSummary.java as it is
        Path stack = Path.of("").toAbsolutePath().resolve("stack");
        ProcessBuilder builder = new ProcessBuilder("bash", stack.toString(), "test-summary").redirectErrorStream(true);
        builder.environment().put("STACK_RUN_DIR", root.resolve("run").toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(1, process.exitValue(), out);
        assertTrue(out.contains("\nsuites not run: build warehouse-sql tls compose-check-unit compose-check image-build-stages maven spark-cluster demo-once "
                + "dashboards-live\n"), out);
        assertTrue(out.contains("\ntests: "), out);
    }
}
