package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** What the application accepts as TheSportsDB's base URL, and what it says when the URL would double the API path. */
class ApiBaseUrlTest {

    @Test
    void aSchemeHostAndPortAreTheBaseUrl() {
        assertEquals("https://www.thesportsdb.com", ApiBaseUrl.checked("https://www.thesportsdb.com"));
        assertEquals("http://127.0.0.1:18089", ApiBaseUrl.checked(" http://127.0.0.1:18089 "));
    }

    @Test
    void aUrlWithTheApiPathIsRefusedWithTheValueToSet() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ApiBaseUrl.checked("https://www.thesportsdb.com/api/v2/json"));
        assertTrue(refused.getMessage().contains("SPORTSDB_BASE_URL"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("themselves: set https://www.thesportsdb.com"), refused.getMessage());
        for (String wrong : new String[] {"https://www.thesportsdb.com/", "www.thesportsdb.com", "", "ftp://host",
                "http://host:80/x?y=1", "http://user:pw@host"}) {
            assertThrows(IllegalStateException.class, () -> ApiBaseUrl.checked(wrong), wrong);
        }
    }

    /**
     * A URL copied from the old stack carries the API key in its path (v1: {@code /api/v1/json/<key>}), or a user and
     * password: the refusal, which reaches the log and {@code docker logs}, names the host to set and never the rest.
     */
    @Test
    void theRefusalNeverRepeatsAKeyOrAPasswordTheUrlCarries() {
        String[] carrying = {"https://www.thesportsdb.com/api/v1/json/SECRETKEY4711", "http://user:PASSWORD4711@host:8080",
                "https://www.thesportsdb.com/api/v2/json?apikey=SECRETKEY4711", "https://host/#SECRETKEY4711",
                "SECRETKEY4711 https://www.thesportsdb.com", "www.thesportsdb.com/api/v1/json/SECRETKEY4711"};
        for (String url : carrying) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ApiBaseUrl.checked(url));
            assertFalse(refused.getMessage().contains("4711"), refused.getMessage());
            assertTrue(refused.getMessage().contains("SPORTSDB_BASE_URL"), refused.getMessage());
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ApiBaseUrl.checked("https://www.thesportsdb.com/api/v1/json/SECRETKEY4711"));
        assertTrue(refused.getMessage().endsWith("set https://www.thesportsdb.com"), refused.getMessage());
    }

    /** The compose stack's example environment, which a user copies to infra/.env, sets a base URL the app accepts. */
    @Test
    void theComposeExampleEnvironmentSetsABaseUrlTheApplicationAccepts() throws IOException {
        String line = Files.readAllLines(Path.of("infra/.env.example")).stream()
                .filter(l -> l.startsWith("SPORTSDB_BASE_URL=")).findFirst().orElseThrow();
        String url = line.substring("SPORTSDB_BASE_URL=".length());
        assertEquals("https://www.thesportsdb.com", ApiBaseUrl.checked(url));
    }
}
