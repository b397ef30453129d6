package org.sportsdb.stack.ops.metrics;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.sportsdb.stack.api.ExchangeKeys;

/**
 * Times every HTTP attempt of the shared API route, per endpoint template and HTTP status ({@code error}
 * when no answer came), as a histogram with the configured buckets. It listens to the "exchange sent"
 * events of HTTP endpoints on exchanges that carry an {@code endpoint} property, so the routes stay as
 * they are.
 */
final class ApiRequestTimer extends ExchangeSentMeters {

    static final String NAME = "sportsdb.api.request";

    private final Duration[] buckets;

    ApiRequestTimer(Supplier<MeterRegistry> registry, List<Duration> buckets) {
        super(registry);
        this.buckets = buckets.toArray(Duration[]::new);
    }

    @Override
    protected boolean accepts(Endpoint endpoint, Exchange exchange) {
        return endpoint.getEndpointUri().startsWith("http") && exchange.getProperty(ExchangeKeys.ENDPOINT) != null;
    }

    @Override
    void record(ExchangeSentEvent sent, MeterRegistry meters) {
        Exchange exchange = sent.getExchange();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Timer.builder(NAME)
                .description("TheSportsDB HTTP requests by endpoint template and status")
                .tag("endpoint", exchange.getProperty(ExchangeKeys.ENDPOINT, String.class))
                .tag("status", status == null ? "error" : status.toString())
                .serviceLevelObjectives(buckets)
                .register(meters)
                .record(Duration.ofMillis(sent.getTimeTaken()));
    }
}
