package org.sportsdb.stack.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./stack triage-report} (TriageReport run from the repository's root) reads triage.root and triage.timezone
 * from the application's settings, as the application does: its built application.properties, then system properties,
 * then environment variables.
 */
class TriageReportSettingsTest {

    /** Far from Africa/Cairo (UTC+2): "yesterday" there is another day than in Cairo for most of the day. */
    private static final String ZONE = "Pacific/Kiritimati";

    @TempDir
    Path repository;

    @Test
    void theReportReadsRootAndTimezoneFromTheApplicationsSettings() throws Exception {
        Path root = Files.createDirectories(repository.resolve("triage-files"));
        Path appSettings = Files.createDirectories(repository.resolve("target/classes")).resolve("application.properties");
        Files.writeString(appSettings, "triage.root = " + root + "\ntriage.timezone = " + ZONE + "\nother.setting = 1\n");

        LocalDate before = LocalDate.now(ZoneId.of(ZONE)).minusDays(1);
        String header = report(List.of()).get(0);
        LocalDate after = LocalDate.now(ZoneId.of(ZONE)).minusDays(1);

        assertTrue(header.endsWith(" under " + root), "the root of application.properties: " + header);
        assertTrue(header.contains(" for " + before + " ") || header.contains(" for " + after + " "),
                "yesterday in the timezone of application.properties (" + before + "): " + header);

        Path fromSystemProperty = Files.createDirectories(repository.resolve("other-files"));
        String overridden = report(List.of("-Dtriage.root=" + fromSystemProperty)).get(0);
        assertTrue(overridden.endsWith(" under " + fromSystemProperty), "a system property wins: " + overridden);
    }

    /** Runs TriageReport in a JVM of its own in {@code repository} (as ./stack does from the repository's root). */
    private List<String> report(List<String> jvmOptions) throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(repository.resolve(".run/tmp"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(TriageReport.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TRIAGE_"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the report ended");
        assertEquals(0, process.exitValue(), output);
        return output.lines().filter(line -> line.startsWith("Rejected records triaged for ")).toList();
    }
}
