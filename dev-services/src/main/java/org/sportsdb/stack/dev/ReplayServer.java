package org.sportsdb.stack.dev;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The offline TheSportsDB: a WireMock server replaying a recorded corpus.
 * <ul>
 *   <li>{@code DIR/api/v2/json/<path>.json} answers {@code GET /api/v2/json/<path>} with 200;</li>
 *   <li>no file: 404, as the real API;</li>
 *   <li>WireMock stub mappings in {@code DIR/mappings/} take precedence over the files, so a corpus can
 *       script status codes, Retry-After headers, delays and sequences;</li>
 *   <li>a request without {@code X-API-KEY} gets the real API's 400 "Invalid Premium API key".</li>
 * </ul>
 */
public final class ReplayServer implements AutoCloseable {

    /** Priorities: lower wins. The key check first, then a corpus' own mappings (WireMock's default 5), then the files. */
    private static final int KEY_CHECK_PRIORITY = 1;
    private static final int FILE_PRIORITY = 10;
    static final String INVALID_KEY_BODY =
            "{\"Message\":\"Invalid Premium API key: Signup here: https:\\/\\/www.thesportsdb.com\\/pricing\"}";

    private final WireMockServer server;
    private final int files;

    public ReplayServer(Path corpus, int port) {
        if (!Files.isDirectory(corpus.resolve("api/v2/json"))) {
            throw new IllegalArgumentException("not a replay corpus (no api/v2/json folder): " + corpus.toAbsolutePath());
        }
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .usingFilesUnderDirectory(corpus.toString()));
        server.start();
        server.stubFor(get(urlPathMatching("/api/.*")).atPriority(KEY_CHECK_PRIORITY)
                .withHeader("X-API-KEY", absent())
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(INVALID_KEY_BODY)));
        files = stubCorpusFiles(corpus);
    }

    private int stubCorpusFiles(Path corpus) {
        Path root = corpus.resolve("api/v2/json");
        List<Path> jsonFiles;
        try (Stream<Path> walk = Files.walk(root)) {
            jsonFiles = walk.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : jsonFiles) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            String path = "/api/v2/json/" + relative.substring(0, relative.length() - ".json".length());
            try {
                server.stubFor(get(urlPathEqualTo(path)).atPriority(FILE_PRIORITY)
                        .withHeader("X-API-KEY", matching(".+"))
                        .willReturn(aResponse().withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody(Files.readAllBytes(file))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jsonFiles.size();
    }

    /**
     * Adds the WireMock stub mappings of a fault corpus ({@code *.json} in {@code mappings}, e.g.
     * {@code src/test/resources/replay-faults/mappings}) on top of the corpus: their priority (below 10)
     * wins over the files. Returns how many were added.
     */
    public int addFaults(Path mappings) {
        try (Stream<Path> files = Files.list(mappings)) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            for (Path file : json) {
                server.addStubMapping(com.github.tomakehurst.wiremock.stubbing.StubMapping.buildFrom(Files.readString(file)));
            }
            return json.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the stubs a test scripted at {@code priority} and resets every scenario: the corpus answers again. */
    public void removeScriptedFaults(int priority) {
        server.resetScenarios();
        server.getStubMappings().stream()
                .filter(m -> m.getPriority() != null && m.getPriority() == priority)
                .collect(Collectors.toList())
                .forEach(server::removeStub);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public int files() {
        return files;
    }

    /** The WireMock server, for tests that script faults or read the request journal. */
    public WireMockServer wireMock() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
