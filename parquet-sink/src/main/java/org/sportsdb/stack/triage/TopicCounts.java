package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run committed for one topic: the rows and files of the segments whose offsets it committed, and
 * the offsets it committed past because Kafka retention deleted them unread (counted, never silently skipped).
 */
public record TopicCounts(long records, List<Path> files, long lostToRetention) {

    public static final TopicCounts NOTHING = new TopicCounts(0, List.of(), 0);
}
