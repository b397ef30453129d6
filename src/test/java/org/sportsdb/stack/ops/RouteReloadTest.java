package org.sportsdb.stack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.TopicReader;
import org.sportsdb.stack.feeds.OnDemandRuns;
import org.sportsdb.stack.ops.console.RouteFileReloader;

/**
 * Live route edits on a copy of routes/: the application runs, a feed's YAML file is edited, and the
 * running route changes; broken edits (bad YAML, an unknown component) are counted and reported while
 * the previous route keeps running and publishing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RouteReloadTest {

    private static final String ORIGINAL_DESCRIPTION =
            "description: Poll /livescore/{sport} once (per league only when needed) and publish each live row of the configured leagues";

    private static Path routes;
    private static Path liveScoreFile;
    private static String original;
    private static ReplayServer api;
    private static Main app;
    private static CamelContext context;
    private static RouteFileReloader reloader;

    @BeforeAll
    static void start() throws Exception {
        routes = Path.of("target", "route-reload-" + ProcessHandle.current().pid()).toAbsolutePath();
        Files.createDirectories(routes);
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, routes.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        liveScoreFile = routes.resolve("live-score.camel.yaml");
        original = Files.readString(liveScoreFile);
        assertTrue(original.contains(ORIGINAL_DESCRIPTION), "the test edits this line of routes/live-score.camel.yaml");

        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        Map<String, String> settings = TestStack.settings(api.baseUrl());
        settings.put("camel.main.routesIncludePattern", "classpath:routes.yaml,file:" + routes + "/*.yaml");
        settings.put("routes.reload.enabled", "true");
        settings.put("routes.reload.directory", routes.toString());
        settings.put("feeds.live-score.leagues", "4335");
        settings.put("feeds.live-event-lookup.enabled", "false");
        app = TestStack.startApp(settings);
        context = app.getCamelContext();
        reloader = context.getRegistry().lookupByNameAndType("routeFileReloader", RouteFileReloader.class);
        assertNotNull(reloader, "live route edits are on");
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @Test
    @Order(1)
    void editingAFeedFileChangesTheRunningRoute() throws Exception {
        int reloads = reloader.getReloadCounter();
        write(original.replace(ORIGINAL_DESCRIPTION, "description: Edited while running"));

        // the reloader counts a reload after it replaced the route: both, as one condition (a loaded machine shows the gap)
        Eventually.await("live-score reloaded with the new description, the reload counted", Duration.ofSeconds(30),
                () -> "Edited while running".equals(description()) && reloader.getReloadCounter() > reloads);
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("live-score"));
        assertEquals(1, publishedByOneRun(), "the reloaded route polls and publishes");
    }

    @Test
    @Order(2)
    void aBrokenYamlEditIsReportedAndThePreviousRouteKeepsRunning() throws Exception {
        int failures = reloader.getFailedCounter();
        write(original.replace(ORIGINAL_DESCRIPTION, "description: [not closed"));

        Eventually.await("the broken edit counted", Duration.ofSeconds(30), () -> reloader.getFailedCounter() == failures + 1);
        assertTrue(reloader.getLastError().getMessage().contains("live-score.camel.yaml"), reloader.lastErrorMessage());
        assertEquals("Edited while running", description(), "the previous version still runs");
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("live-score"));
        assertEquals(1, publishedByOneRun());
    }

    @Test
    @Order(3)
    void anEditWithAnUnknownComponentIsReportedAndThePreviousRouteIsPutBack() throws Exception {
        int failures = reloader.getFailedCounter();
        write(original.replace(ORIGINAL_DESCRIPTION, "description: Broken component")
                .replace("- to: direct:live-score-polled", "- to: nosuchcomponent:polled"));

        Eventually.await("the broken edit counted", Duration.ofSeconds(30), () -> reloader.getFailedCounter() == failures + 1);
        assertTrue(reloader.lastErrorMessage().contains("nosuchcomponent"), reloader.lastErrorMessage());
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("live-score"));
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("live-score-schedule"));
        assertEquals("Edited while running", description(), "the last good version runs");
        assertEquals(1, publishedByOneRun());
    }

    @Test
    @Order(4)
    void aFixedEditIsTakenAgain() throws Exception {
        write(original.replace(ORIGINAL_DESCRIPTION, "description: Fixed"));
        Eventually.await("the fixed file reloaded", Duration.ofSeconds(30), () -> "Fixed".equals(description()));
        assertEquals(1, publishedByOneRun());
    }

    private static String description() {
        return context.getRoute("live-score") == null ? null : context.getRoute("live-score").getDescription();
    }

    /** Replaces the file in one step, as editors do (never a half-written file). */
    private static void write(String content) throws IOException {
        Path tmp = routes.resolve(".live-score.camel.yaml.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, liveScoreFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int publishedByOneRun() {
        try (TopicReader topic = new TopicReader(TestStack.broker().bootstrap(), "soccer.live_score")) {
            new OnDemandRuns(context).runOnce(List.of("live-score"));
            return topic.readSinceMark().size();
        }
    }
}
