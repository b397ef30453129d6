package org.sportsdb.stack.api;

/** Who is asking for an API request slot: live feeds go first, nightly reference loads use what is left. */
public enum RequestPriority {
    LIVE, NIGHTLY;

    public static RequestPriority parse(String value) {
        return value != null && value.trim().equalsIgnoreCase("live") ? LIVE : NIGHTLY;
    }
}
