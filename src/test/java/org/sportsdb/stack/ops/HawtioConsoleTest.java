package org.sportsdb.stack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.feeds.OnDemandRuns;

/**
 * Hawtio as a person uses it: the application runs with its management server, `./stack hawtio`'s
 * launcher (infra/docker/hawtio/run-local.sh) starts Hawtio connected to it, and headless Chromium
 * opens the URL the launcher prints and finds the feed routes in Hawtio's Camel routes view.
 * The screenshot stays in target/hawtio-routes.png.
 */
class HawtioConsoleTest {

    private static final Path SCREENSHOT = Path.of("target", "hawtio-routes.png");

    private static ReplayServer api;
    private static Main app;
    private static Process hawtio;
    private static String hawtioUrl;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        int managementPort = OpsTestSettings.freePort();
        app = TestStack.startApp(OpsTestSettings.managed(api, "127.0.0.1", managementPort));
        new OnDemandRuns(app.getCamelContext()).runOnce(List.of("live-score"));

        ProcessBuilder launcher = new ProcessBuilder("bash", "infra/docker/hawtio/run-local.sh").redirectErrorStream(true);
        launcher.environment().put("HAWTIO_PORT", Integer.toString(OpsTestSettings.freePort()));
        launcher.environment().put("APP_JOLOKIA_URL", "http://127.0.0.1:" + managementPort + "/observe/jolokia");
        launcher.environment().put("STACK_RUN_DIR", Path.of("target", "hawtio-run").toAbsolutePath().toString());
        hawtio = launcher.start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyUrl(hawtio));
        hawtioUrl = ready.get(240, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hawtio != null) {
            hawtio.destroy();
            hawtio.waitFor(20, TimeUnit.SECONDS);
        }
        app.stop();
        api.close();
    }

    @Test
    void theCamelRoutesViewOfTheRunningAppShowsTheFeedRoutes() throws Exception {
        List<String> feeds = new OnDemandRuns(app.getCamelContext()).allFeeds();
        assertTrue(feeds.contains("live-score") && feeds.size() >= 10, "the feeds of routes/: " + feeds);
        assertTrue(hawtioUrl.endsWith("/connect/"), hawtioUrl);

        Path profile = Path.of("target", "chromium-profile-" + ProcessHandle.current().pid()).toAbsolutePath();
        try (DevTools chromium = DevTools.launch(profile, Path.of("target", "chromium.log"))) {
            chromium.navigate(hawtioUrl);
            // as a person: wait for the Camel tree of the connected application, then open its "routes" folder
            Eventually.await("Hawtio's Camel tree of the application", Duration.ofSeconds(120),
                    () -> "true".equals(quietly(chromium, "String(!!" + ROUTES_NODE + ")")));
            chromium.evaluate(ROUTES_NODE + ".click(); 'clicked'");
            String[] table = {""};
            try {
                Eventually.await("every feed route in the routes table", Duration.ofSeconds(60), () -> {
                    // one line of words per table: "Name State Uptime ... broadcast Started 24s 0 0 ..."
                    table[0] = quietly(chromium, "Array.from(document.querySelectorAll('table')).map(t => t.innerText).join(' ')")
                            .replaceAll("\\s+", " ").trim();
                    return feeds.stream().allMatch(f -> startedRow(f).matcher(table[0]).find());
                });
            } finally {
                chromium.screenshot(SCREENSHOT);
            }
            assertEquals("/hawtio/camel/routes", chromium.evaluate("location.pathname"), "Hawtio's Camel routes view");
            assertTrue(table[0].startsWith("Name State Uptime Completed Failed"), table[0]);
            for (String feed : feeds) {
                assertTrue(startedRow(feed).matcher(table[0]).find(), "route " + feed + " listed as Started: " + table[0]);
            }
        }
    }

    /** The "routes" folder of the application in the Camel tree (a PatternFly tree view button). */
    private static final String ROUTES_NODE =
            "Array.from(document.querySelectorAll('button')).find(b => b.innerText.trim() === 'routes')";

    private static Pattern startedRow(String routeId) {
        return Pattern.compile("(^| )" + Pattern.quote(routeId) + " Started ");
    }

    private static String quietly(DevTools chromium, String expression) {
        try {
            return chromium.evaluate(expression);
        } catch (Exception e) {
            return "";
        }
    }

    /** Echoes the launcher's output and returns the URL of its "ready" line. */
    private static String readyUrl(Process process) {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[hawtio] " + line);
                if (line.startsWith("hawtio: ready at ")) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[hawtio] " + l)));
                    drain.setDaemon(true);
                    drain.start();
                    return line.substring("hawtio: ready at ".length()).split(" ")[0];
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("the Hawtio launcher ended without printing its URL");
    }
}
