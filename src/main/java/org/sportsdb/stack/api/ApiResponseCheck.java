package org.sportsdb.stack.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Looks at the HTTP status of one attempt: counts it, and turns 429 and 5xx into a
 * {@link RetryableApiException} so that the shared route's redelivery policy retries the call. A
 * 429's {@code Retry-After} (seconds or HTTP date) becomes the delay before the next attempt.
 */
public final class ApiResponseCheck {

    /** Camel's redelivery error handler waits this many milliseconds when the header is set. */
    static final String REDELIVERY_DELAY_HEADER = Exchange.REDELIVERY_DELAY;

    private final ApiCallStats stats;
    private final long maxRetryAfterMillis;

    public ApiResponseCheck(ApiCallStats stats, long maxRetryAfterMillis) {
        this.stats = stats;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    public void check(Exchange exchange) throws RetryableApiException {
        Message in = exchange.getIn();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, String.class);
        stats.count(endpoint, "http_" + status);
        in.removeHeader(REDELIVERY_DELAY_HEADER);
        if (status == 429) {
            Long retryAfter = retryAfterMillis(in.getHeader("Retry-After", String.class));
            if (retryAfter != null) {
                in.setHeader(REDELIVERY_DELAY_HEADER, Math.min(retryAfter, maxRetryAfterMillis));
            }
            throw new RetryableApiException(path, status, retryAfter == null ? "rate limited" : "rate limited, Retry-After " + retryAfter + " ms");
        }
        if (status >= 500) {
            throw new RetryableApiException(path, status, in.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class));
        }
    }

    static Long retryAfterMillis(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            return Math.max(0, Long.parseLong(value)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(Instant.now(), at).toMillis());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
