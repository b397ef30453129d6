package org.sportsdb.stack.triage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Every knob of a triage run, read once through {@link Knobs}. Names, env vars and defaults are
 * documented in parquet-sink/README.md.
 */
public record TriageSettings(
        Pattern topicPattern,
        Path root,
        ZoneId zone,
        CompressionCodecName codec,
        long rowGroupBytes,
        int pageBytes,
        long maxRecordsPerFile,
        Duration pollTimeout,
        Duration idleTimeout) {

    public static final String TOPIC_PATTERN = "triage.topic.pattern";
    public static final String ROOT = "triage.root";
    public static final String TIMEZONE = "triage.timezone";
    public static final String CODEC = "triage.parquet.codec";
    public static final String ROW_GROUP_BYTES = "triage.parquet.row-group-bytes";
    public static final String PAGE_BYTES = "triage.parquet.page-bytes";
    public static final String MAX_RECORDS_PER_FILE = "triage.max-records-per-file";
    public static final String POLL_TIMEOUT_MS = "triage.poll.timeout-ms";
    public static final String IDLE_TIMEOUT_MS = "triage.poll.idle-timeout-ms";

    public static final String DEFAULT_TOPIC_PATTERN = "rejected\\.soccer\\..*";
    public static final String DEFAULT_ROOT = ".run/rejected";
    public static final String DEFAULT_TIMEZONE = "Africa/Cairo";

    public TriageSettings {
        if (maxRecordsPerFile < 1 || rowGroupBytes < 1024 || pageBytes < 1024) {
            throw new IllegalArgumentException("triage: max-records-per-file must be >= 1 and row-group/page bytes >= 1024");
        }
    }

    public static TriageSettings from(Knobs knobs) {
        return new TriageSettings(
                Pattern.compile(knobs.get(TOPIC_PATTERN, DEFAULT_TOPIC_PATTERN)),
                Path.of(knobs.get(ROOT, DEFAULT_ROOT)).toAbsolutePath().normalize(),
                ZoneId.of(knobs.get(TIMEZONE, DEFAULT_TIMEZONE)),
                CompressionCodecName.valueOf(knobs.get(CODEC, "ZSTD").toUpperCase(java.util.Locale.ROOT)),
                knobs.getLong(ROW_GROUP_BYTES, 8L * 1024 * 1024),
                Math.toIntExact(knobs.getLong(PAGE_BYTES, 1024L * 1024)),
                knobs.getLong(MAX_RECORDS_PER_FILE, 500_000L),
                Duration.ofMillis(knobs.getLong(POLL_TIMEOUT_MS, 500L)),
                Duration.ofMillis(knobs.getLong(IDLE_TIMEOUT_MS, 60_000L)));
    }
}
