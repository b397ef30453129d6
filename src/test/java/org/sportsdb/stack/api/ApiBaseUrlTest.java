package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /** The compose stack's example environment, which a user copies to infra/.env, sets a base URL the app accepts. */
    @Test
    void theComposeExampleEnvironmentSetsABaseUrlTheApplicationAccepts() throws IOException {
        String line = Files.readAllLines(Path.of("infra/.env.example")).stream()
                .filter(l -> l.startsWith("SPORTSDB_BASE_URL=")).findFirst().orElseThrow();
        String url = line.substring("SPORTSDB_BASE_URL=".length());
        assertEquals("https://www.thesportsdb.com", ApiBaseUrl.checked(url));
    }
}
