package org.sportsdb.stack.warehouse;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * Retry predicate of the start-up route (bean {@code warehouseUnavailableRetry}): keep retrying while the
 * failure is an unreachable warehouse (it may start after the application); a changed migration or a
 * failing statement is not retried.
 */
public final class WarehouseUnavailableRetry implements Predicate {

    private final WarehouseStats stats;

    public WarehouseUnavailableRetry(WarehouseStats stats) {
        this.stats = stats;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WarehouseUnavailableException) {
                stats.startRetried();
                return true;
            }
        }
        return false;
    }
}
