package org.sportsdb.stack.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the repository's infra shell scripts with bash, with only the given settings from the environment.
 * The repository root is the system property {@code project.root} (every module's test JVM gets it), else the
 * working directory.
 */
public final class InfraScript {

    private static final long TIMEOUT_SECONDS = 180;

    private InfraScript() {
    }

    /** Runs {@code infra/<script>}; its output goes to {@code log}; fails with that output unless it exits 0. */
    public static void run(String script, Map<String, String> settings, Path log) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("project.root", "."), "infra", script);
        ProcessBuilder run = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        // no password, user list, address or broker of the caller's environment leaks in
        run.environment().keySet().removeIf(name -> name.matches("(TLS|SASL|KAFKA|EXTERNAL|BROKER)_.*"));
        run.environment().putAll(settings);
        Process process = run.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within " + TIMEOUT_SECONDS + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + Files.readString(log));
        }
    }
}
