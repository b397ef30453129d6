package org.sportsdb.stack.validator;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.sportsdb.stack.validator.audit.AuditPublisher;
import org.sportsdb.stack.validator.config.Knob;
import org.sportsdb.stack.validator.config.ValidatorKnobs;
import org.sportsdb.stack.validator.metrics.MetricsEndpoint;
import org.sportsdb.stack.validator.metrics.RetentionLossTracker;
import org.sportsdb.stack.validator.metrics.RoutingCounter;
import org.sportsdb.stack.validator.metrics.ValidatorMetrics;
import org.sportsdb.stack.validator.stream.KafkaClientOptions;
import org.sportsdb.stack.validator.stream.ProgressLogger;
import org.sportsdb.stack.validator.stream.SparkSessions;
import org.sportsdb.stack.validator.stream.StopBetweenBatches;
import org.sportsdb.stack.validator.stream.StreamSettings;
import org.sportsdb.stack.validator.stream.ValidatorPipeline;

/**
 * The streaming validator. Configured only through environment variables / system properties (no arguments);
 * runs until stopped (or, with VALIDATOR_TRIGGER_INTERVAL=available-now, until the topics are drained).
 */
public final class ValidatorJob {
    /** How long the end waits for the last batch's audit record (the listener bus delivers it after the query ends). */
    static final java.time.Duration AUDIT_WAIT = java.time.Duration.ofSeconds(30);
    private ValidatorJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println(usage());
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
        StreamSettings settings;
        java.time.Duration stopWait;
        try {
            settings = StreamSettings.fromKnobs();
            stopWait = stopWait(ValidatorKnobs.STOP_WAIT.value());
        } catch (IllegalArgumentException e) {
            System.err.println("validator: " + e.getMessage() + "\n\n" + usage());
            System.exit(2);
            return;
        }
        System.err.println("validator: kafka " + KafkaClientOptions.masked(settings.kafkaOptions())
                + ", checkpoint " + settings.checkpointDir() + ", trigger " + settings.trigger()
                + ", dedup window " + settings.dedupWindow().duration());
        SparkSession spark = SparkSessions.create("sportsdb-validator");
        spark.streams().addListener(new ProgressLogger());
        RoutingCounter counter = new RoutingCounter();
        spark.sparkContext().register(counter, "validator-routing");
        RetentionLossTracker losses = RetentionLossTracker.register(spark, settings.kafkaOptions());
        ValidatorMetrics metrics = new ValidatorMetrics(counter, losses);
        spark.streams().addListener(metrics);
        int port = ValidatorKnobs.METRICS_PORT.intValue();
        MetricsEndpoint endpoint = port < 0 ? null
                : MetricsEndpoint.start(ValidatorKnobs.METRICS_HOST.value(), port, metrics);
        if (endpoint != null) {
            System.err.println("validator: metrics on http://" + ValidatorKnobs.METRICS_HOST.value() + ":" + endpoint.port() + "/metrics");
        }
        AuditPublisher audit = AuditPublisher.forKnob(settings.kafkaOptions(), settings.checkpointDir(), spark.sparkContext().hadoopConfiguration());
        if (audit != null) {
            spark.streams().addListener(audit);
        }
        StreamingQuery query = ValidatorPipeline.start(spark, settings, counter, losses);
        // SIGTERM / SIGINT: the running batch finishes and commits, its audit record is written, then Spark stops
        StopBetweenBatches.onShutdown(query, stopWait, AUDIT_WAIT, () -> {
            if (audit != null) {
                audit.closeAfterLastBatchOf(query, AUDIT_WAIT);
            }
        });
        try {
            query.awaitTermination();
        } finally {
            if (audit != null) {
                audit.closeAfterLastBatchOf(query, AUDIT_WAIT);
            }
            if (endpoint != null) {
                endpoint.close();
            }
            spark.stop();
        }
    }

    /** VALIDATOR_STOP_WAIT as a duration ("60s", "2m", "60 seconds"). */
    static java.time.Duration stopWait(String text) {
        try {
            return org.sportsdb.stack.validator.core.DedupWindow.parse(text).duration();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VALIDATOR_STOP_WAIT: cannot read '" + text + "' (use e.g. 60s, 2m)");
        }
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("usage: java @spark-validator/jvm-flags.txt -cp ... ")
                .append(ValidatorJob.class.getName())
                .append("\n  (no arguments; configure with environment variables or -D system properties)\n");
        for (Knob k : ValidatorKnobs.all()) {
            sb.append(String.format("  %-34s -D%-36s default: %s%n    %s%n", k.envVar(), k.property(),
                    k.defaultValue() == null ? "(unset)" : k.defaultValue(), k.meaning()));
        }
        return sb.toString();
    }
}
