package org.sportsdb.stack.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;


/** The management server of an application under test: its settings, and GETs of its endpoints. */
public final class Management {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port = KafkaBroker.freePort();

    /** Turns the management server on (loopback, a free port) with full health details and a fast meter refresh. */
    public Map<String, String> enableIn(Map<String, String> settings) {
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.host", "127.0.0.1");
        settings.put("camel.management.port", Integer.toString(port));
        settings.put("camel.health.exposureLevel", "full");
        settings.put("ops.metrics.refresh-ms", "100");
        return settings;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One scrape of /observe/metrics (it must answer 200). */
    public MetricsText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/observe/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/observe/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new MetricsText(response.body());
    }

    /**
     * Scrapes /observe/metrics until the scrape satisfies the condition (new keys appear at the next refresh), at most
     * 10 s, and returns that scrape; fails naming what it waited for and the last scrape.
     */
    public MetricsText scrapeUntil(String what, Predicate<MetricsText> condition) throws InterruptedException {
        return Eventually.awaitValue("a scrape of /observe/metrics with " + what, Duration.ofSeconds(30),
                () -> new MetricsText(get("/observe/metrics").body()), condition);
    }
}
