package org.sportsdb.stack.ops.metrics;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Base of the listeners to Camel's "exchange sent" events (a {@code to}/{@code toD} or a producer template
 * finished sending to an endpoint): only those events of accepted sends are delivered (and the "sending"
 * events Camel needs taken to emit them). The meters ({@link ExchangeSentMeters}) and the triage failure
 * alerts listen this way.
 */
public abstract class ExchangeSentNotifier extends EventNotifierSupport {

    protected ExchangeSentNotifier() {
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

    /** Whether sends of this exchange to this endpoint are listened to. */
    protected abstract boolean accepts(Endpoint endpoint, Exchange exchange);

    /** One accepted send finished (with or without an exception on the exchange). */
    protected abstract void sent(ExchangeSentEvent event);

    @Override
    public final boolean isEnabled(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            return accepts(sending.getEndpoint(), sending.getExchange());
        }
        return event instanceof ExchangeSentEvent sent && accepts(sent.getEndpoint(), sent.getExchange());
    }

    @Override
    public final void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent) {
            sent(sent);
        }
    }
}
