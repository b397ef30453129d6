package org.sportsdb.stack.api;

import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the request path of one API attempt, counts it ({@link ExchangeKeys#API_ATTEMPTS}; the shared
 * route clears it when a call starts; the first attempt counts a call started in {@link ApiCallStats}) and waits for a slot in the shared request budget;
 * {@link #answered} gives the slot back once the answer is in or the call failed.
 */
public final class ApiRequestPreparer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRequestPreparer.class);

    private static final String BUDGET_SLOT = "sportsdbBudgetSlot";

    private final ApiRequestBudget budget;
    private final ApiCallStats stats;

    public ApiRequestPreparer(ApiRequestBudget budget, ApiCallStats stats) {
        this.budget = budget;
        this.stats = stats;
    }

    /**
     * A call starts (its first step in {@code kamelet:sportsdb-api-call}, which set its endpoint, priority and retryAt):
     * the body is the call's input (kept for the run-level retry), what an earlier call left is cleared; a call not
     * retried at the run level has no retryAt.
     */
    public void startCall(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.CALL_INPUT, exchange.getIn().getBody());
        exchange.removeProperty(ExchangeKeys.API_ATTEMPTS);
        exchange.removeProperty(ExchangeKeys.API_FAILED);
        exchange.removeProperty(ExchangeKeys.API_FAILURE);
        exchange.removeProperty(ExchangeKeys.REUSED);
        String retryAt = exchange.getProperty(ExchangeKeys.RETRY_AT, String.class);
        if (retryAt == null || retryAt.isBlank()) {
            exchange.removeProperty(ExchangeKeys.RETRY_AT);
        }
    }

    public void prepare(Exchange exchange) throws InterruptedException {
        EndpointTemplate endpoint = EndpointTemplate.of(exchange.getProperty(ExchangeKeys.ENDPOINT, String.class));
        Map<String, String> values = endpoint.values(exchange::getProperty);
        exchange.setProperty(ExchangeKeys.REQUEST_PATH, endpoint.resolve(values));
        exchange.setProperty(ExchangeKeys.ENVELOPE, endpoint.envelope());
        Integer attempts = exchange.getProperty(ExchangeKeys.API_ATTEMPTS, Integer.class);
        exchange.setProperty(ExchangeKeys.API_ATTEMPTS, attempts == null ? 1 : attempts + 1);
        if (attempts == null) {
            stats.callStarted();
        }
        RequestPriority priority = RequestPriority.parse(exchange.getProperty(ExchangeKeys.PRIORITY, String.class));
        ApiRequestBudget.Slot slot = budget.grant(priority);
        exchange.setProperty(BUDGET_SLOT, slot);
        long waited = slot.waitedMillis();
        if (waited > 1000) {
            LOG.info("{} waited {} ms for the API request budget ({} per minute)",
                    exchange.getProperty(ExchangeKeys.REQUEST_PATH), waited, budget.requestsPerWindow());
        }
    }

    public void answered(Exchange exchange) {
        budget.done(exchange.getProperty(BUDGET_SLOT, ApiRequestBudget.Slot.class));
        exchange.removeProperty(BUDGET_SLOT);
    }
}
