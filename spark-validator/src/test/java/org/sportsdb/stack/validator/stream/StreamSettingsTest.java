package org.sportsdb.stack.validator.stream;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.config.ValidatorKnobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The knobs of the stream that are read into its settings: the per-batch cap and the state store. */
class StreamSettingsTest {

    @Test
    void aCatchUpIsReadInBatchesOfAtMost200000RecordsUnlessTheCapIsZero() {
        assertEquals("200000", StreamSettings.maxOffsetsPerTrigger(ValidatorKnobs.MAX_OFFSETS_PER_TRIGGER.defaultValue()));
        assertEquals("5000", StreamSettings.maxOffsetsPerTrigger("5000"));
        assertNull(StreamSettings.maxOffsetsPerTrigger("0"), "0 = no cap");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StreamSettings.maxOffsetsPerTrigger("lots"));
        assertTrue(e.getMessage().contains("VALIDATOR_MAX_OFFSETS_PER_TRIGGER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StreamSettings.maxOffsetsPerTrigger("-1"));
    }

    @Test
    void theStateStoreIsHdfsByDefaultAndRocksDbOnRequest() {
        assertEquals(DedupStore.HDFS, DedupStore.parse(ValidatorKnobs.STATE_STORE.defaultValue()));
        assertEquals(DedupStore.ROCKSDB, DedupStore.parse(" RocksDB "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DedupStore.parse("memory"));
        assertTrue(e.getMessage().contains("VALIDATOR_STATE_STORE must be 'rocksdb' or 'hdfs'"), e.getMessage());
    }
}
