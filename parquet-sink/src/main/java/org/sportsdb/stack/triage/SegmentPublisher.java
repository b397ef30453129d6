package org.sportsdb.stack.triage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sportsdb.stack.triage.FaultInjection.Stage;

/**
 * Finishes a journaled segment: renames its complete temporary files to their final names, commits the
 * offsets they cover, then drops the journal entry. Every step may be repeated after a crash with the
 * same result, so a new run replays it for entries a dead run left behind. The run whose commit moves the
 * offsets counts the segment (its rows, files and offsets lost to retention), so each is counted once. Each
 * partition's commit carries the partition's running total lost to retention ({@link CommitMetadata}): the total
 * of the commit it follows plus the entry's loss on that partition.
 */
public final class SegmentPublisher {

    private final Path root;
    private final CommitJournal journal;
    private final Consumer<byte[], byte[]> consumer;
    private final FaultInjection faults;
    private final CommittedCounts counts;

    SegmentPublisher(Path root, CommitJournal journal, Consumer<byte[], byte[]> consumer, FaultInjection faults,
                     CommittedCounts counts) {
        this.root = root;
        this.journal = journal;
        this.consumer = consumer;
        this.faults = faults;
        this.counts = counts;
    }

    /** @return the number of files this call renamed (0 when a previous attempt already had). */
    public int complete(JournalEntry entry) {
        int renamed = 0;
        for (JournalEntry.FileMove move : entry.files()) {
            Path temp = root.resolve(move.temp());
            Path target = root.resolve(move.target());
            if (Files.exists(target)) {
                continue;
            }
            if (!Files.exists(temp)) {
                throw new IllegalStateException("triage journal " + entry.fileName() + " lists " + target
                        + " but neither it nor its temporary file " + temp + " exists; offsets left uncommitted");
            }
            DurableFiles.publish(temp, target);
            renamed++;
        }
        faults.reached(Stage.PUBLISHED);
        if (commit(entry)) {
            counts.segmentCommitted(entry);
        }
        faults.reached(Stage.COMMITTED);
        journal.remove(entry);
        return renamed;
    }

    /** @return whether this call committed offsets (false when an earlier attempt already had). */
    private boolean commit(JournalEntry entry) {
        Map<TopicPartition, Long> wanted = entry.nextOffsets().entrySet().stream()
                .collect(Collectors.toMap(e -> new TopicPartition(entry.topic(), e.getKey()), Map.Entry::getValue));
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(wanted.keySet()));
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        wanted.forEach((tp, offset) -> {
            OffsetAndMetadata current = committed.get(tp);
            // below the committed offset only while this entry's commit has not happened: the total in the metadata
            // then does not hold the entry's loss yet, and adding it here counts it once, replayed or not
            if (current == null || current.offset() < offset) {
                long lost = CommitMetadata.lostToRetention(current) + entry.lostToRetention(tp.partition());
                toCommit.put(tp, new OffsetAndMetadata(offset, CommitMetadata.of(entry.runId(), lost)));
            }
        });
        if (toCommit.isEmpty()) {
            return false;
        }
        consumer.commitSync(toCommit);
        return true;
    }
}
