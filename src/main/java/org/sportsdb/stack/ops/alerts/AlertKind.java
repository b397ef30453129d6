package org.sportsdb.stack.ops.alerts;

import java.util.function.Function;

/**
 * What failed: each kind of alert has its own wording; all go through one path ({@link Alerts}: the
 * no-storm window, then the {@link AlertMailer}). The source is what failed (a feed, "triage", the
 * warehouse, the validator); the detail is where or how (an endpoint, a table, a check), counted per mail.
 */
public enum AlertKind {

    API_GIVE_UP("Feed", "Endpoint", "failure",
            f -> String.format("feed %s: %d API call%s given up after retries (last: %s)", f.source(), f.failures(), plural(f.failures()), f.lastDetail()),
            "Each failure is an API call given up after all its retries; the feed went on with its next call."),
    TRIAGE_FAILED("Job", "Trigger", "failed run",
            f -> String.format("triage: %d run%s failed (last: %s)", f.failures(), plural(f.failures()), f.lastError()),
            "A triage run drains the rejected.soccer.* topics to Parquet and commits each segment's offsets once its files are"
                    + " visible. A failed run keeps what it committed before the failure (the error names it and the topics that"
                    + " failed; sportsdb_triage_records_total counts it); the next run reads the rest from the last committed offsets."),
    WAREHOUSE_UNREACHABLE("Warehouse", "Check", "failed check",
            f -> "warehouse unreachable: " + f.lastDetail(),
            "The warehouse did not answer for longer than alerts.warehouse.unreachable-minutes; ingestion commits nothing meanwhile"
                    + " and redelivers once it is back (nothing is lost while the validated topics keep the records)."),
    WAREHOUSE_REFUSED_ROWS("Warehouse", "Where", "refused row",
            f -> String.format("warehouse: %d row%s refused", f.failures(), plural(f.failures())),
            "Refused rows are on the rejected.warehouse.soccer.* topics, with the table's error in header warehouse.error"
                    + " (the application's log names topic, partition and offset of each)."),
    WAREHOUSE_EXPIRED_BEFORE_INGESTION("Warehouse", "Where", "expired record",
            f -> String.format("warehouse: %d validated record%s expired before ingestion", f.failures(), plural(f.failures())),
            "Retention deleted validated records before the warehouse ingestion read them (it was down or behind for longer than"
                    + " the validated topics keep records): they are not in raw_*. The application's log names topic, partition and"
                    + " offsets; ./stack reconcile counts them per topic as expired before ingestion."),
    WAREHOUSE_TABLE_STOPPED("Warehouse", "Table", "stopped table",
            f -> "warehouse table stopped: " + f.lastDetail(),
            "The warehouse does not know this raw table or a column of it (a migration missing or not applied): its records are"
                    + " held, not committed, and tried again after the next migration; the other tables go on."),
    VALIDATOR_DOWN("Validator", "Check", "failed check",
            f -> "validator query down: " + f.lastDetail(),
            "The validator's query committed no batch for longer than alerts.validator.stall-minutes while records waited on its"
                    + " source topics (its checkpoint's last committed offsets against the topics' end offsets)."),
    VALIDATOR_LAG("Validator", "Check", "check over the limit",
            f -> "validator lag: " + f.lastDetail(),
            "Lag = records on the validator's source topics after the offsets of its last committed batch (its checkpoint);"
                    + " the limit is alerts.validator.max-lag-records."),
    FEED_RUN_SKIPPED("Feed", "Run", "skipped run",
            f -> String.format("feed %s: %d run%s skipped, the previous one still running", f.source(), f.failures(), plural(f.failures())),
            "A scheduled run of the feed was skipped because its previous run was still running; its records come with the next run."),
    FEED_RECORDS_NOT_PUBLISHED("Feed", "Topics", "record not published",
            f -> String.format("feed %s: %d record%s not published, Kafka did not answer (last: %s)", f.source(), f.failures(),
                    plural(f.failures()), f.lastDetail()),
            "Kafka did not take the feed's records within its timeout (the broker gone or unreachable, a topic missing); none of"
                    + " them is marked done: the next run offers them again. The run's last log line names the topics.");

    private final String sourceLabel;
    private final String detailLabel;
    private final String unit;
    private final Function<WindowedFailures, String> subject;
    private final String explanation;

    AlertKind(String sourceLabel, String detailLabel, String unit, Function<WindowedFailures, String> subject, String explanation) {
        this.sourceLabel = sourceLabel;
        this.detailLabel = detailLabel;
        this.unit = unit;
        this.subject = subject;
        this.explanation = explanation;
    }

    String subject(WindowedFailures failures) {
        return subject.apply(failures);
    }

    String sourceLabel() {
        return sourceLabel;
    }

    String detailLabel() {
        return detailLabel;
    }

    String unit() {
        return unit;
    }

    String explanation() {
        return explanation;
    }

    static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
