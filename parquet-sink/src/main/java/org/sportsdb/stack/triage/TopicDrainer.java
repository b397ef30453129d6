package org.sportsdb.stack.triage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.triage.FaultInjection.Stage;

/**
 * Reads one topic from the committed offsets up to the end offsets seen when it starts, in segments
 * of at most {@code max-records-per-file} rows (plus the rest of the last poll), and publishes each
 * segment before reading the next; then commits every partition it had nothing to read from at its position, so
 * each partition of a drained topic holds a commit of this run.
 */
public final class TopicDrainer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicDrainer.class);

    private final Consumer<byte[], byte[]> consumer;
    private final TriageSettings settings;
    private final TriageLayout layout;
    private final CommitJournal journal;
    private final SegmentPublisher publisher;
    private final CommittedCounts counts;
    private final FaultInjection faults;
    private final RejectedRowMapper mapper;
    private final String runId;
    private final Instant triagedAt;
    private final AtomicInteger segments = new AtomicInteger();
    private final AtomicInteger files = new AtomicInteger();

    TopicDrainer(Consumer<byte[], byte[]> consumer, TriageSettings settings, CommitJournal journal,
                 SegmentPublisher publisher, CommittedCounts counts, FaultInjection faults, String runId, Instant triagedAt) {
        this.consumer = consumer;
        this.settings = settings;
        this.layout = new TriageLayout(settings.root());
        this.journal = journal;
        this.publisher = publisher;
        this.counts = counts;
        this.faults = faults;
        this.mapper = new RejectedRowMapper(triagedAt);
        this.runId = runId;
        this.triagedAt = triagedAt;
    }

    /** Drains the topic; what it commits is added to the run's {@link CommittedCounts} as each commit succeeds. */
    public void drain(String topic) {
        counts.topic(topic);
        try {
            drainPartitions(topic);
        } finally {
            consumer.assign(List.of());
        }
    }

    private void drainPartitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> pastExpired = new HashMap<>();
        long lost = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            // a group that never committed has no known position: it starts at the log start, nothing counted lost
            long from = done == null ? begin.get(tp) : done.offset();
            if (from < begin.get(tp)) {
                LOG.warn("triage {}: {} offsets {}..{} were deleted by retention before triage read them",
                        runId, tp, from, begin.get(tp) - 1);
                lost += begin.get(tp) - from;
                // the partition's total lost to retention, carried by every commit of it (what the ledger reads)
                long total = CommitMetadata.lostToRetention(done) + begin.get(tp) - from;
                from = begin.get(tp);
                pastExpired.put(tp, new OffsetAndMetadata(from, CommitMetadata.of(runId, total)));
            }
            start.put(tp, from);
        }
        if (!pastExpired.isEmpty()) {
            // committed at once, whether or not records follow, so the next run does not count them again
            consumer.commitSync(pastExpired);
            counts.lostCommitted(topic, lost);
        }
        Set<TopicPartition> pending = new HashSet<>();
        partitions.stream().filter(tp -> start.get(tp) < end.get(tp)).forEach(pending::add);
        consumer.assign(pending);
        pending.forEach(tp -> consumer.seek(tp, start.get(tp)));

        while (!pending.isEmpty()) {
            Segment segment = new Segment(runId, segments.incrementAndGet(), topic, layout, settings,
                    files::incrementAndGet, triagedAt);
            JournalEntry entry;
            try {
                entry = segment.finish(fill(segment, pending, end));
            } catch (RuntimeException e) {
                segment.abandon();
                throw e;
            }
            faults.reached(Stage.FILES_WRITTEN);
            if (!entry.files().isEmpty()) {
                journal.write(entry);
            }
            faults.reached(Stage.JOURNALED);
            publisher.complete(entry);
        }
        commitTheOthers(topic, partitions, start);
    }

    /**
     * Once the topic is drained, commits every partition this run has not committed yet (nothing to read there) at
     * its position: the committed offset, or for a partition without a commit the log start the run started from, with
     * the partition's total lost to retention unchanged. No offset moves, none past a record that is not in a
     * published file; the commit names this run, so the group's offsets on a partition that gets no new rejected
     * records do not expire (Kafka deletes a standalone group's committed offsets after
     * {@code offsets.retention.minutes} without a new commit; the next run would then triage the partition again
     * from its log start and its total lost to retention would be gone), and {@code ./stack reconcile} can tell
     * that the triage has run from a group id that does not match. Not reached when the drain fails: a failed
     * topic is left as its last commit left it.
     */
    private void commitTheOthers(String topic, List<TopicPartition> partitions, Map<TopicPartition, Long> start) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, OffsetAndMetadata> refresh = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata current = committed.get(tp);
            if (current != null && CommitMetadata.isOf(runId, current)) {
                continue;
            }
            long at = current == null ? start.get(tp) : current.offset();
            refresh.put(tp, new OffsetAndMetadata(at, CommitMetadata.of(runId, CommitMetadata.lostToRetention(current))));
        }
        if (!refresh.isEmpty()) {
            consumer.commitSync(refresh);
            LOG.debug("triage {}: {} committed again at its position ({} partitions with nothing to read)",
                    runId, topic, refresh.size());
        }
    }

    /**
     * Positions that retention deleted while the run read the topic (below the log start now): the offsets from there
     * to the log start (or to the end offset of this run, if lower) are counted lost in the segment, whose commit
     * moves past them, and reading goes on from there.
     */
    private void expired(Map<TopicPartition, Long> positions, Segment segment, Map<TopicPartition, Long> end,
                         Map<Integer, Long> nextOffsets) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(positions.keySet());
        for (Map.Entry<TopicPartition, Long> position : positions.entrySet()) {
            TopicPartition tp = position.getKey();
            long at = position.getValue();
            if (at >= begin.get(tp)) {
                throw new IllegalStateException("triage: position " + at + " of " + tp + " is past the log's end"
                        + " (log start " + begin.get(tp) + "); nothing of this segment was committed");
            }
            long resume = Math.min(begin.get(tp), end.get(tp));
            LOG.warn("triage {}: {} offsets {}..{} were deleted by retention while the run read the topic",
                    runId, tp, at, resume - 1);
            segment.lostToRetention(tp.partition(), resume - at);
            nextOffsets.merge(tp.partition(), resume, Math::max);
            consumer.seek(tp, resume);
        }
    }

    /** Polls into the segment until it is full or every partition reached its end offset. */
    private Map<Integer, Long> fill(Segment segment, Set<TopicPartition> pending, Map<TopicPartition, Long> end) {
        Map<Integer, Long> nextOffsets = new HashMap<>();
        long idleSince = System.nanoTime();
        while (!pending.isEmpty() && segment.rows() < settings.maxRecordsPerFile()) {
            ConsumerRecords<byte[], byte[]> batch;
            try {
                batch = consumer.poll(settings.pollTimeout());
            } catch (OffsetOutOfRangeException e) {
                expired(e.offsetOutOfRangePartitions(), segment, end, nextOffsets);
                idleSince = System.nanoTime();
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (pending.contains(tp) && record.offset() < end.get(tp)) {
                    segment.add(record, mapper.map(record));
                    nextOffsets.put(record.partition(), record.offset() + 1);
                }
            }
            for (TopicPartition tp : List.copyOf(pending)) {
                if (consumer.position(tp) >= end.get(tp)) {
                    pending.remove(tp);
                    consumer.pause(List.of(tp));
                    nextOffsets.put(tp.partition(), end.get(tp));
                }
            }
            if (!batch.isEmpty()) {
                idleSince = System.nanoTime();
            } else if (Duration.ofNanos(System.nanoTime() - idleSince).compareTo(settings.idleTimeout()) > 0) {
                throw new IllegalStateException("triage: no records for " + settings.idleTimeout()
                        + " while partitions " + pending + " are below their end offsets " + end
                        + "; nothing of this segment was committed");
            }
        }
        return nextOffsets;
    }
}
