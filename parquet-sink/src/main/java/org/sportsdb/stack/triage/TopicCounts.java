package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.util.List;

/**
 * What one run did for one topic: rows written, files published, and offsets that Kafka retention
 * deleted before any run read them (counted, never silently skipped).
 */
public record TopicCounts(long records, List<Path> files, long lostToRetention) {

    public static final TopicCounts NOTHING = new TopicCounts(0, List.of(), 0);
}
