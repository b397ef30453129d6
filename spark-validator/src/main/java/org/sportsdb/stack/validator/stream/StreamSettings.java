package org.sportsdb.stack.validator.stream;

import org.apache.spark.sql.streaming.Trigger;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

import java.util.Map;

/** Settings of one streaming query (from the knobs in production, set directly by tests and the benchmark). */
public record StreamSettings(Map<String, String> kafkaOptions, String sourcePattern, String trigger,
                             String startingOffsets, String maxOffsetsPerTrigger, boolean failOnDataLoss,
                             String checkpointDir, DedupWindow dedupWindow, String queryName, DedupStore dedupStore) {

    /** Settings with the state store of the knob ({@code VALIDATOR_STATE_STORE}). */
    public StreamSettings(Map<String, String> kafkaOptions, String sourcePattern, String trigger, String startingOffsets,
                          String maxOffsetsPerTrigger, boolean failOnDataLoss, String checkpointDir,
                          DedupWindow dedupWindow, String queryName) {
        this(kafkaOptions, sourcePattern, trigger, startingOffsets, maxOffsetsPerTrigger, failOnDataLoss, checkpointDir,
                dedupWindow, queryName, DedupStore.parse(ValidatorKnobs.STATE_STORE.value()));
    }

    public static final String AVAILABLE_NOW = "available-now";
    /** soccer.* only: anchored, since an unanchored soccer\\..* also matches validated.soccer.* and rejected.soccer.*. */
    public static final String SOURCE_PATTERN = "^soccer\\..*";

    public static StreamSettings fromKnobs() {
        return new StreamSettings(KafkaClientOptions.fromKnobs(), ValidatorKnobs.SOURCE_PATTERN.value(),
                ValidatorKnobs.TRIGGER_INTERVAL.value(), ValidatorKnobs.STARTING_OFFSETS.value(),
                maxOffsetsPerTrigger(ValidatorKnobs.MAX_OFFSETS_PER_TRIGGER.value()),
                Boolean.parseBoolean(ValidatorKnobs.FAIL_ON_DATA_LOSS.value()),
                ValidatorKnobs.CHECKPOINT_DIR.value(), DedupWindow.parse(ValidatorKnobs.DEDUP_WINDOW.value()),
                ValidatorKnobs.QUERY_NAME.value(), DedupStore.parse(ValidatorKnobs.STATE_STORE.value()));
    }

    /** The knob's cap of records per batch for the Kafka source: null (no cap) for 0. */
    static String maxOffsetsPerTrigger(String knob) {
        long cap;
        try {
            cap = Long.parseLong(knob.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("VALIDATOR_MAX_OFFSETS_PER_TRIGGER must be a number of records (0 = no cap), got '" + knob + "'");
        }
        if (cap < 0) {
            throw new IllegalArgumentException("VALIDATOR_MAX_OFFSETS_PER_TRIGGER must not be negative, got " + cap);
        }
        return cap == 0 ? null : Long.toString(cap);
    }

    public Trigger sparkTrigger() {
        return AVAILABLE_NOW.equalsIgnoreCase(trigger) ? Trigger.AvailableNow() : Trigger.ProcessingTime(trigger);
    }

    public StreamSettings withCheckpointDir(String dir) {
        return new StreamSettings(kafkaOptions, sourcePattern, trigger, startingOffsets, maxOffsetsPerTrigger,
                failOnDataLoss, dir, dedupWindow, queryName, dedupStore);
    }

    public StreamSettings withQueryName(String name) {
        return new StreamSettings(kafkaOptions, sourcePattern, trigger, startingOffsets, maxOffsetsPerTrigger,
                failOnDataLoss, checkpointDir, dedupWindow, name, dedupStore);
    }

    public StreamSettings withDedupStore(DedupStore store) {
        return new StreamSettings(kafkaOptions, sourcePattern, trigger, startingOffsets, maxOffsetsPerTrigger,
                failOnDataLoss, checkpointDir, dedupWindow, queryName, store);
    }

    public StreamSettings withTrigger(String newTrigger, String newMaxOffsetsPerTrigger) {
        return new StreamSettings(kafkaOptions, sourcePattern, newTrigger, startingOffsets, newMaxOffsetsPerTrigger,
                failOnDataLoss, checkpointDir, dedupWindow, queryName, dedupStore);
    }
}
