package org.sportsdb.stack.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * The rejected records the triage wrote to Parquet ({@code <root>/date=*&#47;topic=<topic>/*.parquet}, see
 * parquet-sink/README.md): per source partition the offsets present, and the records per reason. Reads only the
 * {@code partition}, {@code offset} and {@code reasons} columns. Files being written ({@code _triage/tmp}) are not
 * data and are not read.
 */
public final class TriagedFiles {
    private static final Schema PROJECTION = SchemaBuilder.record("rejected_record").fields()
            .requiredInt("partition")
            .requiredLong("offset")
            .name("reasons").type().array().items().stringType().noDefault()
            .endRecord();

    private TriagedFiles() {
    }

    public record Triaged(Map<Integer, OffsetRanges> offsets, Map<String, Long> reasons, long files, long rows) {
    }

    /** Nothing triaged: no file, no offset. */
    static Triaged none() {
        return new Triaged(new TreeMap<>(), new TreeMap<>(), 0, 0);
    }

    /**
     * True when {@code root} is a triage root a run has used: every run locks {@code <root>/_triage/run.lock}, so a
     * root the triage has committed from has that folder (a missing path or an unmounted volume, an empty directory,
     * does not).
     */
    static boolean usedByTheTriage(Path root) {
        return Files.isDirectory(root.resolve("_triage"));
    }

    /** @throws UncheckedIOException when {@code root} is no directory: its files cannot be told from none */
    public static Triaged read(Path root, String topic) {
        Map<Integer, OffsetRanges> offsets = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        long files = 0;
        long rows = 0;
        if (!Files.isDirectory(root)) {
            throw new UncheckedIOException(new java.nio.file.NoSuchFileException(root.toString(), null, "the triage root is no directory"));
        }
        try (Stream<Path> days = Files.list(root)) {
            for (Path day : days.filter(d -> d.getFileName().toString().startsWith("date=")).sorted().toList()) {
                Path dir = day.resolve("topic=" + topic);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> parts;
                try (Stream<Path> s = Files.list(dir)) {
                    parts = s.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
                }
                for (Path file : parts) {
                    files++;
                    rows += readFile(file, offsets, reasons);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the triage files under " + root, e);
        }
        return new Triaged(offsets, reasons, files, rows);
    }

    private static long readFile(Path file, Map<Integer, OffsetRanges> offsets, Map<String, Long> reasons) throws IOException {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, PROJECTION.toString());
        // the triage writes lists in the 3-level structure (ParquetPartFile): the projection must name the same
        conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
        long rows = 0;
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file), conf).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                rows++;
                offsets.computeIfAbsent((Integer) r.get("partition"), k -> new OffsetRanges()).add((Long) r.get("offset"));
                Object rs = r.get("reasons");
                if (rs instanceof List<?> list) {
                    for (Object reason : list) {
                        reasons.merge(String.valueOf(reason), 1L, Long::sum);
                    }
                }
            }
        }
        return rows;
    }
}
