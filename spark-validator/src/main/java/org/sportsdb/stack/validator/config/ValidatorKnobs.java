package org.sportsdb.stack.validator.config;

import org.sportsdb.stack.validator.stream.StreamSettings;

import java.util.List;

/** Every knob of the validator, in one place (the README table is generated from the same names). */
public final class ValidatorKnobs {
    private ValidatorKnobs() {
    }

    public static final Knob BOOTSTRAP = new Knob("kafka.bootstrap", "KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "Kafka bootstrap servers");
    public static final Knob SECURITY_PROTOCOL = new Knob("kafka.security.protocol", "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
            "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    public static final Knob SASL_MECHANISM = new Knob("kafka.sasl.mechanism", "KAFKA_SASL_MECHANISM", "PLAIN",
            "SASL mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) when the protocol is SASL_*");
    public static final Knob SASL_USERNAME = new Knob("kafka.sasl.username", "KAFKA_SASL_USERNAME", null,
            "SASL user name");
    public static final Knob SASL_PASSWORD = new Knob("kafka.sasl.password", "KAFKA_SASL_PASSWORD", null,
            "SASL password (from the environment, never from git)");
    public static final Knob TRUSTSTORE_LOCATION = new Knob("kafka.ssl.truststore.location", "KAFKA_SSL_TRUSTSTORE_LOCATION", null,
            "trust store file for SSL / SASL_SSL");
    public static final Knob TRUSTSTORE_PASSWORD = new Knob("kafka.ssl.truststore.password", "KAFKA_SSL_TRUSTSTORE_PASSWORD", null,
            "trust store password");
    public static final Knob TRUSTSTORE_TYPE = new Knob("kafka.ssl.truststore.type", "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12",
            "trust store type");
    public static final Knob SOURCE_PATTERN = new Knob("validator.source.pattern", "VALIDATOR_SOURCE_PATTERN", StreamSettings.SOURCE_PATTERN,
            "regex of the input topics; anchored with ^ because the Kafka source matches it anywhere in the name");
    public static final Knob TRIGGER_INTERVAL = new Knob("validator.trigger.interval", "VALIDATOR_TRIGGER_INTERVAL", "2 seconds",
            "micro-batch trigger interval, or 'available-now' to drain what is there and stop");
    public static final Knob STARTING_OFFSETS = new Knob("validator.starting.offsets", "VALIDATOR_STARTING_OFFSETS", "earliest",
            "where a query without checkpoint starts: earliest, latest or Spark's JSON offsets");
    public static final Knob MAX_OFFSETS_PER_TRIGGER = new Knob("validator.max.offsets.per.trigger", "VALIDATOR_MAX_OFFSETS_PER_TRIGGER", "200000",
            "cap of records per micro-batch, over all partitions: a catch-up after downtime is read in committed batches of"
                    + " this size instead of one batch of everything; 0 = no cap");
    public static final Knob FAIL_ON_DATA_LOSS = new Knob("validator.fail.on.data.loss", "VALIDATOR_FAIL_ON_DATA_LOSS", "false",
            "false: records deleted by retention before being read are skipped, logged per partition and counted"
                    + " (validator_lost_to_retention_total); true: the query stops");
    public static final Knob CHECKPOINT_DIR = new Knob("validator.checkpoint.dir", "VALIDATOR_CHECKPOINT_DIR", ".run/checkpoints/validator",
            "checkpoint directory (offsets, commits, dedup state); HDFS/S3 URI on a cluster");
    public static final Knob DEDUP_WINDOW = new Knob("validator.dedup.window", "VALIDATOR_DEDUP_WINDOW", "48h",
            "TTL of a key's de-duplication state after its last validated record (processing time): <n><s|m|h|d> or '<n> seconds|minutes|hours|days'");
    public static final Knob SPARK_MASTER = new Knob("validator.spark.master", "SPARK_MASTER", "local[2]",
            "Spark master when not launched by spark-submit");
    public static final Knob SHUFFLE_PARTITIONS = new Knob("validator.shuffle.partitions", "VALIDATOR_SHUFFLE_PARTITIONS", "2",
            "partitions of the de-duplication state (fixed once a checkpoint exists)");
    public static final Knob STATE_STORE = new Knob("validator.state.store", "VALIDATOR_STATE_STORE", "hdfs",
            "de-duplication state: 'hdfs' (flatMapGroupsWithState in memory: fastest catch-up, but every batch copies and"
                    + " scans every key) or 'rocksdb' (transformWithState with a TTL on RocksDB, changelog checkpointing: a"
                    + " batch costs what its own keys cost; needs a new checkpoint)");
    public static final Knob QUERY_NAME = new Knob("validator.query.name", "VALIDATOR_QUERY_NAME", "soccer-validator",
            "streaming query name");

    public static final Knob STOP_WAIT = new Knob("validator.stop.wait", "VALIDATOR_STOP_WAIT", "40s",
            "on SIGTERM/SIGINT, how long the running micro-batch may take to finish and commit before it is cut (and replayed"
                    + " at the next start): <n><s|m|h>; keep the container's stop grace period longer");

    public static final Knob AUDIT_TOPIC = new Knob("validator.audit.topic", "VALIDATOR_AUDIT_TOPIC", "validator.audit",
            "topic of the per-batch audit records (input offset ranges and where the rows went) that ./stack reconcile reads; 'off' = none");

    public static final Knob METRICS_PORT = new Knob("validator.metrics.port", "VALIDATOR_METRICS_PORT", "9465",
            "port of the Prometheus endpoint GET /metrics (0 = a free port, -1 = off)");
    public static final Knob METRICS_HOST = new Knob("validator.metrics.host", "VALIDATOR_METRICS_HOST", "127.0.0.1",
            "address the metrics endpoint binds (0.0.0.0 to let a Prometheus container scrape it)");

    public static List<Knob> all() {
        return List.of(BOOTSTRAP, SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD, TRUSTSTORE_LOCATION,
                TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, SOURCE_PATTERN, TRIGGER_INTERVAL, STARTING_OFFSETS,
                MAX_OFFSETS_PER_TRIGGER, FAIL_ON_DATA_LOSS, CHECKPOINT_DIR, DEDUP_WINDOW, SPARK_MASTER,
                SHUFFLE_PARTITIONS, STATE_STORE, QUERY_NAME, STOP_WAIT, AUDIT_TOPIC, METRICS_PORT, METRICS_HOST);
    }
}
