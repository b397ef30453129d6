package org.sportsdb.stack.api;

/**
 * Names of the exchange properties through which a feed route talks to the shared routes in
 * {@code feeds-shared.camel.yaml}. Properties, not headers: camel-http would send headers to the API and
 * camel-kafka would copy them into Kafka records.
 */
public final class ExchangeKeys {
    /** Endpoint template, e.g. {@code /livescore/{league}}; each {name} is read from the property of that name. */
    public static final String ENDPOINT = "endpoint";
    /** {@code live} or {@code nightly}, for the request budget. */
    public static final String PRIORITY = "priority";
    /** The resolved request path, e.g. {@code /livescore/4328}; set by the shared API route. */
    public static final String REQUEST_PATH = "sportsdbPath";
    /** The envelope key of the endpoint's answers (its first path segment, e.g. {@code livescore}): the schema it is validated with. */
    public static final String ENVELOPE = "sportsdbEnvelope";
    /**
     * Set to true by the shared API route when a call has no answer: it gave up after its retries, its
     * answer was rejected (not the endpoint's envelope), or the answer another feed was fetching failed.
     */
    public static final String API_FAILED = "sportsdbFailed";
    /** Why a call has no answer, e.g. {@code HTTP 500 from /schedule/league/4328/2026-2027: Server Error}. */
    public static final String API_FAILURE = "sportsdbFailure";
    /** How many times the shared API route sent the current call (1 + its retries so far). */
    public static final String API_ATTEMPTS = "sportsdbAttempts";
    /** The body a route had when it called the API (the row or id it works on), kept for the run-level retry. */
    public static final String CALL_INPUT = "sportsdbCallInput";
    /**
     * The route a nightly call that failed is retried through, once, later in the night: its input
     * ({@link #CALL_INPUT}) and properties are sent to {@code direct:<retryAt>} again. Calls without it
     * (live feeds) are asked again by their next run.
     */
    public static final String RETRY_AT = "retryAt";
    /** True when the call took the answer another feed got (kamelet:sportsdb-api-call with reuse: true). */
    public static final String REUSED = "sportsdbReused";
    /** The feed a run belongs to, set by the run guard ({@code direct:feed-run}); wins over the route's name. */
    public static final String FEED = "sportsdbFeed";

    private ExchangeKeys() {
    }
}
