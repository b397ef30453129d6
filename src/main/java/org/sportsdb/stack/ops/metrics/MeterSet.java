package org.sportsdb.stack.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Meters over one application bean: fixed meters bound once, keyed families refreshed as new keys appear. */
interface MeterSet extends MeterBinder {

    /** Registers the meters of keys that appeared since the last call; fixed meters need nothing. */
    default void refresh(MeterRegistry registry) {
    }
}
