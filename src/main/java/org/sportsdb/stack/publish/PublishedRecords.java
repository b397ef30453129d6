package org.sportsdb.stack.publish;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Records acknowledged by Kafka, per topic, since the application started. */
public final class PublishedRecords {

    private final Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();
    private final AtomicLong withoutKey = new AtomicLong();

    public void count(String topic) {
        perTopic.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
    }

    void countWithoutKey() {
        withoutKey.incrementAndGet();
    }

    public long withoutKey() {
        return withoutKey.get();
    }

    public long get(String topic) {
        AtomicLong n = perTopic.get(topic);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        perTopic.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
