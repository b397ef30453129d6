package org.sportsdb.stack.ops.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;

/** Base of the meters fed by "exchange sent" events, recorded only while the metrics registry exists. */
abstract class ExchangeSentMeters extends ExchangeSentNotifier {

    private final Supplier<MeterRegistry> registry;

    ExchangeSentMeters(Supplier<MeterRegistry> registry) {
        this.registry = registry;
    }

    abstract void record(ExchangeSentEvent sent, MeterRegistry meters);

    @Override
    protected final void sent(ExchangeSentEvent event) {
        MeterRegistry meters = registry.get();
        if (meters != null) {
            record(event, meters);
        }
    }
}
