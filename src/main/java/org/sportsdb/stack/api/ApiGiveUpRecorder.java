package org.sportsdb.stack.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter end of the shared API route: a call that still fails after its retries is
 * counted, marked failed with its error ({@link ExchangeKeys#API_FAILED}, {@link ExchangeKeys#API_FAILURE};
 * the shared route's {@code direct:sportsdb-api-failed} then logs it with what the feed skips) and
 * handed to the listeners (alerts).
 */
public final class ApiGiveUpRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGiveUpRecorder.class);

    /** Told of every call given up. */
    public interface Listener {
        void gaveUp(String feed, String path, String error);
    }

    private final ApiCallStats stats;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ApiGiveUpRecorder(ApiCallStats stats) {
        this.stats = stats;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public List<Object> gaveUp(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, endpoint, String.class);
        String feed = FeedName.of(exchange);
        String error = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        stats.count(endpoint, "gave_up");
        exchange.setProperty(ExchangeKeys.API_FAILED, true);
        exchange.setProperty(ExchangeKeys.API_FAILURE, error);
        for (Listener listener : listeners) {
            try {
                listener.gaveUp(feed, path, error);
            } catch (RuntimeException e) {
                LOG.warn("failure listener {} failed: {}", listener, e.toString());
            }
        }
        exchange.getIn().removeHeaders("*");
        return List.of();
    }
}
