package org.sportsdb.stack.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The reconciliation of the whole chain over a window: one {@link TopicLedger} per feed topic, the totals, notes. */
public final class Ledger {
    public static final String VALIDATOR = "validator";
    public static final String WAREHOUSE = "warehouse";
    public static final String TRIAGE = "triage";

    final Instant since;
    final List<TopicLedger> topics = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /**
     * Stages that could not be accounted, "stage: reason" (their records are neither accounted nor a gap: the traces
     * the ledger reads are not there); the command exits 3.
     */
    final List<String> cannotAccount = new ArrayList<>();
    /** Validator batches whose rows passed on to the sink, or read by Spark, do not match what was written or counted. */
    final List<TopicLedger.Unbalanced> unbalancedBatches = new ArrayList<>();
    long auditBatches;
    long droppedUnchanged;
    long notRead;

    Ledger(Instant since) {
        this.since = since;
    }

    public List<TopicLedger> topics() {
        return topics;
    }

    public TopicLedger topic(String name) {
        return topics.stream().filter(t -> t.topic.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException("no topic " + name));
    }

    public List<String> notes() {
        return notes;
    }

    /** The stages that could not be accounted, each "stage: reason" (empty when every stage was). */
    public List<String> cannotAccount() {
        return cannotAccount;
    }

    void cannotAccount(String stage, String reason) {
        cannotAccount.add(stage + ": " + reason);
    }

    public long total(ToLongFunction<TopicLedger> f) {
        return topics.stream().mapToLong(f).sum();
    }

    public long unaccounted() {
        return total(TopicLedger::unaccounted) + unbalancedBatches.stream().mapToLong(u -> Math.abs(u.rows())).sum();
    }

    public List<TopicLedger.Unbalanced> unbalancedBatches() {
        return unbalancedBatches;
    }

    public long validatorLag() {
        return total(TopicLedger::validatorLag);
    }

    public long ingestLag() {
        return total(TopicLedger::ingestLag);
    }

    public long triageLag() {
        return total(TopicLedger::triageLag);
    }

    /** The ledger as a terminal table, then the reasons, the notes and the first offsets of every gap. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("reconcile: ").append(since == null ? "every retained offset" : "since " + since)
                .append(", ").append(auditBatches).append(" validator batches\n\n");
        String fmt = "%-26s %9s %9s %8s %8s %7s | %8s %7s %7s | %7s %7s | %11s%n";
        sb.append(String.format(fmt, "topic", "published", "validated", "rejected", "dropped", "v.lag",
                "in raw", "refused", "i.lag", "triaged", "t.lag", "UNACCOUNTED"));
        for (TopicLedger t : topics) {
            sb.append(String.format(fmt, t.topic, t.published, t.validated, t.rejected, t.dropped, t.validatorLag,
                    t.warehouseChecked ? Long.toString(t.inRaw) : "-", t.warehouseChecked ? Long.toString(t.refused) : "-",
                    t.warehouseChecked ? Long.toString(t.ingestLag) : "-", t.triageChecked ? Long.toString(t.triaged) : "-",
                    t.triageChecked ? Long.toString(t.triageLag) : "-", t.unaccounted()));
        }
        boolean wh = topics.stream().anyMatch(t -> t.warehouseChecked);
        boolean tr = topics.stream().anyMatch(t -> t.triageChecked);
        sb.append(String.format(fmt, "total", total(t -> t.published), total(t -> t.validated), total(t -> t.rejected),
                total(t -> t.dropped), validatorLag(), wh ? Long.toString(total(t -> t.inRaw)) : "-",
                wh ? Long.toString(total(t -> t.refused)) : "-", wh ? Long.toString(ingestLag()) : "-",
                tr ? Long.toString(total(t -> t.triaged)) : "-", tr ? Long.toString(triageLag()) : "-", unaccounted()));
        sb.append(String.format("%ndropped by the validator: %d unchanged re-polls; %d offsets compacted or expired before it read them%n",
                droppedUnchanged, notRead));
        String perTopic = String.join(", ", topics.stream().filter(t -> t.notRead > 0).map(t -> t.topic + "=" + t.notRead).toList());
        if (!perTopic.isEmpty()) {
            sb.append("not read by the validator (compacted, or deleted by retention first), per topic: ").append(perTopic).append('\n');
        }
        for (TopicLedger t : topics) {
            t.beforeStart.forEach((p, offsets) -> sb.append(String.format(
                    "not read, before the validator's starting offsets (VALIDATOR_STARTING_OFFSETS, Spark's startingOffsets, or a partition it found later): %s-%d: %s%n",
                    t.topic, p, offsets.describe(10))));
        }
        reasons(sb, "rejected by reason (triaged records)", t -> t.rejectedReasons);
        reasons(sb, "refused by the warehouse, by reason", t -> t.refusedReasons);
        long twice = total(t -> t.processedTwice);
        if (twice > 0) {
            sb.append("read twice by the validator (its checkpoint was reset; counted twice above): ").append(twice).append(" offsets\n");
        }
        for (TopicLedger t : topics) {
            t.countsLostBatches.forEach((batch, parts) -> {
                sb.append(String.format("processed, counts lost: validator stopped after batch %d's commit, before its audit record: %d offsets (",
                        batch, parts.values().stream().mapToLong(OffsetRanges::size).sum()));
                sb.append(String.join(", ", parts.entrySet().stream().map(p -> t.topic + "-" + p.getKey() + ": " + p.getValue().describe(10)).toList()));
                sb.append(")\n");
            });
        }
        long identical = total(t -> t.inRawAsIdenticalRow);
        if (identical > 0) {
            sb.append("in raw as an identical row (same payload_hash, collapsed by the ReplacingMergeTree): ").append(identical).append('\n');
        }
        long expiredBeforeIngestion = total(t -> t.warehouseExpired);
        if (expiredBeforeIngestion > 0) {
            sb.append("validated records expired before ingestion (deleted by retention before the warehouse read them): ")
                    .append(expiredBeforeIngestion).append(" (").append(String.join(", ", topics.stream().filter(t -> t.warehouseExpired > 0)
                            .map(t -> "validated." + t.topic + ": " + t.warehouseExpired).toList())).append(")\n");
        }
        long expired = total(t -> t.triageExpired);
        if (expired > 0) {
            sb.append("rejected records lost to retention before the triage read them: ").append(expired).append(" (")
                    .append(String.join(", ", topics.stream().filter(t -> t.triageExpired > 0)
                            .map(t -> topicOf(TRIAGE, t.topic) + ": " + t.triageExpired).toList())).append(")\n");
        }
        for (String note : notes) {
            sb.append("note: ").append(note).append('\n');
        }
        if (!cannotAccount.isEmpty()) {
            sb.append("\ncould not be accounted (their records are neither accounted for nor counted as gaps):\n");
            cannotAccount.forEach(c -> sb.append("  ").append(c).append('\n'));
        }
        String of = cannotAccount.isEmpty() ? "" : " (of the stages that could be accounted)";
        if (unaccounted() == 0) {
            sb.append("\nunaccounted: 0").append(of).append('\n');
        } else {
            sb.append("\nunaccounted: ").append(unaccounted()).append(" records").append(of).append("; first offsets:\n");
            for (TopicLedger t : topics) {
                t.gaps.forEach((stage, parts) -> parts.forEach((p, offsets) -> sb.append(String.format("  %-9s %s-%d: %s%n",
                        stage, topicOf(stage, t.topic), p, offsets.describe(10)))));
                t.unbalanced.forEach(u -> sb.append(String.format("  %-9s %s%n", VALIDATOR, u.describe())));
            }
            unbalancedBatches.forEach(u -> sb.append(String.format("  %-9s %s%n", VALIDATOR, u.describe())));
        }
        return sb.toString();
    }

    /** The topic whose offsets a gap names: the feed topic for the validator, its validated / rejected topic after it. */
    static String topicOf(String stage, String feedTopic) {
        return switch (stage) {
            case WAREHOUSE -> "validated." + feedTopic;
            case TRIAGE -> "rejected." + feedTopic;
            default -> feedTopic;
        };
    }

    private void reasons(StringBuilder sb, String title, java.util.function.Function<TopicLedger, Map<String, Long>> f) {
        Map<String, Long> all = new java.util.TreeMap<>();
        topics.forEach(t -> f.apply(t).forEach((r, n) -> all.merge(r, n, Long::sum)));
        if (all.isEmpty()) {
            return;
        }
        sb.append(title).append(":");
        all.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sb.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        sb.append('\n');
    }
}
