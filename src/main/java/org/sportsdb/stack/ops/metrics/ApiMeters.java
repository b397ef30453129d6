package org.sportsdb.stack.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.api.ApiRequestBudget;

/**
 * TheSportsDB calls ({@code apiCallStats}: per endpoint template and outcome, e.g. {@code http_200},
 * {@code ok}, {@code no_data}, {@code envelope_rejected}, {@code gave_up}) and the shared request budget
 * ({@code apiRequestBudget}: time waited, requests granted, slots in use, limit per window).
 */
final class ApiMeters implements MeterSet {

    private final ApiRequestBudget budget;
    private final KeyedCounters calls;

    ApiMeters(ApiCallStats stats, ApiRequestBudget budget) {
        this.budget = budget;
        this.calls = new KeyedCounters("sportsdb.api.calls", "TheSportsDB API call outcomes per endpoint template",
                stats::snapshot, KeyedCounters.splitAtFirstSpace("endpoint", "outcome"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("sportsdb.api.budget.wait.seconds", budget, b -> b.totalWaitMillis() / 1000.0)
                .description("Time API requests spent waiting for the shared request budget").register(registry);
        FunctionCounter.builder("sportsdb.api.budget.granted", budget, ApiRequestBudget::granted)
                .description("API requests the budget let through").register(registry);
        Gauge.builder("sportsdb.api.budget.in.use", budget, ApiRequestBudget::inUse)
                .description("Requests sent in the current budget window").register(registry);
        Gauge.builder("sportsdb.api.budget.limit", budget, ApiRequestBudget::requestsPerWindow)
                .description("Requests allowed per budget window").register(registry);
    }

    @Override
    public void refresh(MeterRegistry registry) {
        calls.refresh(registry);
    }
}
