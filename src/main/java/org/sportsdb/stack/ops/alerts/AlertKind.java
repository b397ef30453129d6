package org.sportsdb.stack.ops.alerts;

/**
 * What failed: each kind of alert has its own wording; all go through one path ({@link Alerts}: the
 * no-storm window, then the {@link AlertMailer}). The source is what failed (a feed, "triage", the
 * warehouse, the validator); the detail is where or how (an endpoint, a table, a check), counted per mail.
 */
public enum AlertKind {

    API_GIVE_UP("Feed", "Endpoint", "failure",
            "Each failure is an API call given up after all its retries; the feed went on with its next call.") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("feed %s: %d API call%s given up after retries (last: %s)", f.source(), f.failures(), plural(f.failures()), f.lastDetail());
        }
    },
    TRIAGE_FAILED("Job", "Trigger", "failed run",
            "A triage run drains the rejected.soccer.* topics to Parquet; a failed run committed nothing: the next run reads the same records.") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("triage: %d run%s failed (last: %s)", f.failures(), plural(f.failures()), f.lastError());
        }
    },
    WAREHOUSE_UNREACHABLE("Warehouse", "Check", "failed check",
            "The warehouse did not answer for longer than alerts.warehouse.unreachable-minutes; ingestion commits nothing meanwhile"
                    + " and redelivers once it is back (nothing is lost while the validated topics keep the records).") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("warehouse unreachable: %s", f.lastDetail());
        }
    },
    WAREHOUSE_REFUSED_ROWS("Warehouse", "Where", "refused row",
            "Refused rows are on the rejected.warehouse.soccer.* topics, with the table's error in header warehouse.error"
                    + " (the application's log names topic, partition and offset of each).") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("warehouse: %d row%s refused", f.failures(), plural(f.failures()));
        }
    },
    VALIDATOR_DOWN("Validator", "Check", "failed check",
            "The validator's query committed no batch for longer than alerts.validator.stall-minutes while records waited on its"
                    + " source topics (its checkpoint's last committed offsets against the topics' end offsets).") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("validator query down: %s", f.lastDetail());
        }
    },
    VALIDATOR_LAG("Validator", "Check", "check over the limit",
            "Lag = records on the validator's source topics after the offsets of its last committed batch (its checkpoint);"
                    + " the limit is alerts.validator.max-lag-records.") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("validator lag: %s", f.lastDetail());
        }
    },
    FEED_RUN_SKIPPED("Feed", "Run", "skipped run",
            "A scheduled run of the feed was skipped because its previous run was still running; its records come with the next run.") {
        @Override
        String subject(WindowedFailures f) {
            return String.format("feed %s: %d run%s skipped, the previous one still running", f.source(), f.failures(), plural(f.failures()));
        }
    };

    private final String sourceLabel;
    private final String detailLabel;
    private final String unit;
    private final String explanation;

    AlertKind(String sourceLabel, String detailLabel, String unit, String explanation) {
        this.sourceLabel = sourceLabel;
        this.detailLabel = detailLabel;
        this.unit = unit;
        this.explanation = explanation;
    }

    abstract String subject(WindowedFailures failures);

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
