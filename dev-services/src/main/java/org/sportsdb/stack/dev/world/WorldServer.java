package org.sportsdb.stack.dev.world;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The season world over HTTP, as TheSportsDB v2 answers: {@code GET /api/v2/json/<path>} with {@code X-API-KEY}
 * (else the real API's 400 "Invalid Premium API key"); 200 with the envelope, {"Message":"No data found"}, or 404 for
 * a path the API does not have. Counts the calls per endpoint ({@code lookup/player}, ...; the live score per sport or league: {@code livescore/soccer},
 * {@code livescore/4328}).
 * <p>
 * A process running it ({@code ReplayServerMain --world}) is driven over HTTP: {@code GET /world/clock} (the world's
 * instant), {@code GET /world/advance?to=2026-12-08T00:00:00Z}, {@code GET /world/script} (apply the scripted
 * changes), {@code GET /world/calls}.
 */
public final class WorldServer implements AutoCloseable {

    static final String INVALID_KEY_BODY =
            "{\"Message\":\"Invalid Premium API key: Signup here: https:\\/\\/www.thesportsdb.com\\/pricing\"}";
    private static final String API = "/api/v2/json/";

    private final SeasonWorld world;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    public WorldServer(SeasonWorld world, int port) throws IOException {
        this.world = world;
        // headers and body leave in one go: without it each answer waits for the client's delayed ACK (~40 ms a call)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/api/", this::api);
        server.createContext("/world/", this::control);
        server.setExecutor(threads);
        server.start();
    }

    private void api(HttpExchange http) throws IOException {
        try (http) {
            String path = http.getRequestURI().getRawPath();
            if (http.getRequestHeaders().getFirst("X-API-KEY") == null || http.getRequestHeaders().getFirst("X-API-KEY").isBlank()) {
                send(http, 400, INVALID_KEY_BODY);
                return;
            }
            if (!path.startsWith(API)) {
                send(http, 404, "{}");
                return;
            }
            String relative = URLDecoder.decode(path.substring(API.length()), StandardCharsets.UTF_8);
            calls.computeIfAbsent(endpoint(relative), k -> new AtomicLong()).incrementAndGet();
            String body = world.answer(relative);
            send(http, body == null ? 404 : 200, body == null ? "{}" : body);
        }
    }

    private void control(HttpExchange http) throws IOException {
        try (http) {
            String path = http.getRequestURI().getPath();
            String query = http.getRequestURI().getQuery();
            switch (path) {
                case "/world/clock" -> send(http, 200, world.now().toString());
                case "/world/advance" -> {
                    world.advanceTo(Instant.parse(query.substring(query.indexOf('=') + 1)));
                    send(http, 200, world.now().toString());
                }
                case "/world/script" -> send(http, 200, String.join("\n", world.applyScriptedChanges().stream().map(Object::toString).toList()));
                case "/world/calls" -> send(http, 200, calls().toString());
                default -> send(http, 404, "unknown: " + path);
            }
        }
    }

    /** The endpoint of a path without its parameters: {@code lookup/player/34145406} -> {@code lookup/player}. */
    static String endpoint(String relative) {
        String[] p = relative.split("/");
        if (p[0].equals("livescore")) {
            return p.length > 1 ? "livescore/" + p[1] : "livescore"; // the sport or the league: which leagues were asked
        }
        return p.length > 1 ? p[0] + "/" + p[1] : p[0];
    }

    private static void send(HttpExchange http, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Calls so far per endpoint. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public SeasonWorld world() {
        return world;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
