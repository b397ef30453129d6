package org.sportsdb.stack.api;

import org.apache.camel.Exchange;

/**
 * The feed an exchange belongs to: the feed of its run ({@link ExchangeKeys#FEED}, set by the run guard),
 * else the route it started in (a feed route called without the guard, e.g. from a test).
 */
public final class FeedName {

    private FeedName() {
    }

    public static String of(Exchange exchange) {
        String feed = exchange.getProperty(ExchangeKeys.FEED, String.class);
        if (feed != null && !feed.isBlank()) {
            return feed;
        }
        String route = exchange.getFromRouteId();
        return route == null ? "unknown" : route;
    }
}
