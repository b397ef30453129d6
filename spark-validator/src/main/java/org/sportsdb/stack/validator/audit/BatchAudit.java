package org.sportsdb.stack.validator.audit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.stream.RoutedRows;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Counts the rows of each micro-batch that reach the sink, per output topic ({@code validated.<feed topic>} and
 * {@code rejected.<feed topic>} of every contract, and every other row together), with {@link Dataset#observe}:
 * Spark aggregates them inside the batch's own tasks and hands them to the driver with the batch's progress, where
 * {@link AuditPublisher} writes the audit record. No extra pass over the data.
 */
public final class BatchAudit {
    /** Name of the observation in {@code StreamingQueryProgress.observedMetrics()}. */
    public static final String OBSERVATION = "validator_audit";
    /** Metric of the rows whose output topic is none of the contracts' (e.g. unknown-contract topics). */
    public static final String OTHER = "other";
    public static final String TOTAL = "total";

    private BatchAudit() {
    }

    /** The feed topics with a contract, sorted (the observation's metric names derive from them). */
    public static List<String> feedTopics() {
        return new ArrayList<>(new TreeSet<>(ContractCatalog.fromClasspath().all().keySet()));
    }

    /** {@code rows} (with a {@link RoutedRows#TOPIC} column) with the audit counts observed on them. */
    public static Dataset<Row> observe(Dataset<Row> rows) {
        List<String> topics = feedTopics();
        Column topic = col(RoutedRows.TOPIC);
        List<Column> metrics = new ArrayList<>();
        for (String t : topics) {
            for (String prefix : List.of(RecordValidator.VALIDATED_PREFIX, RecordValidator.REJECTED_PREFIX)) {
                metrics.add(sum(when(topic.equalTo(lit(prefix + t)), 1L).otherwise(0L)).as(prefix + t));
            }
        }
        // the other rows (OTHER) are total - the named ones, computed on the driver (AuditRecord): no test per row
        metrics.add(count(lit(1)).as(TOTAL));
        return rows.observe(OBSERVATION, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
    }
}
