package org.sportsdb.stack.validator.core;

/**
 * Where a record came from: Kafka coordinates in the stream; the input file's line number (as offset) in batch mode,
 * where partition and timestamp are null.
 */
public record SourcePosition(String topic, Integer partition, long offset, Long timestampMillis) {

    public static SourcePosition fileLine(String topic, long lineNumber) {
        return new SourcePosition(topic, null, lineNumber, null);
    }
}
