package org.sportsdb.stack.ops.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.KafkaBroker;

/**
 * A real Prometheus (Debian's {@code prometheus}) on loopback, scraping one target every second, with
 * its data under the given folder; stopped by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port = KafkaBroker.freePort();
    private final Process process;

    PrometheusServer(Path dir, String job, String target, String metricsPath) throws IOException, InterruptedException {
        this(dir, job, target, metricsPath, null);
    }

    /** With {@code rules} (a rule file, or null) evaluated every second. */
    PrometheusServer(Path dir, String job, String target, String metricsPath, Path rules) throws IOException, InterruptedException {
        this(dir, job, target, metricsPath, rules, null);
    }

    /** With {@code rules} evaluated every second and their alerts sent to the Alertmanager at {@code alertmanager} (host:port, or null). */
    PrometheusServer(Path dir, String job, String target, String metricsPath, Path rules, String alertmanager)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                rules == null ? "" : "rule_files: ['" + rules.toAbsolutePath() + "']",
                alertmanager == null ? "" : "alerting: {alertmanagers: [{static_configs: [{targets: ['" + alertmanager + "']}]}]}",
                "scrape_configs:",
                "  - job_name: " + job,
                "    metrics_path: " + metricsPath,
                "    static_configs: [{targets: ['" + target + "']}]", ""));
        process = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        awaitReady("prometheus", process, port, dir.resolve("prometheus.log"));
    }

    /**
     * Waits (at most 30 s) until a server of the Prometheus family (Prometheus, Alertmanager) started as {@code process}
     * answers 200 on {@code /-/ready} at the loopback port; fails at once with its log when the process exits.
     */
    static void awaitReady(String name, Process process, int port, Path log) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).timeout(Duration.ofSeconds(20)).build();
        Eventually.await(name + " ready at " + ready.uri(), Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + Files.readString(log));
            }
            return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;   // IOException: not listening yet
        });
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The API's answer to an instant query: {"status": ..., "data": {"result": [...]}} or {"status":"error", "error": ...}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body());
    }

    /** Any GET of the HTTP API, e.g. {@code /api/v1/rules} or {@code /api/v1/alerts}. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        return JSON.readTree(get(pathAndQuery).body());
    }

    /** Values of a label on the series matching the selector (what Grafana's label_values(metric, label) lists). */
    JsonNode labelValues(String label, String selector) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)).body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
