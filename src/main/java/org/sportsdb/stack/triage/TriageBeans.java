package org.sportsdb.stack.triage;

import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.sportsdb.stack.kafka.KafkaClientSettings;

/**
 * Binds {@code triageJob}, the parquet-sink run that {@code routes/triage.yaml} calls. It reads its
 * Kafka connection from the application's one Kafka setting ({@code kafkaClientSettings}) and its
 * {@code triage.*} knobs from the application's settings (environment variables win).
 */
public final class TriageBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        KafkaClientSettings kafka = context.getRegistry().lookupByNameAndType("kafkaClientSettings", KafkaClientSettings.class);
        context.getRegistry().bind("triageJob", new TriageJob(kafka.clientProperties(), new Knobs(System.getenv(), settingsOf(context))));
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
