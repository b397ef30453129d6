package org.sportsdb.stack.ops.metrics;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the Kafka cluster answers a describe-cluster request within the configured timeout
 * (with the application's own client settings). Not a liveness check: a broker outage makes the
 * application not ready, it does not make it dead.
 */
final class KafkaReadinessCheck extends AbstractHealthCheck {

    private final KafkaClusterProbe probe;
    private final Duration timeout;

    KafkaReadinessCheck(KafkaClusterProbe probe, Duration timeout) {
        super("sportsdb", "kafka");
        this.probe = probe;
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("bootstrap", probe.bootstrap());
        try {
            builder.detail("brokers", probe.brokers(timeout)).up();
        } catch (Exception e) {
            builder.message("Kafka not reachable within " + timeout.toMillis() + " ms: " + e.getMessage()).error(e).down();
        }
    }
}
