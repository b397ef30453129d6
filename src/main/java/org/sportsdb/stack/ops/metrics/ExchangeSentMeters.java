package org.sportsdb.stack.ops.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Base of the meters fed by Camel's "exchange sent" events (a {@code to}/{@code toD} or a producer
 * template finished sending to an endpoint): only those events (and the "sending" events Camel needs
 * taken to emit them) are delivered, and recorded only while the metrics registry exists.
 */
abstract class ExchangeSentMeters extends EventNotifierSupport {

    private final Supplier<MeterRegistry> registry;

    ExchangeSentMeters(Supplier<MeterRegistry> registry) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // Camel emits the "sent" event of a send only when a notifier took its "sending" event
    }

    /** Whether sends of this exchange to this endpoint are measured. */
    abstract boolean accepts(Endpoint endpoint, Exchange exchange);

    abstract void record(ExchangeSentEvent sent, MeterRegistry meters);

    @Override
    public final boolean isEnabled(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            return accepts(sending.getEndpoint(), sending.getExchange());
        }
        return event instanceof ExchangeSentEvent sent && accepts(sent.getEndpoint(), sent.getExchange());
    }

    @Override
    public final void notify(CamelEvent event) {
        MeterRegistry meters = registry.get();
        if (meters != null && event instanceof ExchangeSentEvent) {
            record((ExchangeSentEvent) event, meters);
        }
    }
}
