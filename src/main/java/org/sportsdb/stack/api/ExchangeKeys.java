package org.sportsdb.stack.api;

/**
 * Names of the exchange properties through which a feed route talks to the shared routes in
 * {@code routes.yaml}. Properties, not headers: camel-http would send headers to the API and
 * camel-kafka would copy them into Kafka records.
 */
public final class ExchangeKeys {
    /** Endpoint template, e.g. {@code /livescore/{league}}; each {name} is read from the property of that name. */
    public static final String ENDPOINT = "endpoint";
    /** {@code live} or {@code nightly}, for the request budget. */
    public static final String PRIORITY = "priority";
    /** The resolved request path, e.g. {@code /livescore/4328}; set by the shared API route. */
    public static final String REQUEST_PATH = "sportsdbPath";
    /** Target topic of {@code direct:publish-record}. */
    public static final String TOPIC = "topic";
    /** Key fields of a record: alternatives separated by ',', composite keys joined with '+', e.g. {@code idLiveScore,idEvent}. */
    public static final String RECORD_KEY = "recordKey";
    /** Set to true by the shared API route when a call gave up after its retries. */
    public static final String API_FAILED = "sportsdbFailed";

    private ExchangeKeys() {
    }
}
