package org.sportsdb.stack.reconcile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.sportsdb.stack.warehouse.RawTableNames;

/**
 * What the reconciler reads: the Kafka client settings, the feed topics, the validator's audit topic, the ingestion
 * and triage consumer groups, the warehouse (null = not checked) and its table / refused-topic names, the triage root,
 * the validator's input topics ({@code sourceTopics}: every topic it reads, with a contract or not; null = the
 * feed topics only), and how long the ledger waits for each answer of Kafka ({@code kafkaTimeout},
 * {@code reconcile.kafka-timeout-ms}: a broker that does not answer fails the run after that, naming it), and whether
 * the triage runs ({@code triage.enabled}; off: the rejected records are not followed into Parquet).
 */
public record ReconcileSettings(Map<String, Object> kafkaClientProperties, List<String> feedTopics, String auditTopic,
                                String ingestGroup, DataSource warehouse, RawTableNames rawTables,
                                String triageGroup, Path triageRoot, Pattern sourceTopics, Duration kafkaTimeout,
                                boolean triageEnabled) {
    /** The validator's input topics as it subscribes to them (ValidatorKnobs' source pattern). */
    public static final Pattern VALIDATOR_SOURCE_TOPICS = Pattern.compile("^soccer\\..*");
    /** The default of {@code reconcile.kafka-timeout-ms}. */
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);

    public ReconcileSettings(Map<String, Object> kafkaClientProperties, List<String> feedTopics, String auditTopic,
                             String ingestGroup, DataSource warehouse, RawTableNames rawTables, String triageGroup, Path triageRoot,
                             Pattern sourceTopics, Duration kafkaTimeout) {
        this(kafkaClientProperties, feedTopics, auditTopic, ingestGroup, warehouse, rawTables, triageGroup, triageRoot, sourceTopics,
                kafkaTimeout, true);
    }

    public ReconcileSettings(Map<String, Object> kafkaClientProperties, List<String> feedTopics, String auditTopic,
                             String ingestGroup, DataSource warehouse, RawTableNames rawTables, String triageGroup, Path triageRoot,
                             Pattern sourceTopics) {
        this(kafkaClientProperties, feedTopics, auditTopic, ingestGroup, warehouse, rawTables, triageGroup, triageRoot, sourceTopics,
                DEFAULT_KAFKA_TIMEOUT);
    }

    public ReconcileSettings(Map<String, Object> kafkaClientProperties, List<String> feedTopics, String auditTopic,
                             String ingestGroup, DataSource warehouse, RawTableNames rawTables, String triageGroup, Path triageRoot) {
        this(kafkaClientProperties, feedTopics, auditTopic, ingestGroup, warehouse, rawTables, triageGroup, triageRoot, null);
    }
}
