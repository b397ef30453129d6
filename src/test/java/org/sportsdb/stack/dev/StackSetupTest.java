package org.sportsdb.stack.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./stack setup} (what {@code ./stack test} and the embedded warehouse run first) on a machine that lacks
 * packages: a PATH of links to this machine's commands without {@code chromium} and {@code prometheus}, and
 * stand-ins for {@code id} (root or not) and {@code apt-get} (records its calls; "installs" by adding the links).
 */
class StackSetupTest {

    private static final Set<String> HIDDEN = Set.of("chromium", "prometheus", "id", "apt-get");

    @TempDir
    Path dir;

    private Path bin;

    private record Run(int exit, String output) {
    }

    private Path machineWithout() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path path = Path.of(folder);
            if (!Files.isDirectory(path)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(path)) {
                for (Path command : commands.toList()) {
                    Path link = bin.resolve(command.getFileName().toString());
                    if (!HIDDEN.contains(link.getFileName().toString()) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.isExecutable(command)) {
                        Files.createSymbolicLink(link, command.toAbsolutePath());
                    }
                }
            }
        }
        return bin;
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run setup(String use) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", EmbeddedWarehouse.repoRoot().resolve("stack").toString(), "setup", use)
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("STACK_RUN_DIR", dir.resolve("run").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @Test
    void notRootStopsAtOnceWithTheOneCommandToRun() throws Exception {
        machineWithout();
        script("id", "echo 1000");
        script("apt-get", "echo \"apt-get $*\" >> " + dir.resolve("apt-calls") + "; exit 1");

        Run test = setup("test");
        assertEquals(1, test.exit(), test.output());
        assertTrue(test.output().contains("test needs Debian packages that are missing: prometheus chromium; install them with: "
                + "sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus chromium"), test.output());
        assertFalse(Files.exists(dir.resolve("apt-calls")), "apt-get must not run when not root");

        // the warehouse needs neither
        Run warehouse = setup("warehouse");
        assertEquals(0, warehouse.exit(), warehouse.output());
    }

    @Test
    void rootWithAptGetInstallsWhatIsMissingWithOneProgressLine() throws Exception {
        machineWithout();
        script("id", "echo 0");
        // a stand-in apt-get: records the call and, on install, puts the packages' commands on the PATH
        script("apt-get", "echo \"apt-get $*\" >> " + dir.resolve("apt-calls") + "\n"
                + "if [[ $1 == install ]]; then for p in \"$@\"; do case $p in chromium|prometheus) ln -s /bin/true " + bin + "/$p;; esac; done; fi");

        Run run = setup("test");
        assertEquals(0, run.exit(), run.output());
        List<String> progress = run.output().lines().filter(l -> l.contains("installing the Debian packages")).toList();
        assertEquals(1, progress.size(), run.output());
        assertTrue(progress.get(0).contains("test needs: prometheus chromium"), run.output());
        assertEquals(List.of("apt-get update -q", "apt-get install -y -q --no-install-recommends prometheus chromium"),
                Files.readAllLines(dir.resolve("apt-calls")));

        // installed now: a second run installs nothing
        Files.delete(dir.resolve("apt-calls"));
        assertEquals(0, setup("test").exit());
        assertFalse(Files.exists(dir.resolve("apt-calls")));
    }

    @Test
    void anAptGetThatInstallsNothingIsAnError() throws Exception {
        machineWithout();
        script("id", "echo 0");
        script("apt-get", "exit 0");
        Run run = setup("test");
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("still missing after apt-get: prometheus chromium"), run.output());
    }
}
