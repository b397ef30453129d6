package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The rows of one topic written between two offset commits: one open Parquet file per day
 * ({@code date=} of the Kafka timestamp in the configured zone).
 */
public final class Segment {

    private final String runId;
    private final int number;
    private final String topic;
    private final TriageLayout layout;
    private final TriageSettings settings;
    private final IntSupplier fileSequence;
    private final Instant triagedAt;
    private final Map<LocalDate, ParquetPartFile> files = new TreeMap<>();
    private long rows;
    private final Map<Integer, Long> lostToRetention = new TreeMap<>();

    public Segment(String runId, int number, String topic, TriageLayout layout, TriageSettings settings,
                   IntSupplier fileSequence, Instant triagedAt) {
        this.runId = runId;
        this.number = number;
        this.topic = topic;
        this.layout = layout;
        this.settings = settings;
        this.fileSequence = fileSequence;
        this.triagedAt = triagedAt;
    }

    public void add(ConsumerRecord<byte[], byte[]> record, GenericRecord row) {
        LocalDate day = dayOf(record.timestamp());
        files.computeIfAbsent(day, this::open).write(row);
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Offsets of {@code partition} retention deleted before they were read; this segment's commit moves past them. */
    public void lostToRetention(int partition, long offsets) {
        lostToRetention.merge(partition, offsets, Long::sum);
    }

    /** Completes every file (footer + fsync) and describes the segment for the journal. */
    public JournalEntry finish(Map<Integer, Long> nextOffsets) {
        List<JournalEntry.FileMove> moves = new ArrayList<>();
        for (ParquetPartFile file : files.values()) {
            file.finish();
            moves.add(new JournalEntry.FileMove(relative(file.temp()), relative(file.target()), file.rows()));
        }
        return new JournalEntry(runId, number, topic, moves, Map.copyOf(nextOffsets), Map.copyOf(lostToRetention));
    }

    /** After a failure: closes the open files and deletes them (nothing of this segment was committed). */
    public void abandon() {
        for (ParquetPartFile file : files.values()) {
            file.discard();
        }
    }

    private ParquetPartFile open(LocalDate day) {
        Path target = layout.dataFile(day, topic, runId, fileSequence.getAsInt());
        return new ParquetPartFile(layout.tempFile(target), target, settings);
    }

    private LocalDate dayOf(long kafkaTimestamp) {
        Instant at = kafkaTimestamp >= 0 ? Instant.ofEpochMilli(kafkaTimestamp) : triagedAt;
        ZoneId zone = settings.zone();
        return at.atZone(zone).toLocalDate();
    }

    private String relative(Path path) {
        return layout.root().relativize(path).toString();
    }
}
