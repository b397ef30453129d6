package org.sportsdb.stack.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table {@code ./stack test} ends with ({@code ./stack test-summary} prints it again), read from surefire's
 * reports as surefire writes them: a copy of {@code stack} in a folder of its own with one module's reports.
 */
class StackTestSummaryTest {

    @TempDir
    Path root;

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
        Path logs = Files.createDirectories(root.resolve(".run/test-logs"));
        Files.writeString(logs.resolve("maven.result"), "0 120\n");

        String table = summary();
        assertTrue(table.contains("\nmaven                FAILED        120  4/1\n"), table);
        assertTrue(table.contains("\n  app                                3  4/1\n"), "the app's seconds: its classes' times summed\n" + table);
        assertTrue(table.contains("\nsuites FAILED: maven\n"), table);
        assertTrue(table.endsWith("\ntests: 4 passed, 1 failed\n"), table);
    }

    private void report(String name, String xml) throws Exception {
        Path reports = Files.createDirectories(root.resolve("target/surefire-reports"));
        Files.writeString(reports.resolve(name), xml);
    }

    private String summary() throws Exception {
        Files.copy(Path.of("stack"), root.resolve("stack"));
        Process process = new ProcessBuilder("bash", root.resolve("stack").toString(), "test-summary")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(1, process.exitValue(), "suites failed or not run\n" + out);
        return out;
    }
}
