package org.sportsdb.stack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./stack demo} and {@code ./stack demo --once} print: what each start waits for, what runs where, the logs, what to try next, and the
 * application's log without the long lists it writes at start and stop (Camel Main's summaries of the settings, the
 * topics, the routes: one line each on the terminal, whole in {@code .run/logs/app.log}). A copy of {@code stack} runs
 * with a stand-in {@code java} that plays each service: it prints the line {@code stack} waits for, and the application
 * prints a start-up log as Camel Main writes it, then stays up until the terminal has shown its last line.
 */
class StackDemoOutputTest {

    /** The application's start-up log, as Camel Main and the application write it (shortened lists). */
    private static final String APP_LOG = """
            2026-12-07 07:29:15.196 INFO MainSupport - Apache Camel (Main) 4.17.0 is starting
            2026-12-07 07:29:23.845 INFO BaseMainSupport - Auto-configuration summary
            2026-12-07 07:29:23.846 INFO BaseMainSupport -     [application.properties]       camel.main.name = sportsdb-stack
            2026-12-07 07:29:23.846 INFO BaseMainSupport -     [application.properties]       camel.main.shutdownTimeout = 15
            2026-12-07 07:29:30.565 INFO TopicProvisioner - topics: 2 created, 0 as specified, 0 differing from their spec
              created   soccer.team
              created   soccer.venue
            2026-12-07 07:29:53.926 INFO BaseMainSupport - Property-placeholders summary
            2026-12-07 07:29:53.927 INFO BaseMainSupport -     [application.properties]       sportsdb.api.live-reserve = 20
            2026-12-07 07:29:53.927 INFO BaseMainSupport -     [OS Environment Variable]      kafka.security.protocol = PLAINTEXT
            2026-12-07 07:29:54.116 INFO AbstractCamelContext - Routes startup (total:2 started:2)
            2026-12-07 07:29:54.128 INFO AbstractCamelContext -     Started team (direct://team)
            2026-12-07 07:29:54.128 INFO AbstractCamelContext -     Started venue (direct://venue)
            2026-12-07 07:29:54.129 INFO AbstractCamelContext - Apache Camel 4.17.0 (sportsdb-stack) started in 14s584ms
            2026-12-07 07:29:55.483 INFO OnDemandRuns - feed team: running once
            """;
    private static final String LAST_LINE = "2026-12-07 07:29:55.483 INFO OnDemandRuns - feed team: running once";

    @TempDir
    Path root;

    private Path output;

    @BeforeEach
    void copyOfStackWithStandIns() throws IOException {
        Files.copy(Path.of("stack"), root.resolve("stack"));
        Files.createDirectories(root.resolve("src/test/resources/replay/api/v2/json"));
        for (String file : List.of("target/classpath-app.txt", "target/classpath-dev.txt", "spark-validator/target/classpath.txt")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "");
        }
        output = root.resolve("terminal.txt");
        Files.writeString(root.resolve("app-log.txt"), APP_LOG);
        // each service prints what stack waits for; the application writes its log, then stays up until the terminal
        // shows its last line (at most 60 s), as a running application would
        script("java", """
                case "$*" in
                  *KafkaBrokerMain*) echo "kafka broker ready on 127.0.0.1:1"; exec sleep 120 ;;
                  *ReplayServerMain*) echo "replay server ready on http://127.0.0.1:2"; exec sleep 120 ;;
                  *ValidatorJob*) echo "validator: kafka {kafka.bootstrap.servers=127.0.0.1:1}"; exec sleep 120 ;;
                  *org.sportsdb.stack.App*)
                    cat "%1$s/app-log.txt" >&2
                    if [[ "$*" == *--once* ]]; then printf 'topic        records\\nsoccer.team        1\\n'; fi
                    for i in $(seq 600); do grep -qF "%2$s" "%3$s" && exit 0; sleep 0.1; done; exit 0 ;;
                esac
                """.formatted(root, LAST_LINE, output));
        script("mvnw", "exit 0");
    }

    private void script(String name, String body) throws IOException {
        Path file = root.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String demo(String... options) throws Exception {
        return demoWithWarehouse("jdbc:clickhouse:http://127.0.0.1:3/default", options);
    }

    private String demoWithWarehouse(String warehouseUrl, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("stack").toString(), "demo"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA", root.resolve("java").toString());
        builder.environment().put("WAREHOUSE_JDBC_URL", warehouseUrl);
        // the defaults the banner shows, whatever the environment of the test run sets
        List.of("STACK_RUN_DIR", "DEMO_KAFKA_PORT", "DEMO_REPLAY_PORT", "DEMO_START_SECONDS", "CAMEL_MANAGEMENT_HOST", "CAMEL_MANAGEMENT_PORT",
                "VALIDATOR_METRICS_PORT").forEach(builder.environment()::remove);
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the demo did not end\n" + Files.readString(output));
        String terminal = Files.readString(output);
        assertEquals(0, process.exitValue(), terminal);
        return terminal;
    }

    private void theLogWithoutItsLists(String terminal) throws IOException {
        assertTrue(terminal.contains("\n(Camel Main's Auto-configuration summary: in app.log)\n"), terminal);
        assertTrue(terminal.contains("\n(Camel Main's Property-placeholders summary: in app.log)\n"), terminal);
        assertTrue(terminal.contains(" TopicProvisioner - topics: 2 created, 0 as specified, 0 differing from their spec (each topic: in app.log)\n"),
                terminal);
        assertTrue(terminal.contains(" AbstractCamelContext - Routes startup (total:2 started:2) (each route: in app.log)\n"), terminal);
        assertTrue(terminal.contains(LAST_LINE), terminal);
        for (String listed : List.of("camel.main.name", "sportsdb.api.live-reserve", "created   soccer.team", "Started venue")) {
            assertFalse(terminal.contains(listed), listed + " on the terminal\n" + terminal);
        }
        assertEquals(APP_LOG, Files.readString(root.resolve(".run/logs/app.log")), "the whole log in app.log");
    }

    @Test
    void theRunningDemoSaysWhatRunsWhereAndKeepsTheLongListsInItsLog() throws Exception {
        String terminal = demo();
        for (String line : List.of("starting kafka: waiting for \"kafka broker ready\" in .run/logs/kafka.log (at most 300 s)",
                "starting app: waiting for \"started in\" in .run/logs/app.log (at most 300 s)",
                "sportsdb-stack demo: running (Ctrl-C stops everything)",
                "    Kafka broker      127.0.0.1:19092 (soccer.*, validated.soccer.*, rejected.soccer.*)",
                "    replay server     http://127.0.0.1:18089 (TheSportsDB answers from src/test/resources/replay)",
                "    warehouse         jdbc:clickhouse:http://127.0.0.1:3/default",
                "    Camel app         http://127.0.0.1:9876/observe/health, http://127.0.0.1:9876/observe/metrics, http://127.0.0.1:9876/observe/jolokia",
                "  logs: .run/logs/ (app, validator, kafka, replay, warehouse)",
                "    ./stack sql \"SELECT * FROM dw.v_fact_event_latest LIMIT 5\"")) {
            assertTrue(terminal.contains(line + "\n") || terminal.contains(line), "'" + line + "' missing\n" + terminal);
        }
        theLogWithoutItsLists(terminal);
    }

    @Test
    void aPasswordInTheWarehouseUrlIsMaskedWhereverTheDemoShowsTheUrl() throws Exception {
        String terminal = demoWithWarehouse("jdbc:clickhouse:http://analyst:s3cret-in-authority@127.0.0.1:3/default?user=x&password=s3cret-in-query");
        assertFalse(terminal.contains("s3cret"), "a password on the terminal\n" + terminal);
        assertTrue(terminal.contains("    warehouse         jdbc:clickhouse:http://analyst:xxxxxx@127.0.0.1:3/default?user=x&password=xxxxxx\n"), terminal);
    }

    @Test
    void theDemoOncePrintsItsTableAndKeepsTheLongListsInItsLog() throws Exception {
        String terminal = demo("--once");
        assertTrue(terminal.contains("The app's whole log: " + root.resolve(".run/logs/app.log")), terminal);
        assertTrue(terminal.contains("topic        records\nsoccer.team        1\n"), terminal);
        theLogWithoutItsLists(terminal);
    }
}
