package org.sportsdb.stack.ops.metrics;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.sportsdb.stack.warehouse.WarehouseErrorCodes;
import org.sportsdb.stack.warehouse.WarehouseStats;

/**
 * Readiness: DOWN while the warehouse ingestion is retrying a batch the warehouse could not take (a transient
 * server error such as 252 TOO_MANY_PARTS, or no answer), with since when, how many tries and the last error;
 * UP again after the next commit. Not a liveness check: the application keeps the batch and recovers by itself.
 */
final class WarehouseReadinessCheck extends AbstractHealthCheck {

    private final WarehouseStats stats;

    WarehouseReadinessCheck(WarehouseStats stats) {
        super("sportsdb", "warehouse");
        this.stats = stats;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        WarehouseStats.Degraded degraded = stats.degraded();
        if (degraded == null) {
            builder.up();
            return;
        }
        String code = degraded.code() < 0 ? "none" : WarehouseErrorCodes.describe(degraded.code());
        builder.detail("retrying_since", degraded.since().toString())
                .detail("failed_tries", degraded.failures())
                .detail("last_error_code", code)
                .message("warehouse ingestion degraded: retrying a batch since " + degraded.since() + " (" + degraded.failures()
                        + " failed tries), last error code " + code + ": " + degraded.message())
                .down();
    }
}
