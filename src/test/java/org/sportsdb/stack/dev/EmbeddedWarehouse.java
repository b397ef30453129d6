package org.sportsdb.stack.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded warehouse for tests: the ClickHouse HTTP front of {@code warehouse/engine/} over one chdb
 * session (the real ClickHouse engine, in a Python process), as {@link ReplayServer} is the embedded
 * TheSportsDB. {@link #start()} ensures the engine's venv ({@code warehouse/engine/ensure-venv.sh}: installs
 * it on first use), starts the front on a free port with a temporary data folder and waits for its ready
 * line; {@link #close()} stops it and deletes the folder. The front's log (every statement) stays in
 * {@code target/embedded-warehouse/front-<port>.log}.
 *
 * <p>{@link #jdbcUrl()} is what {@code WAREHOUSE_JDBC_URL} would be ({@code com.clickhouse:clickhouse-jdbc}
 * over HTTP). {@link #injectFaults(int, int)} makes the next N INSERTs fail with a ClickHouse error code
 * (e.g. 252 TOO_MANY_PARTS) and a server's message (the front runs with {@code --faults}); {@link #stop()} / {@link #restart()} take the
 * warehouse away and bring it back on the same port with the same data (an outage).
 */
public final class EmbeddedWarehouse implements AutoCloseable {

    static final String READY = "warehouse front ready on ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static volatile String python;

    private final Path root;
    private final Path dataDir;
    private final Path logFile;
    private final boolean ownsDataDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private EmbeddedWarehouse(Path root, Path dataDir, boolean ownsDataDir, int port) {
        this.root = root;
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
        // a test's front logs each statement under target/ (kept after the test), a given folder's beside it
        this.logFile = ownsDataDir ? root.resolve("target/embedded-warehouse/front-" + port + ".log")
                : dataDir.resolveSibling(dataDir.getFileName() + "-front.log");
    }

    /** A new, empty warehouse on a free port (temporary data folder, deleted on close). */
    public static EmbeddedWarehouse start() {
        try {
            Path dir = Files.createTempDirectory("embedded-warehouse");
            return start(dir.resolve("data"), freePort(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A warehouse on the given data folder (kept on close) and port (0 = a free one). */
    public static EmbeddedWarehouse start(Path dataDir, int port) {
        return start(dataDir, port == 0 ? freePort() : port, false);
    }

    private static EmbeddedWarehouse start(Path dataDir, int port, boolean ownsDataDir) {
        EmbeddedWarehouse warehouse = new EmbeddedWarehouse(repoRoot(), dataDir.toAbsolutePath(), ownsDataDir, port);
        warehouse.startProcess();
        return warehouse;
    }

    /** JDBC URL of this warehouse for {@code com.clickhouse:clickhouse-jdbc} (database {@code default}). */
    public String jdbcUrl() {
        return "jdbc:clickhouse:http://127.0.0.1:" + port + "/default";
    }

    /** The ClickHouse HTTP interface ({@code http://127.0.0.1:P}). */
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The next {@code count} INSERT statements fail with ClickHouse error {@code code}, before writing anything. */
    public void injectFaults(int code, int count) {
        injectFaults(code, count, "INSERT", false);
    }

    /**
     * The next {@code count} statements containing {@code match} (case-insensitive; "" = any) fail with
     * {@code code}; with {@code afterExecuting} the statement runs first (the rows are written) and the
     * client still gets the error, as when a connection breaks between the server's write and its answer.
     */
    public void injectFaults(int code, int count, String match, boolean afterExecuting) {
        String body = "{\"code\":" + code + ",\"count\":" + count + ",\"match\":\"" + jsonEscape(match)
                + "\",\"when\":\"" + (afterExecuting ? "after" : "before") + "\"}";
        String answer = admin("POST", body);
        if (!answer.contains("\"code\"")) {
            throw new IllegalStateException("front refused the faults " + body + ": " + answer);
        }
    }

    /** Injected faults still to fire, as the front lists them (JSON). */
    public String pendingFaults() {
        return admin("GET", null);
    }

    /** Forgets every injected fault not yet fired. */
    public void clearFaults() {
        admin("DELETE", null);
    }

    /** Stops the front (the warehouse becomes unreachable); the data stays. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the front again on the same port and data after {@link #stop()}. */
    public void restart() {
        stop();
        startProcess();
    }

    /** CPU seconds the front (the engine) has used so far (Linux /proc; -1 where unknown). */
    public double cpuSeconds() {
        Process running = process;
        if (running == null) {
            return -1;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + running.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100 a second)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            deleteTree(dataDir.getParent());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void startProcess() {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(logFile);
            ProcessBuilder builder = new ProcessBuilder(python(root), root.resolve("warehouse/engine/chdb_http_front.py").toString(),
                    "--port", Integer.toString(port), "--data", dataDir.toString(), "--log-requests", "--faults")
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            // the front's account is the default one (no password), as the tests' applications connect: not the
            // WAREHOUSE_JDBC_USER/PASSWORD a developer's shell may hold
            builder.environment().remove("WAREHOUSE_JDBC_USER");
            builder.environment().remove("WAREHOUSE_JDBC_PASSWORD");
            process = builder.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!log().contains(READY)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("warehouse front exited with " + process.exitValue() + ":\n" + log());
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException("warehouse front not ready after " + START_TIMEOUT + ":\n" + log());
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the warehouse front", e);
        }
    }

    /** The front's output so far (its ready line, errors). */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String admin(String method, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl() + "/__faults")).timeout(Duration.ofSeconds(30));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("front answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The venv's python, from {@code ensure-venv.sh} (once per JVM; its progress lines go to stderr). */
    private static String python(Path root) throws IOException, InterruptedException {
        String known = python;
        if (known != null) {
            return known;
        }
        synchronized (EmbeddedWarehouse.class) {
            if (python == null) {
                Process ensure = new ProcessBuilder("bash", root.resolve("warehouse/engine/ensure-venv.sh").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                String out = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (ensure.waitFor() != 0 || out.isEmpty()) {
                    throw new IllegalStateException("warehouse/engine/ensure-venv.sh failed (exit " + ensure.exitValue() + "): " + out);
                }
                List<String> lines = out.lines().toList();
                python = lines.get(lines.size() - 1);
            }
            return python;
        }
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("warehouse/engine/chdb_http_front.py"))) {
                return p;
            }
        }
        throw new IllegalStateException("warehouse/engine/chdb_http_front.py not found above " + dir);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
