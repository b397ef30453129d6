package org.sportsdb.stack.triage;

import org.sportsdb.stack.dev.KafkaBroker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sportsdb.stack.triage.FaultInjection.Stage;

class TriageRunTest {

    private static final AtomicInteger TEST_NUMBER = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-10-06T04:00:00Z");

    @TempDir
    Path root;

    private final KafkaBroker broker = KafkaBroker.shared();
    private final String prefix = "t" + TEST_NUMBER.incrementAndGet() + ".";

    @Test
    void writesEveryRejectedRecordOnceWithItsColumns_andARerunWritesNothing() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            broker.createTopic(factory.topic("live_score"), 2);
            broker.createTopic(factory.topic("event.stats"), 1);
            broker.createTopic(factory.topic("player"), 1);
            broker.createTopic(factory.topic("venue"), 1);
            factory.liveScores(17, RejectedRecordFactory.EVENING);
            factory.liveScores(4, RejectedRecordFactory.AFTER_MIDNIGHT);
            factory.eventStats(16, RejectedRecordFactory.EVENING);
            factory.players(5, RejectedRecordFactory.EVENING);
            factory.notJson("live_score", "<html>502 Bad Gateway</html>", RejectedRecordFactory.EVENING);
            factory.validatorWrappedRaw("event.stats", "{\"idEvent\": truncated", RejectedRecordFactory.EVENING);

            TriageResult first = run(settings(), FaultInjection.NONE);

            List<ProducedRecord> expected = factory.produced();
            assertEquals(expected.size(), first.totalRecords());
            assertEquals(0, first.topics().get(factory.topic("venue")).records());
            assertRowsMatch(expected, ParquetRows.read(root));
            Set<String> dirs = first.files().stream().map(f -> root.relativize(f.getParent()).toString()).collect(Collectors.toSet());
            assertEquals(Set.of(
                    "date=2026-10-05/topic=" + factory.topic("live_score"),
                    "date=2026-10-06/topic=" + factory.topic("live_score"),
                    "date=2026-10-05/topic=" + factory.topic("event.stats"),
                    "date=2026-10-05/topic=" + factory.topic("player")), dirs);
            assertTrue(first.files().stream().allMatch(f ->
                    f.getFileName().toString().matches("part-" + first.runId() + "-\\d{5}\\.parquet")));
            assertEquals(List.of("topic:VARCHAR", "partition:INTEGER", "offset:BIGINT",
                    "kafka_timestamp:TIMESTAMP WITH TIME ZONE", "key:VARCHAR", "reasons:VARCHAR[]", "payload:VARCHAR",
                    "ingested_at:DOUBLE", "idEvent:VARCHAR", "idLeague:VARCHAR", "strSport:VARCHAR", "strStatus:VARCHAR",
                    "triaged_at:TIMESTAMP WITH TIME ZONE"), ParquetRows.columns(first.files().get(0)));

            List<Path> filesBefore = ParquetRows.visibleFiles(root);
            TriageResult second = run(settings(), FaultInjection.NONE);
            assertEquals(0, second.totalRecords());
            assertEquals(filesBefore, ParquetRows.visibleFiles(root));
        }
    }

    @Test
    void recordsAddedAfterARunLandInTheNextRunsFilesOnly() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            broker.createTopic(factory.topic("live_score"), 2);
            factory.liveScores(6, RejectedRecordFactory.EVENING);
            TriageResult first = run(settings(), FaultInjection.NONE);
            factory.liveScores(5, RejectedRecordFactory.AFTER_MIDNIGHT);
            factory.notJson("live_score", "not json at all {", RejectedRecordFactory.AFTER_MIDNIGHT);

            TriageResult second = run(settings(), FaultInjection.NONE);

            assertEquals(6, first.totalRecords());
            assertEquals(6, second.totalRecords());
            List<ParquetRows.Row> rows = ParquetRows.read(root);
            assertRowsMatch(factory.produced(), rows);
            List<ProducedRecord> added = factory.produced().subList(6, 12);
            Set<String> inSecondRunFiles = rows.stream().filter(r -> r.file().contains("part-" + second.runId() + "-"))
                    .map(r -> r.partition() + "@" + r.offset()).collect(Collectors.toSet());
            assertEquals(added.stream().map(p -> p.partition() + "@" + p.offset()).collect(Collectors.toSet()), inSecondRunFiles);
        }
    }

    /**
     * A run dies (exception thrown where a crash could happen) in its second segment; whatever the stage,
     * no partial file is visible, and after the next run every record is in exactly one file.
     */
    @ParameterizedTest
    @EnumSource(Stage.class)
    void aRunKilledAtAnyStageLosesNothingAndDuplicatesNothing(Stage stage) {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            broker.createTopic(factory.topic("event.stats"), 1);
            factory.eventStats(16, RejectedRecordFactory.EVENING);
            TriageSettings small = TestSettings.of(root, prefix, 5);
            AtomicInteger reached = new AtomicInteger();
            FaultInjection crashInSecondSegment = at -> {
                if (at == stage && reached.incrementAndGet() == 2) {
                    throw new SimulatedCrash(stage);
                }
            };

            TriageRunFailedException failed = assertThrows(TriageRunFailedException.class, () -> run(small, crashInSecondSegment));
            assertTrue(failed.getCause() instanceof SimulatedCrash, "the cause is the crash: " + failed.getCause());
            long committedByCrashedRun = committedOffset(factory.topic("event.stats"), 0);
            assertEquals(committedByCrashedRun, failed.committed().totalRecords(),
                    "the failed run counts exactly the records whose offsets it committed");
            assertTrue(failed.getMessage().contains("committed before the failure: " + committedByCrashedRun + " records"),
                    failed.getMessage());

            List<Path> visible = ParquetRows.visibleFiles(root);
            boolean secondSegmentVisible = stage == Stage.PUBLISHED || stage == Stage.COMMITTED;
            assertEquals(secondSegmentVisible ? 2 : 1, visible.size(), "visible files after crash at " + stage);
            List<ParquetRows.Row> afterCrash = ParquetRows.read(root);
            for (int i = 0; i < afterCrash.size(); i++) {
                assertEquals(i, afterCrash.get(i).offset(), "visible rows are complete segments from offset 0");
            }

            TriageResult next = run(small, FaultInjection.NONE);

            assertEquals(stage == Stage.JOURNALED ? 1 : 0, next.recoveredFiles());
            assertEquals(stage == Stage.FILES_WRITTEN ? 1 : 0, next.orphanTempFiles());
            List<ParquetRows.Row> rows = ParquetRows.read(root);
            assertRowsMatch(factory.produced(), rows);
            assertEquals(16 - committedByCrashedRun, next.totalRecords(),
                    "the next run counts every record whose offset it committed, the recovered segment's included");
            assertTrue(rows.stream().filter(r -> r.file().contains(next.runId())).count() < 16 - afterCrash.size()
                            || stage != Stage.JOURNALED,
                    "the journaled segment was published by recovery, not rewritten");
            assertEquals(0, run(small, FaultInjection.NONE).totalRecords());
            assertTrue(isEmptyOrMissing(root.resolve("_triage/tmp")) && isEmptyOrMissing(root.resolve("_triage/journal")));
        }
    }

    /**
     * A topic whose segment can never be published (its day folder is a file) fails every run, but the topics after
     * it are still drained; the run then fails naming that topic.
     */
    @Test
    void aTopicThatAlwaysFailsDoesNotStopTheTopicsAfterIt() throws Exception {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String broken = factory.topic("event.stats");
            String healthy = factory.topic("live_score");
            broker.createTopic(broken, 1);
            broker.createTopic(healthy, 1);
            factory.eventStats(4, RejectedRecordFactory.EVENING);
            factory.liveScores(3, RejectedRecordFactory.EVENING);
            Files.createDirectories(root.resolve("date=2026-10-05"));
            Files.writeString(root.resolve("date=2026-10-05").resolve("topic=" + broken), "not a folder");

            TriageRunFailedException first = assertThrows(TriageRunFailedException.class, () -> run(settings(), FaultInjection.NONE));

            assertEquals(3, committedOffset(healthy, 0), "the topic after the failed one is drained and committed");
            assertEquals(3, first.committed().topics().get(healthy).records());
            assertEquals(Set.of(broken), first.failedTopics().keySet());
            assertTrue(first.getMessage().contains("failed for " + broken), first.getMessage());

            factory.liveScores(2, RejectedRecordFactory.EVENING);
            TriageRunFailedException second = assertThrows(TriageRunFailedException.class, () -> run(settings(), FaultInjection.NONE));

            assertEquals(Set.of(broken), second.failedTopics().keySet(), "the broken topic fails again");
            assertEquals(2, second.committed().topics().get(healthy).records());
            assertEquals(null, committedMetadata(broken, 0), "nothing of the broken topic is committed, not even its position");
            List<ParquetRows.Row> rows = ParquetRows.read(root);
            assertEquals(5, rows.size(), "the healthy topic's records, each once");
            assertTrue(rows.stream().allMatch(r -> r.topic().equals(healthy)));

            // mended: the next run publishes the segment the broken topic journaled, and fails no more
            Files.delete(root.resolve("date=2026-10-05").resolve("topic=" + broken));
            TriageResult third = run(settings(), FaultInjection.NONE);
            assertEquals(1, third.recoveredFiles());
            assertEquals(4, third.topics().get(broken).records());
            assertRowsMatch(factory.produced(), ParquetRows.read(root));
        }
    }

    /**
     * Records retention deleted after the group's last commit and before the next run read them are counted lost
     * once: the run commits past them, so a later run with nothing new counts nothing. A group that never committed
     * has no known position: it starts at the log start and counts nothing lost.
     */
    @Test
    void offsetsDeletedByRetentionAreCountedLostOnce() throws Exception {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String topic = factory.topic("live_score");
            broker.createTopic(topic, 1);
            factory.liveScores(3, RejectedRecordFactory.EVENING);
            assertEquals(3, run(settings(), FaultInjection.NONE).totalRecords());
            factory.liveScores(4, RejectedRecordFactory.EVENING);
            deleteRecordsBefore(topic, 0, 7);

            TriageResult afterRetention = run(settings(), FaultInjection.NONE);
            TriageResult nothingNew = run(settings(), FaultInjection.NONE);

            assertEquals(4, afterRetention.topics().get(topic).lostToRetention());
            assertEquals(0, afterRetention.totalRecords());
            assertEquals(7, committedOffset(topic, 0), "the run committed past the deleted offsets");
            assertEquals(0, nothingNew.lostToRetention(), "the deleted offsets are counted once");

            factory.liveScores(2, RejectedRecordFactory.EVENING);
            TriageResult newGroup = run(settings(), FaultInjection.NONE, Map.of("group.id", prefix + "new-group"));
            assertEquals(0, newGroup.lostToRetention(), "a group without a commit has no known position to count from");
            assertEquals(2, newGroup.totalRecords(), "it starts at the log start");
        }
    }

    /**
     * Retention deletes records the run has not fetched yet, mid-run: the run counts the deleted ones lost, goes on
     * from the log start, and writes every record still there; nothing is skipped uncounted.
     */
    @Test
    void recordsDeletedByRetentionDuringARunAreCountedAndTheRestIsWritten() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String topic = factory.topic("event.stats");
            broker.createTopic(topic, 1);
            factory.eventStats(16, RejectedRecordFactory.EVENING);
            AtomicInteger segments = new AtomicInteger();
            FaultInjection retentionAfterFirstSegment = at -> {
                if (at == Stage.FILES_WRITTEN && segments.incrementAndGet() == 1) {
                    deleteRecordsBefore(topic, 0, 10);
                }
            };
            // one record per fetch: the consumer holds at most a record or two it fetched before the deletion
            Map<String, Object> smallFetches = Map.of("max.partition.fetch.bytes", "1", "fetch.max.bytes", "1");

            TriageResult result = run(TestSettings.of(root, prefix, 5), retentionAfterFirstSegment, smallFetches);

            List<ParquetRows.Row> rows = ParquetRows.read(root);
            Set<Long> offsets = rows.stream().map(ParquetRows.Row::offset).collect(Collectors.toSet());
            for (long offset = 10; offset < 16; offset++) {
                assertTrue(offsets.contains(offset), "record " + offset + " was still in the log and is written: " + offsets);
            }
            assertEquals(rows.size(), offsets.size(), "each record once");
            assertEquals(16, rows.size() + result.lostToRetention(), "every offset written or counted lost");
            assertEquals(rows.size(), result.totalRecords());
            assertEquals(16, committedOffset(topic, 0));
            TriageResult rerun = run(TestSettings.of(root, prefix, 5), FaultInjection.NONE);
            assertEquals(0, rerun.totalRecords() + rerun.lostToRetention(), "nothing counted twice");
        }
    }

    /**
     * Every commit of a partition carries its running total of offsets retention deleted before the triage read them
     * ({@code lost-to-retention=N}, what {@code ./stack reconcile} reads): the commit that moves past them adds them, a
     * later commit of new records keeps the total, a later loss adds to it, and nothing is counted twice.
     */
    @Test
    void theCommitMetadataCarriesEachPartitionsTotalLostToRetention() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String topic = factory.topic("live_score");
            broker.createTopic(topic, 2);
            factory.liveScores(12, RejectedRecordFactory.EVENING);
            TriageResult first = run(settings(), FaultInjection.NONE);
            for (int p = 0; p < 2; p++) {
                assertTrue(committedOffset(topic, p) > 0, "both partitions are committed by the first run (keys spread): " + p);
                assertEquals("triage " + first.runId() + "; lost-to-retention=0", committedMetadata(topic, p));
            }

            long[] lostFirst = produceAndDelete(factory, topic, 7);
            TriageResult afterRetention = run(settings(), FaultInjection.NONE);
            assertEquals(lostFirst[0] + lostFirst[1], afterRetention.lostToRetention());
            for (int p = 0; p < 2; p++) {
                assertEquals("triage " + afterRetention.runId() + "; lost-to-retention=" + lostFirst[p], committedMetadata(topic, p),
                        "the commit past the deleted offsets of partition " + p + " carries their count");
            }

            factory.liveScores(9, RejectedRecordFactory.EVENING);
            TriageResult newRecords = run(settings(), FaultInjection.NONE);
            assertEquals(9, newRecords.totalRecords());
            for (int p = 0; p < 2; p++) {
                assertEquals(lostFirst[p], lostInMetadata(topic, p), "a segment's commit keeps the partition's total: " + p);
            }
            assertTrue(committedMetadata(topic, 0).startsWith("triage " + newRecords.runId() + ";")
                    || committedMetadata(topic, 1).startsWith("triage " + newRecords.runId() + ";"));

            long[] lostSecond = produceAndDelete(factory, topic, 5);
            run(settings(), FaultInjection.NONE);
            TriageResult nothingNew = run(settings(), FaultInjection.NONE);
            assertEquals(0, nothingNew.lostToRetention() + nothingNew.totalRecords());
            for (int p = 0; p < 2; p++) {
                assertEquals(lostFirst[p] + lostSecond[p], lostInMetadata(topic, p), "a later loss adds to the total: " + p);
            }
        }
    }

    /**
     * A run commits every partition of every topic it matches, the ones it read nothing from included: a partition
     * empty since it was created, and a topic with no record at all, get a commit at their log start (what
     * {@code ./stack reconcile} reads as "the triage has run"), each carrying {@code lost-to-retention=}.
     */
    @Test
    void aRunCommitsEveryPartitionOfEveryTopic_theEmptyOnesIncluded() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String liveScore = factory.topic("live_score");
            String venue = factory.topic("venue");
            broker.createTopic(liveScore, 3);
            broker.createTopic(venue, 2);
            factory.liveScores(1, RejectedRecordFactory.EVENING);
            int written = factory.produced().get(0).partition();

            TriageResult first = run(settings(), FaultInjection.NONE);

            assertEquals(1, first.totalRecords());
            for (int p = 0; p < 3; p++) {
                assertEquals("triage " + first.runId() + "; lost-to-retention=0", committedMetadata(liveScore, p),
                        "partition " + p + " of " + liveScore + " (its record on " + written + ") is committed");
                assertEquals(p == written ? 1 : 0, committedOffset(liveScore, p));
            }
            for (int p = 0; p < 2; p++) {
                assertEquals("triage " + first.runId() + "; lost-to-retention=0", committedMetadata(venue, p),
                        "partition " + p + " of the empty topic is committed");
                assertEquals(0, committedOffset(venue, p));
            }
            assertEquals(1, ParquetRows.read(root).size(), "an empty partition's commit writes nothing");
        }
    }

    /**
     * A partition with nothing new is committed again by every run, at the offset it was committed at, its total lost
     * to retention carried unchanged: the commit names the latest run, so a group that only the triage uses (manual
     * assignment, no member between runs) keeps its offsets while the triage runs more often than Kafka's
     * {@code offsets.retention.minutes} (7 days by default). An expired commit would have the next run start at the log
     * start: the records there triaged again, the partition's total lost to retention gone.
     */
    @Test
    void everyRunCommitsAnIdlePartitionAgainAtItsOffsetWithItsLostTotal() {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String busy = factory.topic("live_score");
            String idle = factory.topic("event.stats");
            broker.createTopic(busy, 1);
            broker.createTopic(idle, 1);
            factory.liveScores(2, RejectedRecordFactory.EVENING);
            factory.eventStats(3, RejectedRecordFactory.EVENING);
            run(settings(), FaultInjection.NONE);
            factory.eventStats(4, RejectedRecordFactory.EVENING);
            deleteRecordsBefore(idle, 0, 7);
            TriageResult pastDeleted = run(settings(), FaultInjection.NONE);
            assertEquals(4, pastDeleted.topics().get(idle).lostToRetention());
            assertEquals("triage " + pastDeleted.runId() + "; lost-to-retention=4", committedMetadata(idle, 0));

            for (int i = 0; i < 2; i++) {
                factory.liveScores(1, RejectedRecordFactory.EVENING);
                TriageResult later = run(settings(), FaultInjection.NONE);

                assertEquals(1, later.totalRecords());
                assertEquals("triage " + later.runId() + "; lost-to-retention=4", committedMetadata(idle, 0),
                        "the idle partition's commit names the run " + (i + 3) + " and keeps its total");
                assertEquals(7, committedOffset(idle, 0), "at the offset it was committed at");
                assertEquals("triage " + later.runId() + "; lost-to-retention=0", committedMetadata(busy, 0));
                assertEquals(3 + i, committedOffset(busy, 0));
            }
            assertRowsMatch(factory.produced().stream().filter(r -> r.topic().equals(busy) || r.offset() < 3).toList(),
                    ParquetRows.read(root));
        }
    }

    /**
     * Retention deletes records while a run reads them, and the run dies (at any stage) in the segment whose commit
     * moves past them: once the next run has recovered and finished, each partition's commit metadata counts exactly the
     * offsets that are in no file, and the runs' counts agree with it (no offset counted twice, none left out).
     */
    @ParameterizedTest
    @EnumSource(Stage.class)
    void theLostTotalInTheCommitMetadataSurvivesACrashAtAnyStage(Stage stage) {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String topic = factory.topic("event.stats");
            broker.createTopic(topic, 1);
            factory.eventStats(16, RejectedRecordFactory.EVENING);
            TriageSettings small = TestSettings.of(root, prefix, 5);

            TriageRunFailedException failed = assertThrows(TriageRunFailedException.class,
                    () -> run(small, retentionThenCrashInSecondSegment(topic, stage), SMALL_FETCHES));
            assertTrue(failed.getCause() instanceof SimulatedCrash, "the cause is the crash: " + failed.getCause());
            TriageResult next = run(small, FaultInjection.NONE);

            long written = ParquetRows.read(root).size();
            long lost = failed.committed().lostToRetention() + next.lostToRetention();
            assertEquals(16, committedOffset(topic, 0));
            assertEquals(16, written + lost, "every offset written or counted lost, once");
            assertTrue(lost > 0, "retention deleted offsets the run had not read");
            assertEquals(lost, lostInMetadata(topic, 0), "the commit metadata counts what the runs counted (crash at " + stage + ")");
            run(small, FaultInjection.NONE);
            assertEquals(lost, lostInMetadata(topic, 0));
        }
    }

    /**
     * A segment journaled by the previous version (one topic total of offsets lost to retention, none per partition) and
     * left uncommitted by a crash is committed by the next run with that total on its lowest partition.
     */
    @Test
    void aJournalEntryWithoutPerPartitionCountsPutsItsTopicTotalOnTheFirstPartition() throws Exception {
        try (RejectedRecordFactory factory = new RejectedRecordFactory(broker, prefix)) {
            String topic = factory.topic("event.stats");
            broker.createTopic(topic, 1);
            factory.eventStats(16, RejectedRecordFactory.EVENING);
            TriageSettings small = TestSettings.of(root, prefix, 5);
            assertThrows(TriageRunFailedException.class,
                    () -> run(small, retentionThenCrashInSecondSegment(topic, Stage.JOURNALED), SMALL_FETCHES));
            List<Path> entries;
            try (var files = Files.list(root.resolve("_triage/journal"))) {
                entries = files.toList();
            }
            assertEquals(1, entries.size(), "the second segment is journaled: " + entries);
            com.fasterxml.jackson.databind.node.ObjectNode entry = (com.fasterxml.jackson.databind.node.ObjectNode)
                    RejectedRecordFactory.JSON.readTree(entries.get(0).toFile());
            assertTrue(entry.path("lostToRetention").asLong() > 0, "the segment moves past deleted offsets: " + entry);
            assertTrue(entry.remove("lostToRetentionByPartition") != null, "this version journals the count per partition: " + entry);
            Files.writeString(entries.get(0), entry.toString());

            run(small, FaultInjection.NONE);

            assertEquals(16, committedOffset(topic, 0));
            assertEquals(16 - ParquetRows.read(root).size(), lostInMetadata(topic, 0));
        }
    }

    /** One record per fetch: the consumer holds at most a record or two it fetched before a deletion. */
    private static final Map<String, Object> SMALL_FETCHES = Map.of("max.partition.fetch.bytes", "1", "fetch.max.bytes", "1");

    /**
     * Retention deletes offsets 0-9 once the first segment's files are written (the second segment's reads find them
     * gone), and the run dies at {@code stage} of the second segment.
     */
    private FaultInjection retentionThenCrashInSecondSegment(String topic, Stage stage) {
        AtomicInteger filesWritten = new AtomicInteger();
        AtomicInteger reached = new AtomicInteger();
        return at -> {
            if (at == Stage.FILES_WRITTEN && filesWritten.incrementAndGet() == 1) {
                deleteRecordsBefore(topic, 0, 10);
            }
            if (at == stage && reached.incrementAndGet() == 2) {
                throw new SimulatedCrash(stage);
            }
        };
    }

    /**
     * Produces {@code count} records and has retention delete every record of the topic: per partition, how many of
     * the new ones were deleted.
     */
    private long[] produceAndDelete(RejectedRecordFactory factory, String topic, int count) {
        int before = factory.produced().size();
        factory.liveScores(count, RejectedRecordFactory.EVENING);
        List<ProducedRecord> added = factory.produced().subList(before, before + count);
        long[] lost = new long[2];
        long[] end = new long[2];
        for (ProducedRecord r : added) {
            lost[r.partition()]++;
        }
        for (ProducedRecord r : factory.produced()) {
            end[r.partition()] = Math.max(end[r.partition()], r.offset() + 1);
        }
        for (int p = 0; p < 2; p++) {
            deleteRecordsBefore(topic, p, end[p]);
        }
        return lost;
    }

    /** The count in the triage group's commit metadata of the partition ({@code lost-to-retention=N}); -1 when none. */
    private long lostInMetadata(String topic, int partition) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("lost-to-retention=(\\d+)")
                .matcher(String.valueOf(committedMetadata(topic, partition)));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The triage group's commit metadata of the partition (null when no commit). */
    private String committedMetadata(String topic, int partition) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(prefix + "triage").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, partition));
            return offset == null ? null : offset.metadata();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void settingsComeFromEnvironmentBeforeProperties() {
        Properties props = new Properties();
        props.setProperty("triage.root", "/from/property");
        props.setProperty("triage.max-records-per-file", "7");
        props.setProperty("triage.kafka.security.protocol", "SSL");
        Knobs knobs = new Knobs(Map.of("TRIAGE_ROOT", "/from/env", "TRIAGE_KAFKA_BOOTSTRAP_SERVERS", "b:9092"), props);
        TriageSettings settings = TriageSettings.from(knobs);
        assertEquals(Path.of("/from/env"), settings.root());
        assertEquals(7, settings.maxRecordsPerFile());
        assertEquals("Africa/Cairo", settings.zone().getId());
        assertEquals(Map.of("bootstrap.servers", "b:9092", "security.protocol", "SSL"), TriageJob.consumerConfig(knobs));
        Knobs bad = new Knobs(Map.of("TRIAGE_MAX_RECORDS_PER_FILE", "lots"), new Properties());
        assertThrows(IllegalArgumentException.class, () -> TriageSettings.from(bad));
    }

    private TriageSettings settings() {
        return TestSettings.of(root, prefix, 500_000);
    }

    private TriageResult run(TriageSettings settings, FaultInjection faults) {
        return run(settings, faults, Map.of());
    }

    /** A run with the test's consumer settings, {@code overrides} replacing some. */
    private TriageResult run(TriageSettings settings, FaultInjection faults, Map<String, Object> overrides) {
        Map<String, Object> consumer = new HashMap<>();
        consumer.put("bootstrap.servers", broker.bootstrap());
        consumer.put("group.id", prefix + "triage");
        consumer.put("max.poll.records", "3");
        consumer.putAll(overrides);
        return new TriageRun(consumer, settings, Clock.fixed(NOW, ZoneOffset.UTC), faults).run();
    }

    /** What retention does: the partition's log starts at {@code offset}. */
    private void deleteRecordsBefore(String topic, int partition, long offset) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The triage group's committed offset of the partition (0 when none). */
    private long committedOffset(String topic, int partition) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(prefix + "triage").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, partition));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRowsMatch(List<ProducedRecord> expected, List<ParquetRows.Row> rows) {
        Map<String, ProducedRecord> byPosition = expected.stream()
                .collect(Collectors.toMap(p -> p.topic() + "/" + p.partition() + "@" + p.offset(), p -> p));
        assertEquals(expected.size(), rows.size(), "row count");
        Set<String> seen = rows.stream().map(r -> r.topic() + "/" + r.partition() + "@" + r.offset()).collect(Collectors.toSet());
        assertEquals(byPosition.keySet(), seen, "each produced record exactly once");
        for (ParquetRows.Row row : rows) {
            ProducedRecord p = byPosition.get(row.topic() + "/" + row.partition() + "@" + row.offset());
            assertEquals(p.value(), row.payload());
            assertEquals(p.key(), row.key());
            assertEquals(p.timestamp(), row.kafkaTimestampMillis());
            assertEquals(p.reasons(), row.reasons());
            assertEquals(p.idEvent(), row.idEvent());
            assertEquals(p.idLeague(), row.idLeague());
            assertEquals(p.strSport(), row.strSport());
            assertEquals(p.strStatus(), row.strStatus());
            assertEquals(NOW.toEpochMilli(), row.triagedAtMillis());
            boolean json = !p.reasons().contains(RejectionReasons.NOT_JSON) && !p.value().startsWith("{\"_raw\"");
            assertEquals(json, row.ingestedAt() != null, "ingested_at present iff JSON payload");
        }
    }

    private static boolean isEmptyOrMissing(Path dir) {
        try (var files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(Stage stage) {
            super("simulated crash at " + stage);
        }
    }
}
