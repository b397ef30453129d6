package org.sportsdb.stack.triage;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.sportsdb.stack.kafka.KafkaClientSettings;

/**
 * Binds {@code triageJob}, the parquet-sink run that {@code routes/triage.yaml} calls. It reads its
 * Kafka connection from the application's one Kafka setting ({@code kafkaClientSettings}), its consumer group from
 * {@code triage.kafka.group.id}, and its {@code triage.*} knobs from the application's settings (environment variables
 * win).
 */
public final class TriageBeans implements CamelConfiguration {
    /** The triage's consumer group (TRIAGE_KAFKA_GROUP_ID), whose committed offsets the ledger reads. */
    static final String GROUP_ID = TriageJob.KAFKA_PREFIX + ConsumerConfig.GROUP_ID_CONFIG;

    @Override
    public void configure(CamelContext context) {
        KafkaClientSettings kafka = context.getRegistry().lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
        Knobs knobs = new Knobs(System.getenv(), settingsOf(context));
        // the application's connection, and the triage's own consumer group: the one the ledger reads
        Map<String, Object> consumer = new HashMap<>(kafka.clientProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, knobs.get(GROUP_ID, TriageRun.DEFAULT_GROUP_ID));
        context.getRegistry().bind("triageJob", new TriageJob(consumer, knobs));
    }

    /** The application's settings as {@link Properties}, resolved through Camel (so test and CLI overrides apply). */
    private static Properties settingsOf(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Properties view = new Properties() {
            @Override
            public String getProperty(String key) {
                return properties.resolveProperty(key).orElse(null);
            }
        };
        properties.loadProperties(key -> key.startsWith("triage.")).forEach((k, v) -> view.put(k, v));
        return view;
    }
}
