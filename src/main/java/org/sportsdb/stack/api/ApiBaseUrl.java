package org.sportsdb.stack.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The setting {@code sportsdb.base-url} ({@code SPORTSDB_BASE_URL}): TheSportsDB's scheme, host and port only
 * ({@code https://www.thesportsdb.com}, or the replay server's {@code http://127.0.0.1:18089}). The shared API call
 * (routes.yaml) adds {@code /api/v2/json/<endpoint>} itself, so a URL that already ends in that path would call
 * {@code /api/v2/json/api/v2/json/...} and every call would fail; such a URL is refused when the application starts,
 * with the value it should be. The refusal never repeats the value itself: a URL copied from elsewhere may carry the
 * API key in its path (the v1 API's {@code /api/v1/json/<key>}), its query or a password, and the refusal reaches the
 * log.
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
            throw refused("it is not a URL");
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw refused("it needs http(s)://host[:port]");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
            String host = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            throw refused("it has a path, a query, a user or a fragment (not shown: they may hold a key or a password);"
                    + " the API calls add " + API_PATH + "/<endpoint> themselves: set " + host);
        }
        return value;
    }

    private static IllegalStateException refused(String why) {
        return new IllegalStateException("sportsdb.base-url (SPORTSDB_BASE_URL) is TheSportsDB's scheme, host and port only, "
                + "e.g. https://www.thesportsdb.com: " + why);
    }
}
