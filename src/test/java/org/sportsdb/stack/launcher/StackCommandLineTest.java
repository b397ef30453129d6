package org.sportsdb.stack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./stack}'s command line never surprises: every command answers {@code -h}/{@code --help} with its usage and a
 * wrong argument with the reason and its usage (exit 2), and in both cases nothing ran. A copy of {@code stack} in a
 * folder of its own, beside the feeds of {@code routes/} (run-feed checks a name against them) and stand-ins for every
 * program it may start (the Maven wrapper, {@code java} through JAVA, the scripts of hawtio, certs, compose-check and
 * warehouse check): each stand-in writes down that it ran. "Nothing ran" is: no stand-in ran, and no file appeared in
 * the folder (no build stamp, nothing under {@code .run}).
 */
class StackCommandLineTest {

    /** The programs {@code stack} starts, relative to its folder; JAVA is the stand-in {@code java}. */
    private static final List<String> PROGRAMS = List.of("mvnw", "java", "infra/docker/hawtio/run-local.sh", "infra/tls/make-certs.sh",
            "infra/compose-check/run.sh", "warehouse/check/run.sh", "warehouse/engine/ensure-venv.sh");

    @TempDir
    Path root;

    private Set<Path> before;

    private record Run(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void copyOfStack() throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        Files.copy(repo.resolve("stack"), root.resolve("stack"));
        try (Stream<Path> routes = Files.walk(repo.resolve("routes"))) {
            for (Path from : routes.toList()) {
                Path to = root.resolve(repo.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.createDirectories(root.resolve("src/test/resources/replay/api/v2/json"));  // the default corpus, empty
        for (String program : PROGRAMS) {
            Path file = root.resolve(program);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "#!/bin/bash\necho \"" + program + " $*\" >> \"" + ranFile() + "\"\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        before = files();
    }

    private Path ranFile() {
        return root.getParent().resolve(root.getFileName() + "-ran.txt");
    }

    private Set<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.collect(Collectors.toSet());
        }
    }

    private Run stack(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("stack").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA", root.resolve("java").toString());
        builder.environment().remove("STACK_RUN_DIR");
        builder.environment().remove("WAREHOUSE_JDBC_URL");
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stack " + String.join(" ", args) + " did not end");
        return new Run(process.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void nothingRan(Run run, String what) throws IOException {
        assertFalse(Files.exists(ranFile()), what + " started " + (Files.exists(ranFile()) ? Files.readString(ranFile()) : "") + run.all());
        Set<Path> written = new java.util.TreeSet<>(files());
        written.removeAll(before);
        assertEquals(Set.of(), written, what + " wrote files\n" + run.all());
    }

    /** The commands ./stack help lists: the first word of each line indented by two spaces. */
    private List<String> commands() throws Exception {
        Run help = stack("help");
        assertEquals(0, help.exit(), help.all());
        List<String> commands = help.out().lines().filter(l -> l.matches("  [a-z][-a-z]*( .*)?")).map(l -> l.trim().split(" ")[0])
                .distinct().toList();
        assertTrue(commands.containsAll(List.of("demo", "run-feed", "validate", "bench", "topics", "triage", "triage-report", "sql",
                "warehouse", "reconcile", "hawtio", "certs", "compose-check", "record", "setup", "build", "test",
                "test-summary", "help")), help.out());
        return commands;
    }

    @Test
    void everyCommandAnswersHelpWithItsUsageAndNothingElse() throws Exception {
        for (String command : commands()) {
            for (String help : List.of("--help", "-h")) {
                Run run = stack(command, help);
                String what = "./stack " + command + " " + help;
                assertEquals(0, run.exit(), what + "\n" + run.all());
                assertTrue(run.out().startsWith("usage: ./stack " + command), what + "\n" + run.all());
                assertEquals("", run.err(), what);
                nothingRan(run, what);
            }
        }
        // --help after other arguments too (a statement, a feed name): the usage, not the statement run
        for (String[] args : List.of(new String[] {"sql", "SELECT 1", "--help"}, new String[] {"run-feed", "team", "--help"},
                new String[] {"bench", "validator", "--records", "10", "-h"}, new String[] {"warehouse", "migrate", "--help"})) {
            Run run = stack(args);
            assertEquals(0, run.exit(), run.all());
            assertTrue(run.out().startsWith("usage: ./stack " + args[0]), run.all());
            nothingRan(run, String.join(" ", args));
        }
    }

    @Test
    void everyCommandRefusesAnUnknownOptionBeforeAnythingRuns() throws Exception {
        for (String command : commands()) {
            Run run = stack(command, "--no-such-option");
            String what = "./stack " + command + " --no-such-option";
            assertEquals(2, run.exit(), what + "\n" + run.all());
            assertTrue(run.err().startsWith("[stack] " + command + ": "), what + "\n" + run.all());
            assertTrue(run.err().contains("--no-such-option"), what + "\n" + run.all());
            assertTrue(run.err().contains("usage: ./stack " + command), what + "\n" + run.all());
            assertEquals("", run.out(), what);
            nothingRan(run, what);
        }
    }

    @Test
    void wrongValuesAndMissingArgumentsAreRefusedBeforeAnythingRuns() throws Exception {
        String[][] cases = {
                {"demo --summary s.json", "--summary goes with --once"},
                {"demo --once --fixtures /nowhere", "not a replay corpus (no api/v2/json folder): /nowhere"},
                {"demo --once --summary", "--summary needs a value"},
                {"run-feed", "which feed: one NAME"},
                {"run-feed teams", "no feed named teams; feeds: "},
                {"run-feed team player", "which feed: one NAME"},
                {"validate --topic soccer.team --input x.jsonl", "--output-dir is required"},
                {"validate --topic soccer.team --input /nowhere.jsonl --output-dir out", "cannot read the input file /nowhere.jsonl"},
                {"bench", "which benchmark: validator, warehouse, feeds or freshness"},
                {"bench spark", "no benchmark named spark"},
                {"bench warehouse --records many", "--records takes a whole number, not many"},
                {"topics soccer.team", "unexpected argument soccer.team"},
                {"triage now", "unexpected argument now"},
                {"triage-report --date yesterday", "--date is YYYY-MM-DD, not yesterday"},
                {"sql", "one statement, in quotes"},
                {"warehouse", "one of migrate, status, check"},
                {"warehouse drop", "no warehouse command drop"},
                {"reconcile --since 1week", "--since is <n>s, <n>m, <n>h or <n>d, not 1week"},
                {"reconcile --since 24h --from 2026-12-01T06:00:00Z", "--since or --from, not both"},
                {"reconcile --from yesterday", "--from is an instant, e.g. 2026-12-01T06:00:00Z, not yesterday"},
                {"compose-check --env-file /nowhere.env", "cannot read /nowhere.env"},
                {"record", "--out is required"},
                {"setup prod", "setup is for test or warehouse, not prod"},
                {"test maven", "unexpected argument maven"},
                {"help nosuch", "no command named nosuch"},
        };
        for (String[] c : cases) {
            String[] args = c[0].split(" ");
            Run run = stack(args);
            String what = "./stack " + c[0];
            assertEquals(2, run.exit(), what + "\n" + run.all());
            assertTrue(run.err().startsWith("[stack] " + args[0] + ": " + c[1]), what + "\n" + run.all());
            assertTrue(run.err().contains("usage: ./stack " + args[0]), what + "\n" + run.all());
            nothingRan(run, what);
        }
    }

    @Test
    void anUnknownCommandListsEveryCommand() throws Exception {
        Run run = stack("deploy");
        assertEquals(2, run.exit(), run.all());
        assertTrue(run.err().startsWith("[stack] no command named deploy\nusage: ./stack <command> [options]"), run.all());
        assertTrue(run.err().contains("\n  run-feed NAME [--season S] [--full]\n"), run.all());
        nothingRan(run, "./stack deploy");
    }

    @Test
    void aStatementThatStartsWithACommentIsAStatementNotAnOption() throws Exception {
        // it gets as far as the build: the stand-in Maven wrapper ran (then the stand-in java has no class path: it fails)
        Run run = stack("sql", "-- the latest events\nSELECT 1");
        assertTrue(Files.readString(ranFile()).startsWith("mvnw "), run.all());
    }
}
