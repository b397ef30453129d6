package org.sportsdb.stack.ops.alerts;

import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.sportsdb.stack.ErrorText;

/**
 * Raises {@link AlertKind#TRIAGE_FAILED} when a send to the triage endpoint ({@code ops.metrics.triage-endpoint},
 * {@code direct://triage}: the daily schedule or {@code ./stack triage}) ends with an exception. The same
 * "exchange sent" event the triage run meters count.
 */
final class TriageFailureAlerts extends EventNotifierSupport {

    private final String triageEndpoint;
    private final Alerts alerts;

    TriageFailureAlerts(String triageEndpoint, Alerts alerts) {
        this.triageEndpoint = triageEndpoint;
        this.alerts = alerts;
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

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (event instanceof ExchangeSendingEvent sending) {
            return triageEndpoint.equals(sending.getEndpoint().getEndpointUri());
        }
        return event instanceof ExchangeSentEvent sent && triageEndpoint.equals(sent.getEndpoint().getEndpointUri());
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent && sent.getExchange().getException() != null) {
            Exchange exchange = sent.getExchange();
            String startedBy = exchange.getFromRouteId() != null ? "route " + exchange.getFromRouteId() : "on demand";
            alerts.raise(AlertKind.TRIAGE_FAILED, "triage", startedBy, ErrorText.of(exchange.getException()), 1);
        }
    }
}
