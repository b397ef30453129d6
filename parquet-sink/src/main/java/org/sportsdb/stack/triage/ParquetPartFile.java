package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * One Parquet file being written under a temporary name. Rows stream into row groups of the
 * configured size; only the open row group is held in memory. {@link #finish()} writes the footer
 * and fsyncs; publishing under the final name is the caller's step.
 */
public final class ParquetPartFile {

    private final Path temp;
    private final Path target;
    private final ParquetWriter<GenericRecord> writer;
    private long rows;

    public ParquetPartFile(Path temp, Path target, TriageSettings settings) {
        this.temp = temp;
        this.target = target;
        DurableFiles.createDirectories(temp.getParent());
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
        try {
            this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(temp))
                    .withConf(conf)
                    .withSchema(TriageSchema.SCHEMA)
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(settings.codec())
                    .withRowGroupSize(settings.rowGroupBytes())
                    .withPageSize(settings.pageBytes())
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open Parquet writer on " + temp, e);
        }
    }

    public void write(GenericRecord row) {
        try {
            writer.write(row);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write row to " + temp, e);
        }
    }

    /** Writes the footer, closes and fsyncs the temporary file. */
    public void finish() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close Parquet file " + temp, e);
        }
        DurableFiles.fsync(temp);
    }

    /** Closes the writer without caring whether the file is complete and deletes the temporary file. */
    public void discard() {
        try {
            writer.close();
        } catch (IOException | RuntimeException ignored) {
            // the file is deleted below; nothing of it was published
        }
        DurableFiles.deleteIfExists(temp);
    }

    public Path temp() {
        return temp;
    }

    public Path target() {
        return target;
    }

    public long rows() {
        return rows;
    }
}
