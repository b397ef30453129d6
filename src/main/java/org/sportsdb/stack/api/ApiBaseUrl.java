package org.sportsdb.stack.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The setting {@code sportsdb.base-url} ({@code SPORTSDB_BASE_URL}): TheSportsDB's scheme, host and port only
 * ({@code https://www.thesportsdb.com}, or the replay server's {@code http://127.0.0.1:18089}). The shared API call
 * (routes.yaml) adds {@code /api/v2/json/<endpoint>} itself, so a URL that already ends in that path would call
 * {@code /api/v2/json/api/v2/json/...} and every call would fail; such a URL is refused when the application starts,
 * with the value it should be.
 */
public final class ApiBaseUrl {
    /** The path the shared API call adds to the base URL. */
    public static final String API_PATH = "/api/v2/json";

    private ApiBaseUrl() {
    }

    /** {@code url} when it is a scheme, a host and an optional port; otherwise an exception that says what to set. */
    public static String checked(String url) {
        String value = url == null ? "" : url.trim();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refused(value, "it is not a URL");
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw refused(value, "it needs http(s)://host[:port]");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            String host = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            throw refused(value, "the API calls add " + API_PATH + "/<endpoint> themselves: set " + host);
        }
        return value;
    }

    private static IllegalStateException refused(String value, String why) {
        return new IllegalStateException("sportsdb.base-url (SPORTSDB_BASE_URL) is TheSportsDB's scheme, host and port only, "
                + "e.g. https://www.thesportsdb.com; was '" + value + "': " + why);
    }
}
