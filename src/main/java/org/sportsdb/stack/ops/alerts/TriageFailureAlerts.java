package org.sportsdb.stack.ops.alerts;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.ops.metrics.ExchangeSentNotifier;

/**
 * Raises {@link AlertKind#TRIAGE_FAILED} when a send to the triage endpoint ({@code ops.metrics.triage-endpoint},
 * {@code direct://triage}: the daily schedule or {@code ./stack triage}) ends with an exception: the same
 * "exchange sent" event the triage run meters count.
 */
final class TriageFailureAlerts extends ExchangeSentNotifier {

    private final String triageEndpoint;
    private final Alerts alerts;

    TriageFailureAlerts(String triageEndpoint, Alerts alerts) {
        this.triageEndpoint = triageEndpoint;
        this.alerts = alerts;
    }

    @Override
    protected boolean accepts(Endpoint endpoint, Exchange exchange) {
        return triageEndpoint.equals(endpoint.getEndpointUri());
    }

    @Override
    protected void sent(ExchangeSentEvent event) {
        Exchange exchange = event.getExchange();
        if (exchange.getException() != null) {
            String startedBy = exchange.getFromRouteId() != null ? "route " + exchange.getFromRouteId() : "on demand";
            alerts.raise(AlertKind.TRIAGE_FAILED, "triage", startedBy, ErrorText.of(exchange.getException()), 1);
        }
    }
}
