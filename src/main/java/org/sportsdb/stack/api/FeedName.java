package org.sportsdb.stack.api;

import org.apache.camel.Exchange;

/**
 * The feed an exchange belongs to: the feed of its run ({@link ExchangeKeys#FEED}, set by the run guard),
 * else the route it started in, without the "-schedule" suffix of trigger routes.
 */
public final class FeedName {

    public static final String SCHEDULE_SUFFIX = "-schedule";

    private FeedName() {
    }

    public static String of(Exchange exchange) {
        String feed = exchange.getProperty(ExchangeKeys.FEED, String.class);
        if (feed != null && !feed.isBlank()) {
            return feed;
        }
        String route = exchange.getFromRouteId();
        if (route == null) {
            return "unknown";
        }
        return route.endsWith(SCHEDULE_SUFFIX) ? route.substring(0, route.length() - SCHEDULE_SUFFIX.length()) : route;
    }
}
