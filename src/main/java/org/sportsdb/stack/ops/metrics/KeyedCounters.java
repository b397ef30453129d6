package org.sportsdb.stack.ops.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Exports a family of counts kept by an application bean under string keys (e.g. {@code apiCallStats}:
 * "endpoint outcome" → count) as one Prometheus counter with tags. A key the bean starts counting is
 * registered at the next {@link #refresh}; its counter then reads the bean's cumulative count, so
 * nothing counted before the registration is lost. Counts are read, never copied.
 */
final class KeyedCounters {

    private final String name;
    private final String description;
    private final Supplier<Map<String, Long>> snapshot;
    private final Function<String, Tags> tagsOfKey;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    KeyedCounters(String name, String description, Supplier<Map<String, Long>> snapshot, Function<String, Tags> tagsOfKey) {
        this.name = name;
        this.description = description;
        this.snapshot = snapshot;
        this.tagsOfKey = tagsOfKey;
    }

    /** Registers a counter for every key not registered yet. */
    void refresh(MeterRegistry registry) {
        for (String key : snapshot.get().keySet()) {
            if (registered.add(key)) {
                FunctionCounter.builder(name, snapshot, s -> s.get().getOrDefault(key, 0L))
                        .description(description)
                        .tags(tagsOfKey.apply(key))
                        .register(registry);
            }
        }
    }

    /** Tags from a "first rest" key: the text before the first space, and the rest. */
    static Function<String, Tags> splitAtFirstSpace(String firstTag, String restTag) {
        return key -> {
            int space = key.indexOf(' ');
            return space < 0 ? Tags.of(firstTag, key, restTag, "")
                    : Tags.of(firstTag, key.substring(0, space), restTag, key.substring(space + 1));
        };
    }
}
