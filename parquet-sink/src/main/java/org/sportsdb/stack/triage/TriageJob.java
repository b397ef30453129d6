package org.sportsdb.stack.triage;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The bean the Camel route calls: builds a {@link TriageRun} from knobs (environment variables, then
 * system properties, then defaults) and runs it once per call. Kafka client settings come from
 * {@code triage.kafka.*} / {@code TRIAGE_KAFKA_*} (e.g. {@code TRIAGE_KAFKA_BOOTSTRAP_SERVERS}).
 */
public final class TriageJob {

    public static final String KAFKA_PREFIX = "triage.kafka.";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    private final TriageRun run;

    public TriageJob() {
        this(Knobs.fromSystem());
    }

    public TriageJob(Knobs knobs) {
        this(consumerConfig(knobs), knobs);
    }

    /**
     * For the Camel app: its own Kafka client properties (bootstrap, security) and its knobs, e.g.
     * {@code new TriageJob(kafkaClientSettings.clientProperties(), new Knobs(System.getenv(), camelProperties))}.
     */
    public TriageJob(Map<String, ?> consumerConfig, Knobs knobs) {
        this.run = new TriageRun(new HashMap<>(consumerConfig), TriageSettings.from(knobs), Clock.systemUTC());
    }

    public static Map<String, Object> consumerConfig(Knobs knobs) {
        Map<String, Object> config = new HashMap<>(knobs.withPrefix(KAFKA_PREFIX));
        config.putIfAbsent("bootstrap.servers", DEFAULT_BOOTSTRAP);
        return config;
    }

    public TriageResult runOnce() {
        return run.run();
    }
}
