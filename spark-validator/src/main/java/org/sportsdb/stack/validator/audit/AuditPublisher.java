package org.sportsdb.stack.validator.audit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one {@link AuditRecord} per micro-batch of the validator query (the progress events that carry the
 * {@link BatchAudit} observation; other queries are ignored) to the audit topic, from the driver, after the batch.
 * A batch whose audit record could not be written is logged with its batch id and offsets and counted
 * ({@link #failures()}); the reconciler then shows its offsets as a gap.
 */
public final class AuditPublisher extends StreamingQueryListener implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** @param kafkaOptions the query's Kafka options (Spark's "kafka."-prefixed client settings) */
    public AuditPublisher(Map<String, String> kafkaOptions, String topic) {
        Map<String, Object> config = new HashMap<>();
        kafkaOptions.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                config.put(k.substring("kafka.".length()), v);
            }
        });
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "validator-audit");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.topic = topic;
    }

    /** The publisher of VALIDATOR_AUDIT_TOPIC, or null when it is 'off'. */
    public static AuditPublisher forKnob(Map<String, String> kafkaOptions) {
        String topic = ValidatorKnobs.AUDIT_TOPIC.value();
        if (topic == null || topic.equalsIgnoreCase("off")) {
            System.err.println("validator: no audit records (VALIDATOR_AUDIT_TOPIC=off): ./stack reconcile cannot account for this run");
            return null;
        }
        System.err.println("validator: one audit record per batch to " + topic);
        return new AuditPublisher(kafkaOptions, topic);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        if (!p.observedMetrics().containsKey(BatchAudit.OBSERVATION)) {
            return;
        }
        String value = AuditRecord.value(p);
        if (value == null) {
            return;
        }
        try {
            producer.send(new ProducerRecord<>(topic, AuditRecord.key(p), value)).get(30, TimeUnit.SECONDS);
            published.incrementAndGet();
        } catch (Exception e) {
            failures.incrementAndGet();
            System.err.println("validator: audit record of batch " + p.batchId() + " NOT written to " + topic + " ("
                    + e + "); its offsets will show as a gap in ./stack reconcile: " + value);
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        producer.flush();
    }

    public long published() {
        return published.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
