package org.sportsdb.stack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;

/**
 * Jolokia on the running application's management server: the JOLOKIA_USER account is required
 * (health stays open for probes), jolokia-access.xml refuses the dangerous operations, and an
 * application whose Jolokia would be open on every interface without credentials does not start.
 */
class JolokiaAccessTest {

    private static final String USER = "ops";
    private static final String PASSWORD = "test-only-jolokia-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ReplayServer api;
    private static Main app;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        int port = OpsTestSettings.freePort();
        Map<String, String> settings = OpsTestSettings.managed(api, "127.0.0.1", port);
        settings.put("routes.reload.enabled", "false");
        settings.put("jolokia.user", USER);
        settings.put("jolokia.password", PASSWORD);
        app = TestStack.startApp(settings);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        app.stop();
        api.close();
    }

    @Test
    void jolokiaAsksForTheAccount() throws Exception {
        HttpResponse<String> anonymous = get("/observe/jolokia/version", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), anonymous.headers().map().toString());
        assertEquals(401, get("/observe/jolokia/version", basic(USER, "wrong")).statusCode());
        assertEquals(401, get("/observe/jolokia/version", basic("someone", PASSWORD)).statusCode());

        JsonNode ok = post(Map.of("type", "version"));
        assertEquals(200, ok.path("status").asInt(), ok.toString());
        assertTrue(ok.path("value").path("agent").asText().startsWith("2."), ok.toString());
    }

    @Test
    void healthStaysOpenForProbes() throws Exception {
        assertNotEquals(401, get("/observe/health", null).statusCode());
    }

    @Test
    void hawtioReadsRoutesButCannotSendToEndpoints() throws Exception {
        JsonNode read = post(Map.of("type", "read",
                "mbean", "org.apache.camel:context=sportsdb-stack,type=routes,name=\"live-score\"", "attribute", "State"));
        assertEquals(200, read.path("status").asInt(), read.toString());
        assertEquals("Started", read.path("value").asText());

        JsonNode send = post(Map.of("type", "exec",
                "mbean", "org.apache.camel:context=sportsdb-stack,type=context,name=\"sportsdb-stack\"",
                "operation", "sendStringBody(java.lang.String,java.lang.String)", "arguments", new String[] {"log:x", "hello"}));
        assertEquals(403, send.path("status").asInt(), "jolokia-access.xml denies it: " + send);

        JsonNode heapDump = post(Map.of("type", "exec", "mbean", "com.sun.management:type=HotSpotDiagnostic",
                "operation", "dumpHeap", "arguments", new Object[] {"/tmp/x.hprof", true}));
        assertEquals(403, heapDump.path("status").asInt(), heapDump.toString());

        JsonNode write = post(Map.of("type", "write", "mbean", "java.lang:type=Memory", "attribute", "Verbose", "value", true));
        assertEquals(403, write.path("status").asInt(), "no attribute writes: " + write);
    }

    @Test
    void aWebPageOfAnotherOriginIsRefusedTheConsoleOnItsOwnOriginIsServed() throws Exception {
        String readState = JSON.writeValueAsString(Map.of("type", "read",
                "mbean", "org.apache.camel:context=sportsdb-stack,type=routes,name=\"live-score\"", "attribute", "State"));
        for (String origin : new String[] {"https://attacker.example", "http://attacker.example:" + base.replaceAll(".*:", ""), "null"}) {
            // refused before the request is looked at (Camel's Jolokia handler answers the SecurityException with 500)
            HttpResponse<String> refused = postAs(origin, readState);
            JsonNode answer = JSON.readTree(refused.body());
            assertTrue(answer.path("status").asInt() >= 400 && answer.path("value").isMissingNode(),
                    origin + " must be refused: " + refused.statusCode() + " " + refused.body());
        }
        // a GET may come from a web page without Origin nor Referer (an image): Jolokia takes POST only
        HttpResponse<String> viaGet = get("/observe/jolokia/read/org.apache.camel:context=sportsdb-stack,type=routes,name=%22live-score%22/State",
                basic(USER, PASSWORD));
        assertTrue(!viaGet.body().contains("Started") && JSON.readTree(viaGet.body()).path("status").asInt() >= 400,
                viaGet.statusCode() + " " + viaGet.body());
        HttpResponse<String> own = postAs(base, readState);
        assertEquals("Started", JSON.readTree(own.body()).path("value").asText(), own.body());
        HttpResponse<String> hawtio = postAs("http://localhost:8091", readState);  // ./stack hawtio's origin
        assertEquals("Started", JSON.readTree(hawtio.body()).path("value").asText(), hawtio.body());
    }

    @Test
    void noReadableAttributeNorRouteDumpGivesAwayTheApiKey() throws Exception {
        // every attribute of every MBean (what a read-only account sees), then the dumps that resolve placeholders
        StringBuilder seen = new StringBuilder();
        for (String domain : new String[] {"org.apache.camel:*", "java.lang:*", "JMImplementation:*", "jolokia:*", "java.util.logging:*"}) {
            seen.append(post(Map.of("type", "read", "mbean", domain, "config", Map.of("ignoreErrors", true))));
        }
        String context = "org.apache.camel:context=sportsdb-stack,type=context,name=\"sportsdb-stack\"";
        String route = "org.apache.camel:context=sportsdb-stack,type=routes,name=\"sportsdb-api-attempt\"";
        Object[][] dumps = {
                {context, "dumpRoutesAsXml(boolean)", new Object[] {true}},
                {context, "dumpRoutesAsXml", new Object[] {true}},
                {context, "dumpRoutesAsXml(boolean,boolean)", new Object[] {true, false}},
                {context, "dumpRoutesAsYaml(boolean)", new Object[] {true}},
                {context, "dumpRoutesAsYaml", new Object[] {true, false}},
                {context, "dumpRoutesAsYaml(boolean,boolean)", new Object[] {true, false}},
                {context, "dumpRoutesAsYaml(boolean,boolean,boolean)", new Object[] {true, false, false}},
                {route, "dumpRouteAsXml(boolean)", new Object[] {true}},
                {route, "dumpRouteAsXml", new Object[] {true}},
                {route, "dumpRouteAsYaml(boolean)", new Object[] {true}},
                {route, "dumpRouteAsYaml(boolean,boolean)", new Object[] {true, false}},
                {route, "dumpRouteAsYaml(boolean,boolean,boolean)", new Object[] {true, false, false}},
        };
        for (Object[] dump : dumps) {
            seen.append(post(Map.of("type", "exec", "mbean", dump[0], "operation", dump[1], "arguments", dump[2])));
        }
        String all = seen.toString();
        assertTrue(all.contains("X-API-KEY"), "the dumps saw the route setting the key: " + all.substring(0, Math.min(500, all.length())));
        for (String secret : new String[] {org.sportsdb.stack.dev.TestStack.TEST_API_KEY, PASSWORD}) {
            int at = all.indexOf(secret);
            assertEquals(-1, at, "Jolokia gives away " + secret + ": ..." + (at < 0 ? "" : all.substring(Math.max(0, at - 400), at + 50)));
        }
    }

    @Test
    void anAppWithJolokiaOpenOnEveryInterfaceAndNoAccountDoesNotStart() throws Exception {
        Main open = org.sportsdb.stack.App.newMain(OpsTestSettings.managed(api, "0.0.0.0", OpsTestSettings.freePort()));
        try {
            Exception refused = assertThrows(Exception.class, open::start);
            String messages = causes(refused);
            assertTrue(messages.contains("JOLOKIA_USER") && messages.contains("0.0.0.0"), messages);
        } finally {
            open.stop();
        }
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode post(Map<String, Object> jolokiaRequest) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                .header("Authorization", basic(USER, PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(jolokiaRequest))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> postAs(String origin, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/jolokia"))
                .header("Authorization", basic(USER, PASSWORD)).header("Content-Type", "text/plain").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t.getMessage()).append(" | ");
        }
        return out.toString();
    }
}
