package org.sportsdb.stack.ops.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Base of the meters fed by Camel's "exchange sent" events (a {@code to}/{@code toD} or a producer
 * template finished sending to an endpoint): only those events are delivered, and only while the
 * metrics registry exists.
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
        setIgnoreExchangeSendingEvents(true);
    }

    /** Whether this send is one to measure. */
    abstract boolean accepts(ExchangeSentEvent sent);

    abstract void record(ExchangeSentEvent sent, MeterRegistry meters);

    @Override
    public final boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && accepts(sent);
    }

    @Override
    public final void notify(CamelEvent event) {
        MeterRegistry meters = registry.get();
        if (meters != null) {
            record((ExchangeSentEvent) event, meters);
        }
    }
}
