package org.sportsdb.stack.reconcile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.sportsdb.stack.warehouse.RawTableNames;

/**
 * What the reconciler reads: the Kafka client settings, the feed topics, the validator's audit topic, the ingestion
 * and triage consumer groups, the warehouse (null = not checked) and its table / refused-topic names, the triage root.
 */
public record ReconcileSettings(Map<String, Object> kafkaClientProperties, List<String> feedTopics, String auditTopic,
                                String ingestGroup, DataSource warehouse, RawTableNames rawTables,
                                String triageGroup, Path triageRoot) {
}
