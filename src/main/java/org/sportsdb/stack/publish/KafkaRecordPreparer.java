package org.sportsdb.stack.publish;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.EndpointTemplate;
import org.sportsdb.stack.api.ExchangeKeys;
import org.sportsdb.stack.api.FeedName;

/**
 * Makes one API row ready for Kafka: adds {@code ingested_at} (epoch seconds), sets the key from
 * the feed's key spec, and replaces all headers with the record's provenance:
 * {@code sportsdb.feed}, {@code sportsdb.endpoint} (the request path) and one
 * {@code sportsdb.<param>} per endpoint parameter (league, season, idEvent, ...).
 * A row without its key fields is still published (key "") and counted: the validator rejects it
 * with its reason instead of it vanishing here.
 */
public final class KafkaRecordPreparer {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordPreparer.class);
    public static final String HEADER_PREFIX = "sportsdb.";

    private final ObjectMapper json;
    private final Clock clock;
    private final PublishedRecords published;

    public KafkaRecordPreparer(ObjectMapper json, Clock clock, PublishedRecords published) {
        this.json = json;
        this.clock = clock;
        this.published = published;
    }

    /** The body row as the record for {@code topic}, keyed by the key fields {@code recordKey} (see {@link RecordKey}). */
    public void prepare(Exchange exchange, String topic, String recordKey) throws JsonProcessingException {
        Message in = exchange.getIn();
        @SuppressWarnings("unchecked")
        Map<String, Object> row = in.getBody(Map.class);
        if (row == null) {
            throw new IllegalArgumentException("kamelet:kafka-publish-record expects one record (a JSON object) as body, got " + in.getBody());
        }
        Map<String, Object> record = new LinkedHashMap<>(row);
        record.put("ingested_at", clock.instant().getEpochSecond());

        String key = RecordKey.of(recordKey, record);
        if (key == null) {
            published.countWithoutKey();
            LOG.warn("record for {} has none of the key fields {}; published with an empty key for the validator to reject",
                    topic, recordKey);
            key = "";
        }

        in.removeHeaders("*");
        in.setHeader(KafkaConstants.KEY, key);
        in.setHeader(HEADER_PREFIX + "feed", FeedName.of(exchange));
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        if (endpoint != null) {
            EndpointTemplate template = EndpointTemplate.of(endpoint);
            in.setHeader(HEADER_PREFIX + "endpoint", exchange.getProperty(ExchangeKeys.REQUEST_PATH, endpoint, String.class));
            template.values(exchange::getProperty).forEach((name, value) -> in.setHeader(HEADER_PREFIX + name, value));
        }
        in.setBody(json.writeValueAsString(record));
    }
}
