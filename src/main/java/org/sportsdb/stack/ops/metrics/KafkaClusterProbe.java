package org.sportsdb.stack.ops.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks the Kafka cluster how many brokers it has, with one admin client kept open between probes. */
final class KafkaClusterProbe implements AutoCloseable {

    private final Map<String, Object> clientProperties;
    private Admin admin;

    KafkaClusterProbe(Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
    }

    String bootstrap() {
        return String.valueOf(clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** Number of brokers, or an exception when the cluster did not answer within the timeout. */
    int brokers(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                .nodes().get(millis, TimeUnit.MILLISECONDS).size();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sportsdb-readiness");
            admin = Admin.create(props);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
