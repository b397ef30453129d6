package org.sportsdb.stack.validator.stream;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.audit.BatchCounts;
import org.sportsdb.stack.validator.core.InBatchRepeats;
import org.sportsdb.stack.validator.core.UnparsedRepeats;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.SourcePosition;
import org.sportsdb.stack.validator.metrics.FirstOffsetsRead;
import org.sportsdb.stack.validator.metrics.RoutingCounter;

import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Validates the Kafka rows of one partition of a micro-batch. Input: {@link #INPUT_COLUMNS} of the Kafka source;
 * output: {@link RoutedRows#SCHEMA}, a validated or rejected row per input row, except the repeats of the previous
 * record of their key in this task ({@link InBatchRepeats}; most of them recognised before parsing by
 * {@link UnparsedRepeats}), which are dropped here, before the shuffle, and counted per output topic
 * ({@link LastStateDedup#UNCHANGED_PREFIX}; per batch: input rows − rows of this stage). No row is emitted for them:
 * a marker per repeat cost the benchmark measurable time (half its input is unchanged re-polls).
 */
public final class ValidationFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Column positions of {@link #INPUT_COLUMNS}. */
    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int TOPIC = 2;
    private static final int PARTITION = 3;
    private static final int OFFSET = 4;
    private static final int TIMESTAMP = 5;
    /** The Kafka source columns this function reads, in this order. */
    public static final String[] INPUT_COLUMNS = {"key", "value", "topic", "partition", "offset", "timestamp"};
    /** Prefix of the per-reason counts next to the per-output-topic counts. */
    public static final String REASON_PREFIX = "reason:";

    private final RoutingCounter counter;
    private final FirstOffsetsRead firstOffsets;
    private final BatchCounts counts;

    /**
     * @param counter      counts per output topic, per rejection reason and unchanged re-polls per topic, or null
     * @param firstOffsets where each task started reading each partition (retention losses), or null
     */
    public ValidationFunction(RoutingCounter counter, FirstOffsetsRead firstOffsets) {
        this(counter, firstOffsets, null);
    }

    /** @param counts the audit counts: rows read and repeats dropped per source topic, first offsets read (or null) */
    public ValidationFunction(RoutingCounter counter, FirstOffsetsRead firstOffsets, BatchCounts counts) {
        this.counter = counter;
        this.firstOffsets = firstOffsets;
        this.counts = counts;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordValidator validator = RecordValidator.fromClasspath();
        InBatchRepeats repeats = new InBatchRepeats(InBatchRepeats.DEFAULT_CAPACITY);
        UnparsedRepeats unparsed = new UnparsedRepeats(UnparsedRepeats.DEFAULT_CAPACITY);
        Set<String> partitionsSeen = new HashSet<>(2);
        BatchCounts.TaskCounts taskCounts = counts == null ? null : counts.forCurrentTask();
        return new Iterator<>() {
            private String lastTopic;
            private int lastPartition = -1;
            /** The audit counts of {@link #lastTopic} (looked up once per change of partition). */
            private long[] topicCounts = new long[BatchCounts.NAMES.length];
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && input.hasNext()) {
                    Row in = input.next();
                    SourcePosition pos = position(in);
                    noteFirstOffset(pos);
                    topicCounts[BatchCounts.READ]++;
                    byte[] value = (byte[]) in.get(VALUE);
                    UnparsedRepeats.Probe probe = unparsed.probe(pos.topic(), value);
                    UnparsedRepeats.Known known = unparsed.known(probe, validator);
                    if (known != null && repeats.isRepeat(known.stateKey(), known.payloadHash())) {
                        topicCounts[BatchCounts.DROPPED]++;
                        countRoutedUnchanged(known.outTopic());  // recognised without parsing
                        continue;
                    }
                    RoutedRecord routed = validate(validator, pos, (byte[]) in.get(KEY), value);
                    unparsed.remember(probe, routed);
                    // a known record was just compared with the previous of its key (not a repeat): not twice
                    if (known == null && repeats.isRepeat(routed)) {
                        topicCounts[BatchCounts.DROPPED]++;
                        countUnchanged(routed.outTopic());
                    } else {
                        next = RoutedRows.toRow(routed);
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row out = next;
                next = null;
                return out;
            }

            private void noteFirstOffset(SourcePosition source) {
                if (source.partition() != lastPartition || !source.topic().equals(lastTopic)) {
                    lastTopic = source.topic();
                    lastPartition = source.partition();
                    if (taskCounts != null) {
                        topicCounts = taskCounts.of(lastTopic);
                    }
                    if (partitionsSeen.add(lastTopic + '-' + lastPartition)) {
                        if (firstOffsets != null) {
                            firstOffsets.add(source);
                        }
                        if (taskCounts != null) {
                            taskCounts.firstOffset(lastTopic, lastPartition, source.offset());
                        }
                    }
                }
            }
        };
    }

    private static SourcePosition position(Row in) {
        Timestamp ts = (Timestamp) in.get(TIMESTAMP);
        return new SourcePosition(in.getString(TOPIC), in.getInt(PARTITION), in.getLong(OFFSET),
                ts == null ? null : ts.getTime());
    }

    private RoutedRecord validate(RecordValidator validator, SourcePosition pos, byte[] key, byte[] value) {
        RoutedRecord routed = validator.validate(pos, RecordValidator.keyText(key), value);
        if (counter != null) {
            counter.add(routed.outTopic());
            for (String reason : routed.reasons()) {
                counter.add(REASON_PREFIX + reason);
            }
        }
        return routed;
    }

    /** A validated record recognised as a repeat without parsing: counted as routed and unchanged, as a parsed one. */
    private void countRoutedUnchanged(String outTopic) {
        if (counter != null) {
            counter.add(outTopic);
        }
        countUnchanged(outTopic);
    }

    private void countUnchanged(String outTopic) {
        if (counter != null) {
            counter.add(LastStateDedup.UNCHANGED_PREFIX + outTopic);
        }
    }
}
