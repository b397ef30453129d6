package org.sportsdb.stack.reconcile;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.sportsdb.stack.ErrorText;
import org.sportsdb.stack.warehouse.IngestConsumer;

/**
 * Builds the {@link Ledger} of the chain from the pipeline's own traces, by offset arithmetic:
 * <ol>
 * <li>validator: the {@code soccer.*} offsets against the audit records' ranges (covered = validated + rejected +
 * dropped, or processed with its counts lost for a counts-lost record; at or past the highest audited offset = lag;
 * a hole below it = unaccounted);</li>
 * <li>warehouse: the {@code validated.soccer.*} offsets below the ingestion group's commit, against the raw table's
 * {@code kafka_offset}s and the refused records' source offsets (the rest = unaccounted; above the commit = lag);
 * offsets retention deleted before the ingestion read them = expired before ingestion (counted by the ingestion in its
 * commits' metadata, or a commit still below the log start);</li>
 * <li>triage: the {@code rejected.soccer.*} offsets below the triage group's commit, against the Parquet files'
 * offsets (the rest = unaccounted; above the commit = lag).</li>
 * </ol>
 * The window ({@code since}) selects offsets by record timestamp in each topic; on the feed topics it is widened to
 * whole validator batches, so the counts of a batch are never split.
 */
public final class Reconciler {
    /** Records per partition read back to look for identical rows (beyond: reported as gaps). */
    static final int MAX_RECORDS_CHECKED = 10_000;
    private final ReconcileSettings settings;
    /** Topic → cleanup.policy, asked once per topic (only for batches that did not read every offset they covered). */
    private final Map<String, String> cleanupPolicies = new java.util.concurrent.ConcurrentHashMap<>();

    public Reconciler(ReconcileSettings settings) {
        this.settings = settings;
    }

    /**
     * @param since     start of the window, or null for every retained offset
     * @param onlyTopic a feed topic ({@code soccer.X}), or null for all
     */
    public Ledger run(Instant since, String onlyTopic) throws SQLException {
        try {
            return build(since, onlyTopic);
        } catch (KafkaException e) {
            // Kafka did not answer, or refused (a timeout, an unknown host, a group's offsets not read): which Kafka
            throw new IllegalStateException("Kafka at " + settings.kafkaClientProperties().get("bootstrap.servers")
                    + (e instanceof TimeoutException ? " did not answer within " + settings.kafkaTimeout().toMillis()
                    + " ms (reconcile.kafka-timeout-ms): " : ": ") + ErrorText.of(e), e);
        }
    }

    private Ledger build(Instant since, String onlyTopic) throws SQLException {
        Ledger ledger = new Ledger(since);
        cleanupPolicies.clear();  // asked again each run: a topic's policy may change
        try (KafkaOffsets kafka = new KafkaOffsets(settings.kafkaClientProperties(), settings.kafkaTimeout())) {
            List<String> scope = scope(kafka);
            if (onlyTopic != null && !scope.contains(onlyTopic)) {
                throw new UnknownTopicException("no topic " + onlyTopic + " in the ledger's scope: " + String.join(", ", scope));
            }
            List<String> topics = onlyTopic == null ? scope : List.of(onlyTopic);
            KafkaOffsets.Audits audit = kafka.auditBatches(settings.auditTopic());
            List<AuditBatch> audits = audit.batches();
            Set<AuditBatch> counted = Collections.newSetFromMap(new IdentityHashMap<>());
            if (settings.warehouse() == null) {
                ledger.notes.add("warehouse not checked (warehouse.enabled=false): validated records are not followed into raw_*");
            }
            if (!settings.triageEnabled()) {
                ledger.notes.add("triage not checked (triage.enabled=false): rejected records are not followed into Parquet");
            }
            RawTableOffsets raw = settings.warehouse() == null ? null : new RawTableOffsets(settings.warehouse());
            for (String topic : topics) {
                TopicLedger t = new TopicLedger(topic);
                validatorStage(kafka, since, audits, t, counted);
                auditsStopped(kafka, audit, t, ledger);
                if (!settings.feedTopics().contains(topic)) {
                    // a soccer.* topic without a contract: its records are rejected to rejected.soccer.unknown (the
                    // ledger's row UNKNOWN_CONTRACT), none validated
                    triageStage(kafka, since, t, ledger);
                    ledger.topics.add(t);
                    continue;
                }
                if (raw != null) {
                    warehouseStage(kafka, since, raw, t, ledger);
                } else {
                    validatedOnly(kafka, since, t);
                }
                triageStage(kafka, since, t, ledger);
                ledger.topics.add(t);
            }
            for (AuditBatch b : counted) {
                // with --topic, the topic's own part of the batch, as its row counts it
                ledger.droppedUnchanged += onlyTopic == null ? b.droppedUnchanged() : b.droppedUnchanged(onlyTopic);
                if (!b.counted()) {
                    // the earlier format: covered - read of the whole batch (a record of the current format: per topic, below)
                    ledger.notRead += onlyTopic == null ? b.notRead() : b.notRead(onlyTopic);
                }
                // the two checks below are of the whole batch: the sink and Spark's source count all its topics together
                if (b.lostBeforeSink() != 0) {
                    ledger.unbalancedBatches.add(new TopicLedger.Unbalanced(b.batchId(), (b.sinkRows() + b.lostBeforeSink())
                            + " rows passed on to the sink, " + b.sinkRows() + " written by it", b.lostBeforeSink(), b.describeRanges(null)));
                }
                if (b.readNotCounted() != 0) {
                    ledger.unbalancedBatches.add(new TopicLedger.Unbalanced(b.batchId(), b.inputRows() + " rows read from the source, "
                            + (b.inputRows() - b.readNotCounted()) + " counted by the validation", b.readNotCounted(), b.describeRanges(null)));
                }
            }
            ledger.auditBatches = counted.size();
            ledger.notRead += ledger.total(t -> t.notRead);
            if (audits.isEmpty()) {
                noAudits(kafka, ledger);
            }
        }
        return ledger;
    }

    /**
     * How long the validator's output may wait for its batch's audit record (a batch writes its output first, then its
     * audit record): output past the newest audit record and older than that was written by batches without one.
     */
    static final java.time.Duration AUDIT_GRACE = java.time.Duration.ofMinutes(10);

    /**
     * No audit record at all: with records in the input, the validator stage cannot be accounted (the validator writes
     * its audit records elsewhere, or none); without, a note.
     */
    private void noAudits(KafkaOffsets kafka, Ledger ledger) {
        List<String> holding = ledger.topics.stream().filter(t -> t.published > 0).map(t -> t.topic + " holds " + t.published + " records").toList();
        if (holding.isEmpty()) {
            ledger.notes.add("no audit record on " + settings.auditTopic() + " and no record to validate");
            return;
        }
        ledger.cannotAccount(Ledger.VALIDATOR, "no audit record on " + settings.auditTopic()
                + (kafka.topics().contains(settings.auditTopic()) ? "" : " (no such topic)") + " while " + String.join(", ", holding)
                + ": the validator writes its audit records elsewhere (VALIDATOR_AUDIT_TOPIC=off, or another topic than"
                + " reconcile.audit-topic) or has not finished a batch yet");
    }

    /**
     * Input waiting past the last audited batch is lag only while the validator has not written its output: records on
     * the topic's validated / rejected topic written after the newest audit record and more than {@link #AUDIT_GRACE}
     * ago come from batches without one (the validator went on without writing audit records), and the stage cannot be
     * accounted. Output younger than that is the batch being written (after a quiet hour too: the grace runs from the
     * output, not from the previous audit record).
     */
    private void auditsStopped(KafkaOffsets kafka, KafkaOffsets.Audits audit, TopicLedger t, Ledger ledger) {
        if (audit.batches().isEmpty() || t.validatorLag == 0) {
            return;
        }
        long after = audit.newestMillis() + 1;
        long graceFrom = System.currentTimeMillis() - AUDIT_GRACE.toMillis();
        List<String> outputs = settings.feedTopics().contains(t.topic) ? List.of("validated." + t.topic, "rejected." + t.topic)
                : List.of("rejected." + UNKNOWN_CONTRACT);
        for (String output : outputs) {
            // output timestamps grow with the offsets of a partition (the sink stamps them): those in [after, graceFrom)
            long newer = graceFrom <= after ? 0 : kafka.recordsAtOrAfter(output, after) - kafka.recordsAtOrAfter(output, graceFrom);
            if (newer > 0) {
                ledger.cannotAccount(Ledger.VALIDATOR, output + " holds " + newer + " records written after the newest audit record on "
                        + settings.auditTopic() + " (" + Instant.ofEpochMilli(audit.newestMillis()) + ") and more than "
                        + AUDIT_GRACE.toMinutes() + " minutes ago, while " + t.topic + " has " + t.validatorLag
                        + " offsets past its last audited batch: the validator goes on without writing audit records there"
                        + " (VALIDATOR_AUDIT_TOPIC=off or another topic, its audit publisher failing)");
                return;
            }
        }
    }

    /**
     * The triage's commit metadata that carries a partition's total of rejected offsets retention deleted before the
     * triage read them ({@code lost-to-retention=N} anywhere in the metadata, as the warehouse carries
     * {@code expired-before-ingestion=N}).
     */
    static final String TRIAGE_LOST_METADATA = "lost-to-retention=";
    private static final java.util.regex.Pattern TRIAGE_LOST = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(TRIAGE_LOST_METADATA) + "(\\d+)");
    /** What a triage run commits when it moves past offsets retention deleted ("triage <run id>: lost to retention"). */
    private static final java.util.regex.Pattern TRIAGE_LOST_MARK = java.util.regex.Pattern.compile("^(triage \\S+): lost to retention");

    /** The ledger's row for the rejected records of every soccer.* topic without a contract (their triage). */
    static final String UNKNOWN_CONTRACT = "soccer.unknown";

    /** A {@code --topic} outside the ledger's scope (a mistyped name would otherwise build an empty ledger). */
    public static final class UnknownTopicException extends IllegalArgumentException {
        UnknownTopicException(String message) {
            super(message);
        }
    }

    /**
     * The ledger's topics: the feed topics; every other topic the validator reads (its source pattern), whose records
     * it rejects for want of a contract; and {@link #UNKNOWN_CONTRACT}, whose triage row follows
     * rejected.soccer.unknown, where those go, when that topic exists.
     */
    List<String> scope(KafkaOffsets kafka) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(settings.feedTopics());
        if (settings.sourceTopics() != null) {
            java.util.Set<String> onBroker = kafka.topics();
            onBroker.stream().filter(t -> settings.sourceTopics().matcher(t).find()).sorted().forEach(out::add);
            if (onBroker.contains("rejected." + UNKNOWN_CONTRACT) && settings.sourceTopics().matcher(UNKNOWN_CONTRACT).find()) {
                out.add(UNKNOWN_CONTRACT);
            }
        }
        return List.copyOf(out);
    }

    /** One partition of a topic over the window: log start, window start, end, and a group's commit (null: none). */
    record PartitionWindow(int partition, long begin, long from, long until, Long committed) {
        /** Where the group has got to inside the window (the log start when it has committed nothing). */
        long done() {
            return Math.min(until, Math.max(from, committed == null ? begin : committed));
        }
    }

    /** The partitions of {@code topic} over the window; {@code group} (may be null) gives the commits. */
    static List<PartitionWindow> windows(KafkaOffsets kafka, String topic, Instant since, String group) {
        List<TopicPartition> parts = kafka.partitions(topic);
        Map<TopicPartition, Long> begin = kafka.beginning(parts);
        Map<TopicPartition, Long> end = kafka.end(parts);
        Map<TopicPartition, Long> start = since == null ? begin : kafka.firstAtOrAfter(parts, since.toEpochMilli());
        Map<TopicPartition, Long> committed = group == null ? Map.of() : kafka.committed(group, parts);
        return parts.stream().map(p -> new PartitionWindow(p.partition(), begin.get(p), start.get(p), end.get(p), committed.get(p)))
                .toList();
    }

    private void validatorStage(KafkaOffsets kafka, Instant since, List<AuditBatch> audits, TopicLedger t, Set<AuditBatch> counted) {
        List<PartitionWindow> parts = windows(kafka, t.topic, since, null);
        Map<Integer, Long> effective = new HashMap<>();
        parts.forEach(p -> effective.put(p.partition(), p.from()));
        Map<Integer, Long> logStart = new HashMap<>();
        parts.forEach(p -> logStart.put(p.partition(), p.begin()));
        Map<Integer, OffsetRanges> coveredAll = new HashMap<>();
        Map<Integer, Long> firstStart = new HashMap<>();
        for (AuditBatch b : audits) {
            for (AuditBatch.Range r : b.ranges()) {
                if (r.topic().equals(t.topic)) {
                    coveredAll.computeIfAbsent(r.partition(), k -> new OffsetRanges()).add(r.from(), r.until());
                    if (r.first()) {
                        firstStart.merge(r.partition(), r.from(), Math::min);
                    }
                }
            }
        }
        // the batches with offsets in the window; widened to whole batches until nothing changes
        Set<AuditBatch> inWindow = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (AuditBatch b : audits) {
                if (inWindow.contains(b)) {
                    continue;
                }
                boolean in = b.ranges().stream().anyMatch(r -> r.topic().equals(t.topic)
                        && r.until() > effective.getOrDefault(r.partition(), Long.MAX_VALUE));
                if (in) {
                    inWindow.add(b);
                    b.ranges().stream().filter(r -> r.topic().equals(t.topic))
                            .forEach(r -> effective.merge(r.partition(), r.from(), Math::min));
                    changed = true;
                }
            }
        }
        long coveredByEarlierFormat = 0;
        long passedByEarlierFormat = 0;
        Map<Integer, OffsetRanges> coveredInWindow = new HashMap<>();
        for (AuditBatch b : inWindow) {
            for (AuditBatch.Range r : b.ranges()) {
                if (r.topic().equals(t.topic)) {
                    if (b.countsLost()) {
                        t.countsLost(b.batchId(), r);
                    } else if (!b.counted()) {
                        coveredByEarlierFormat += r.size();
                    }
                    t.processedTwice += coveredInWindow.computeIfAbsent(r.partition(), k -> new OffsetRanges()).add(r.from(), r.until());
                }
            }
            counted.add(b);
            if (b.countsLost()) {
                continue;
            }
            if (b.counted()) {
                // counted where it happened: read = validated + rejected + dropped, or rows lost inside the validator
                AuditBatch.Counts c = b.counts(t.topic);
                t.validated += c.validated();
                t.rejected += c.rejected();
                t.dropped += c.dropped();
                long covered = b.covered(t.topic);
                if (c.unaccounted() != 0) {
                    t.unbalanced.add(new TopicLedger.Unbalanced(b.batchId(), String.format("read %d, validated %d + rejected %d + dropped %d",
                            c.read(), c.validated(), c.rejected(), c.dropped()), c.unaccounted(), b.describeRanges(t.topic)));
                }
                if (c.read() > covered) {
                    t.unbalanced.add(new TopicLedger.Unbalanced(b.batchId(), "read " + c.read() + " rows from " + covered + " offsets",
                            covered - c.read(), b.describeRanges(t.topic)));
                }
                notRead(kafka, b, c, covered, logStart, t);
            } else {
                long validated = b.output().getOrDefault("validated." + t.topic, 0L);
                long rejected = b.output().getOrDefault("rejected." + t.topic, 0L);
                t.validated += validated;
                t.rejected += rejected;
                passedByEarlierFormat += validated + rejected;
            }
        }
        // a record of the earlier format has no drops per topic: covered - written (includes the offsets not read)
        t.dropped += coveredByEarlierFormat - passedByEarlierFormat;
        for (PartitionWindow p : parts) {
            long from = effective.get(p.partition());
            long until = p.until();
            t.published += until - from;
            OffsetRanges c = coveredAll.getOrDefault(p.partition(), new OffsetRanges());
            long frontier = Math.min(until, Math.max(from, c.until(from)));
            t.validatorLag += until - frontier;
            OffsetRanges missing = c.missingFrom(from, frontier);
            Long start = firstStart.get(p.partition());
            if (start != null && !c.isEmpty() && c.first(1).get(0)[0] < start) {
                // a batch covered offsets below the first range: it is the start of a later query (a checkpoint
                // reset or replaced), not the partition's; the holes below it were to read
                start = null;
            }
            if (start != null && start > from) {
                // below the query's first range of the partition: before its starting offsets, never its to read
                OffsetRanges before = missing.minus(missing.minus(OffsetRanges.of(from, start)));
                if (!before.isEmpty()) {
                    t.beforeStart.put(p.partition(), before);
                    missing = missing.minus(before);
                }
            }
            t.gap(Ledger.VALIDATOR, p.partition(), missing);
        }
    }

    /**
     * The offsets of {@code t.topic} batch {@code b} covered but did not read. Compaction removes offsets anywhere, so on
     * a compacted topic they are all "not read". On a topic without compaction only retention removes them, from the
     * log start up, and the log start only moves on: an offset the batch did not read because it was gone lies below
     * the log start now. Offsets not read beyond the batch's offsets below the log start were there when it ran and
     * were skipped (Spark with failOnDataLoss=false): unaccounted, named with the batch.
     */
    private void notRead(KafkaOffsets kafka, AuditBatch b, AuditBatch.Counts c, long covered, Map<Integer, Long> logStart, TopicLedger t) {
        long notRead = b.notRead(t.topic);
        if (notRead == 0) {
            return;
        }
        String policy = cleanupPolicies.computeIfAbsent(t.topic, kafka::cleanupPolicy);
        if (policy.contains("compact")) {
            t.notRead += notRead;
            return;
        }
        long belowStart = b.ranges().stream().filter(r -> r.topic().equals(t.topic))
                // a partition no longer there: nothing of its range can be told retained
                .mapToLong(r -> Math.max(0, Math.min(r.until(), logStart.getOrDefault(r.partition(), Long.MAX_VALUE)) - r.from()))
                .sum();
        long expired = Math.min(notRead, belowStart);
        t.notRead += expired;
        if (notRead > expired) {
            t.unbalanced.add(new TopicLedger.Unbalanced(b.batchId(), String.format(
                    "read %d rows from %d offsets, %d of them below the log start (deleted by retention), cleanup.policy=%s (nothing compacted)",
                    c.read(), covered, belowStart, policy), notRead - expired, b.describeRanges(t.topic)));
        }
    }

    /**
     * A group that has committed nothing on any partition of {@code topic} while the topic holds records in the window:
     * the stage's position is not known, so its records are neither done nor lag; the stage cannot be accounted.
     * (A partition without a commit beside committed ones is lag: a partition added, not read yet.)
     */
    private static boolean noCommit(List<PartitionWindow> parts, String stage, String group, String topic, String why, Ledger ledger) {
        long records = parts.stream().mapToLong(p -> p.until() - p.from()).sum();
        if (records == 0 || parts.stream().anyMatch(p -> p.committed() != null)) {
            return false;
        }
        ledger.cannotAccount(stage, "no commit of group " + group + " on " + topic + ", which holds " + records + " records: " + why);
        return true;
    }

    private void warehouseStage(KafkaOffsets kafka, Instant since, RawTableOffsets raw, TopicLedger t, Ledger ledger) throws SQLException {
        String topic = "validated." + t.topic;
        t.warehouseChecked = true;
        KafkaOffsets.Refusals refusals = kafka.refusals(settings.rawTables().rejectedTopicOf(topic), topic);
        t.refusedReasons.putAll(refusals.reasons());
        String table = settings.rawTables().tableOf(topic);
        Map<TopicPartition, String> commitNotes = kafka.committedMetadata(settings.ingestGroup(), kafka.partitions(topic));
        List<PartitionWindow> parts = windows(kafka, topic, since, settings.ingestGroup());
        noCommit(parts, Ledger.WAREHOUSE, settings.ingestGroup(), topic, "the ingestion has not committed there (warehouse.ingest.group-id"
                + " differs in reconcile's environment, the topic is not in warehouse.ingest.topics, or the group's offsets expired)", ledger);
        for (PartitionWindow p : parts) {
            // expired before ingestion: named by the ingestion in its commits, or still pending (commit below the log start)
            t.warehouseExpired += IngestConsumer.expiredCount(commitNotes.get(new TopicPartition(topic, p.partition())));
            if (p.committed() != null && p.committed() < p.begin()) {
                t.warehouseExpired += p.begin() - p.committed();
            }
            long from = p.from();
            long until = p.until();
            long done = p.done();
            t.validatedRecords += until - from;
            t.ingestLag += until - done;
            OffsetRanges present = raw.present(table, topic, p.partition(), from, done);
            OffsetRanges refused = refusals.offsets().getOrDefault(p.partition(), new OffsetRanges());
            t.inRaw += present.size();
            OffsetRanges notInRaw = present.missingFrom(from, done);
            OffsetRanges missing = notInRaw.minus(refused);
            t.refused += notInRaw.size() - missing.size();
            OffsetRanges collapsed = collapsed(kafka, raw, table, topic, p.partition(), missing);
            t.inRaw += collapsed.size();
            t.inRawAsIdenticalRow += collapsed.size();
            t.gap(Ledger.WAREHOUSE, p.partition(), missing.minus(collapsed));
        }
    }

    /**
     * Of the offsets without a row, those whose record has the payload_hash of a row the table does hold, ingested at or
     * after the record's own ingested_at: the ReplacingMergeTree(ingested_at) collapsed them into that identical row,
     * which it keeps as the latest (a replayed batch, or a state that came back later). A row of the same hash ingested
     * before the record (the state A of A, B, A again, the second A lost) would have been the one replaced: not it.
     */
    private static OffsetRanges collapsed(KafkaOffsets kafka, RawTableOffsets raw, String table, String topic, int partition,
                                          OffsetRanges missing) throws SQLException {
        OffsetRanges out = new OffsetRanges();
        if (missing.isEmpty()) {
            return out;
        }
        Map<Long, KafkaOffsets.Hashed> hashes = kafka.payloadHashes(topic, partition, missing, MAX_RECORDS_CHECKED);
        Map<String, Long> latest = raw.presentHashes(table, topic, hashes.values().stream().map(KafkaOffsets.Hashed::hash).toList());
        hashes.forEach((offset, h) -> {
            Long kept = latest.get(h.hash());
            // a record without ingested_at is refused by the ingestion, never a row
            if (kept != null && h.ingestedAtMillis() != null && kept >= h.ingestedAtMillis()) {
                out.add(offset);
            }
        });
        return out;
    }

    /**
     * The triage's files of {@code topic}. When the triage has committed past offsets of the window, the root must be
     * one the triage used: a missing or unmounted root would otherwise make every triaged offset a gap, so the ledger
     * cannot be built instead.
     */
    private TriagedFiles.Triaged triagedFiles(String topic, List<PartitionWindow> parts) {
        java.nio.file.Path root = settings.triageRoot();
        long committedPast = parts.stream().mapToLong(p -> p.done() - p.from()).sum();
        if (committedPast > 0 && !TriagedFiles.usedByTheTriage(root)) {
            throw new IllegalStateException("the triage root " + root.toAbsolutePath() + " (reconcile.triage-root) "
                    + (java.nio.file.Files.isDirectory(root) ? "holds no _triage folder, which every triage run creates (an unmounted volume, another path?)"
                    : "does not exist") + ", while the triage group " + settings.triageGroup() + " has committed past " + committedPast
                    + " offsets of " + topic + ": which of them the triage wrote cannot be told");
        }
        return java.nio.file.Files.isDirectory(root) ? TriagedFiles.read(root, topic) : TriagedFiles.none();
    }

    private void validatedOnly(KafkaOffsets kafka, Instant since, TopicLedger t) {
        String topic = "validated." + t.topic;
        windows(kafka, topic, since, null).forEach(p -> t.validatedRecords += p.until() - p.from());
    }

    private void triageStage(KafkaOffsets kafka, Instant since, TopicLedger t, Ledger ledger) {
        String topic = "rejected." + t.topic;
        if (!settings.triageEnabled()) {
            windows(kafka, topic, since, null).forEach(p -> t.rejectedRecords += p.until() - p.from());
            return;
        }
        t.triageChecked = true;
        List<PartitionWindow> parts = windows(kafka, topic, since, settings.triageGroup());
        if (!TriagedFiles.usedByTheTriage(settings.triageRoot())) {
            // no triage run yet (every run creates _triage under its root, and commits every partition it matches):
            // the rejected records wait for the first run, at triage.cron; a root that is not the triage's is named
            // where the triage has committed past records (triagedFiles)
            if (parts.stream().noneMatch(p -> p.committed() != null) && parts.stream().anyMatch(p -> p.until() > p.from())) {
                ledger.notes.add("the triage has not run yet (no _triage folder under " + settings.triageRoot().toAbsolutePath()
                        + "): " + topic + "'s rejected records wait for its first run (triage lag)");
            }
        } else {
            noCommit(parts, Ledger.TRIAGE, settings.triageGroup(), topic, "the triage has run (its root holds _triage) and"
                    + " commits every partition it matches, but not there: reconcile.triage-group-id differs from the triage's"
                    + " triage.kafka.group.id, the triage's topic pattern leaves the topic out, or the topic was created after"
                    + " its last run; with the triage off, triage.enabled=false says so", ledger);
        }
        TriagedFiles.Triaged files = triagedFiles(topic, parts);
        t.rejectedReasons.putAll(files.reasons());
        Map<TopicPartition, String> commitNotes = kafka.committedMetadata(settings.triageGroup(), kafka.partitions(topic));
        for (PartitionWindow p : parts) {
            long from = p.from();
            long until = p.until();
            // lost to retention before the triage read them: counted by the triage in its commits, or still pending
            // (the commit below the log start: the triage has not run since)
            String note = commitNotes.get(new TopicPartition(topic, p.partition()));
            java.util.regex.Matcher lost = TRIAGE_LOST.matcher(note == null ? "" : note);
            if (lost.find()) {
                t.triageExpired += Long.parseLong(lost.group(1));
            } else {
                java.util.regex.Matcher mark = TRIAGE_LOST_MARK.matcher(note == null ? "" : note);
                if (mark.find()) {
                    ledger.notes.add("the triage's commit of " + topic + "-" + p.partition() + " (" + mark.group(1) + ") moved past offsets"
                            + " retention deleted before it read them; it carries no count (the run's log and"
                            + " sportsdb_triage_lost_to_retention_total have it)");
                }
            }
            if (p.committed() != null && p.committed() < p.begin()) {
                t.triageExpired += p.begin() - p.committed();
            }
            long done = p.done();
            t.rejectedRecords += until - from;
            t.triageLag += until - done;
            OffsetRanges inFiles = files.offsets().getOrDefault(p.partition(), new OffsetRanges());
            t.triaged += inFiles.size(from, done);
            t.gap(Ledger.TRIAGE, p.partition(), inFiles.missingFrom(from, done));
        }
    }
}
