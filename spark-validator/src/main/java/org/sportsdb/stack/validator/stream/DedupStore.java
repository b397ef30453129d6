package org.sportsdb.stack.validator.stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where and how the de-duplication state is kept ({@code VALIDATOR_STATE_STORE}).
 * <ul>
 *   <li>{@link #ROCKSDB}: {@link LastStateProcessor} ({@code transformWithState}, TTL = the window) on the
 *       RocksDB state store with changelog checkpointing: a batch reads and writes the states of its own keys only,
 *       so its cost follows the batch, not the number of keys kept.</li>
 *   <li>{@link #HDFS} (default): {@link LastStateDedup} ({@code flatMapGroupsWithState} with a processing-time
 *       timeout) on the in-memory HDFS-backed store, the operator of the versions before; every batch copies the
 *       store's map and scans every state for timeouts, but a catch-up batch of many new keys costs far less than on
 *       RocksDB (measured: spark-validator/README.md, Benchmark).</li>
 * </ul>
 * A checkpoint holds the state of one of them (Spark also keeps the state store a checkpoint was started with, whatever
 * the session says), so {@link #check} stops a start whose choice does not match the checkpoint, saying what to do.
 */
public enum DedupStore {
    ROCKSDB("rocksdb", "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"),
    HDFS("hdfs", "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider");

    public static final String PROVIDER_CLASS = "spark.sql.streaming.stateStore.providerClass";
    public static final String CHANGELOG_CHECKPOINTING = "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled";

    private final String knobValue;
    private final String providerClass;

    DedupStore(String knobValue, String providerClass) {
        this.knobValue = knobValue;
        this.providerClass = providerClass;
    }

    public String knobValue() {
        return knobValue;
    }

    public String providerClass() {
        return providerClass;
    }

    public static DedupStore parse(String value) {
        for (DedupStore s : values()) {
            if (s.knobValue.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("VALIDATOR_STATE_STORE must be 'rocksdb' or 'hdfs', got '" + value + "'");
    }

    /** Sets the session's state store for the queries started next. */
    public void configure(SparkSession spark) {
        spark.conf().set(PROVIDER_CLASS, providerClass);
        if (this == ROCKSDB) {
            spark.conf().set(CHANGELOG_CHECKPOINTING, "true");
        }
    }

    /**
     * Fails when the checkpoint at {@code checkpointDir} holds the state of the other operator (read from the operator
     * metadata Spark keeps beside the state, else from the state store recorded in its offsets log); a checkpoint
     * without state yet fits either.
     */
    public void check(String checkpointDir, Configuration hadoop) {
        DedupStore written = ofCheckpoint(checkpointDir, hadoop);
        if (written == null || written == this) {
            return;
        }
        throw new IllegalStateException("the checkpoint " + checkpointDir + " holds the de-duplication state of "
                + "VALIDATOR_STATE_STORE=" + written.knobValue + " (" + written.operator() + "), not of VALIDATOR_STATE_STORE="
                + knobValue + " (" + operator() + "); a checkpoint keeps the state it was started with. Either set"
                + " VALIDATOR_STATE_STORE=" + written.knobValue + " to continue it, or start over with a new"
                + " VALIDATOR_CHECKPOINT_DIR and VALIDATOR_STARTING_OFFSETS set to the offsets of this checkpoint's last committed batch (or"
                + " 'earliest'; unchanged records are then validated once more): spark-validator/README.md, 'Old checkpoints'");
    }

    private String operator() {
        return this == ROCKSDB ? "transformWithState on RocksDB" : "flatMapGroupsWithState";
    }

    /** The choice whose state the checkpoint holds, or null when it holds none yet (or nothing this version knows). */
    static DedupStore ofCheckpoint(String checkpointDir, Configuration hadoop) {
        try {
            Path operatorMetadata = new Path(checkpointDir, "state/0/_metadata");
            FileSystem fs = operatorMetadata.getFileSystem(hadoop);
            if (fs.exists(operatorMetadata)) {
                org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(operatorMetadata, true);
                while (files.hasNext()) {
                    Path f = files.next().getPath();
                    if (f.getName().endsWith(".crc")) {
                        continue;
                    }
                    String head = head(fs, f);
                    if (head.contains("\"operatorName\":\"transformWithState")) {
                        return ROCKSDB;
                    }
                    if (head.contains("\"operatorName\":\"flatMapGroupsWithState")) {
                        return HDFS;
                    }
                }
            }
            return HDFS.providerClass.equals(providerOf(checkpointDir, hadoop)) ? HDFS : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + checkpointDir, e);
        }
    }

    private static String head(FileSystem fs, Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            String line;
            for (int i = 0; i < 3 && (line = r.readLine()) != null; i++) {
                sb.append(line).append('\n');
            }
            return sb.toString();
        }
    }

    /** The state store provider recorded in the checkpoint's latest offsets file, or null when there is none. */
    static String providerOf(String checkpointDir, Configuration hadoop) throws IOException {
        Path offsets = new Path(checkpointDir, "offsets");
        FileSystem fs = offsets.getFileSystem(hadoop);
        if (!fs.exists(offsets)) {
            return null;
        }
        long latest = -1;
        for (FileStatus f : fs.listStatus(offsets)) {
            String name = f.getPath().getName();
            if (f.isFile() && name.matches("\\d+")) {
                latest = Math.max(latest, Long.parseLong(name));
            }
        }
        if (latest < 0) {
            return null;
        }
        String head = head(fs, new Path(offsets, Long.toString(latest)));
        String key = "\"" + PROVIDER_CLASS + "\":\"";
        int at = head.indexOf(key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        return head.substring(from, head.indexOf('"', from));
    }

    @Override
    public String toString() {
        return knobValue.toLowerCase(Locale.ROOT);
    }
}
