package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run committed, per topic, added as each commit succeeds: the rows and files of every segment whose
 * offsets this run committed (segments finished by recovery of an earlier run included), and the offsets it
 * committed past because Kafka retention deleted them unread. A run that fails keeps these commits, so its counts
 * are what it reports, whether it returns or throws.
 */
final class CommittedCounts {

    private final Path root;
    private final Map<String, Tally> topics = new LinkedHashMap<>();

    CommittedCounts(Path root) {
        this.root = root;
    }

    /** A topic this run drains: listed in the result even when nothing of it is committed. */
    void topic(String topic) {
        tally(topic);
    }

    /** The offsets of {@code entry} are committed: its rows, files and offsets lost to retention count. */
    void segmentCommitted(JournalEntry entry) {
        Tally tally = tally(entry.topic());
        for (JournalEntry.FileMove move : entry.files()) {
            tally.records += move.rows();
            tally.files.add(root.resolve(move.target()));
        }
        tally.lost += entry.lostToRetention();
    }

    /** Offsets deleted by retention before the group read them, committed past. */
    void lostCommitted(String topic, long offsets) {
        tally(topic).lost += offsets;
    }

    Map<String, TopicCounts> snapshot() {
        Map<String, TopicCounts> result = new LinkedHashMap<>();
        topics.forEach((topic, t) -> result.put(topic, new TopicCounts(t.records, List.copyOf(t.files), t.lost)));
        return result;
    }

    private Tally tally(String topic) {
        return topics.computeIfAbsent(topic, t -> new Tally());
    }

    private static final class Tally {
        long records;
        final List<Path> files = new ArrayList<>();
        long lost;
    }
}
