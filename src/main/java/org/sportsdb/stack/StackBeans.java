package org.sportsdb.stack;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.Registry;
import org.sportsdb.stack.api.ApiAnswerRecorder;
import org.sportsdb.stack.api.ApiBaseUrl;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.api.ApiEnvelopeReader;
import org.sportsdb.stack.api.ApiGiveUpRecorder;
import org.sportsdb.stack.api.ApiRequestBudget;
import org.sportsdb.stack.api.ApiRequestPreparer;
import org.sportsdb.stack.api.ApiResponseCheck;
import org.sportsdb.stack.kafka.KafkaClientSettings;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicProvisioner;
import org.sportsdb.stack.publish.KafkaRecordPreparer;
import org.sportsdb.stack.publish.PublishedRecords;

/**
 * Creates the beans that the YAML routes call by name and applies the Kafka settings to the
 * Camel Kafka component. Everything is read from the settings, none of it is hard-wired.
 */
public final class StackBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        StackProperties settings = new StackProperties(context);
        Registry registry = context.getRegistry();
        ObjectMapper json = new ObjectMapper();

        String apiKey = settings.get("sportsdb.api.key");
        if ((apiKey == null || apiKey.isBlank()) && settings.isTrue("sportsdb.api.key-required", true)) {
            throw new IllegalStateException("SPORTSDB_API_KEY is not set: TheSportsDB v2 refuses every call without a premium key "
                    + "(the offline demo sets one for its replay server)");
        }

        if (settings.isTrue("sportsdb.api.key-required", true)) {  // the commands that call no API leave both unchecked
            ApiBaseUrl.checked(settings.get("sportsdb.base-url"));
        }

        ApiCallStats apiStats = new ApiCallStats();
        ApiRequestBudget budget = new ApiRequestBudget(
                settings.requireInt("sportsdb.api.requests-per-minute"),
                settings.requireInt("sportsdb.api.live-reserve"),
                settings.requireInt("sportsdb.api.budget-window-ms"));
        registry.bind("apiCallStats", apiStats);
        registry.bind("apiRequestBudget", budget);
        registry.bind("apiRequestPreparer", new ApiRequestPreparer(budget, apiStats));
        registry.bind("apiResponseCheck", new ApiResponseCheck(apiStats, settings.requireInt("sportsdb.api.max-retry-delay-ms")));
        registry.bind("apiEnvelopeReader", new ApiEnvelopeReader(json, apiStats));
        registry.bind("apiGiveUpRecorder", new ApiGiveUpRecorder(apiStats));
        registry.bind("apiAnswerRecorder", new ApiAnswerRecorder(settings.get("sportsdb.record-dir")));

        PublishedRecords published = new PublishedRecords();
        registry.bind("publishedRecords", published);
        registry.bind("kafkaRecordPreparer", new KafkaRecordPreparer(json, Clock.systemUTC(), published));

        KafkaClientSettings kafka = new KafkaClientSettings(settings::get);
        kafka.applyTo(context.getComponent("kafka", KafkaComponent.class).getConfiguration());
        registry.bind("kafkaClientSettings", kafka);
        registry.bind("topicCatalog", new TopicCatalog(settings::require));
        registry.bind("topicProvisioner", new TopicProvisioner(kafka.clientProperties()));
    }
}
