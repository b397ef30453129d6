package org.sportsdb.stack.validator.config;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.metrics.MetricsEndpoint;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import org.sportsdb.stack.validator.metrics.ValidatorMetrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every knob documented in the README with its default; the metrics endpoint binds the configured address. */
class ValidatorKnobsTest {

    @Test
    void everyKnobIsInTheReadmeTableWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Knob k : ValidatorKnobs.all()) {
            String row = "| `" + k.envVar() + "` | `" + k.property() + "` | ";
            boolean documented = k.defaultValue() == null
                    ? readme.contains(row + "– |") || readme.contains(row + "unset |")
                    : readme.contains(row + "`" + k.defaultValue() + "` |");
            assertTrue(documented, "README knob row missing or stale: " + row + k.defaultValue());
        }
    }

    @Test
    void theMetricsHostDefaultsToLoopbackAndTheEnvironmentOverridesIt() {
        assertEquals("127.0.0.1", ValidatorKnobs.METRICS_HOST.valueFrom(Map.of(), new Properties()));
        Properties props = new Properties();
        props.setProperty("validator.metrics.host", "10.0.0.1");
        assertEquals("10.0.0.1", ValidatorKnobs.METRICS_HOST.valueFrom(Map.of(), props));
        assertEquals("0.0.0.0", ValidatorKnobs.METRICS_HOST.valueFrom(Map.of("VALIDATOR_METRICS_HOST", "0.0.0.0"), props));
    }

    @Test
    void theEndpointListensOnTheConfiguredAddressOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address).findFirst();
        ValidatorMetrics metrics = new ValidatorMetrics(new RoutingCounter());
        try (MetricsEndpoint loopback = MetricsEndpoint.start(ValidatorKnobs.METRICS_HOST.defaultValue(), 0, metrics)) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), loopback.port())) {
                assertTrue(s.isConnected());
            }
            if (external.isPresent()) {
                assertThrows(java.io.IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(external.get(), loopback.port()), 2000);
                    }
                }, "bound to loopback: not reachable on " + external.get());
            }
        }
        if (external.isPresent()) {
            try (MetricsEndpoint all = MetricsEndpoint.start("0.0.0.0", 0, metrics);
                 Socket s = new Socket(external.get(), all.port())) {
                assertTrue(s.isConnected(), "0.0.0.0 (compose) is reachable from another address");
            }
        }
    }
}
