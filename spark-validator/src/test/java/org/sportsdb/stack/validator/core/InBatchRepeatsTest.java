package org.sportsdb.stack.validator.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InBatchRepeatsTest {
    private static final long NOW = 1_795_000_000_000L;
    private static final long WINDOW = 48 * 3_600_000L;

    private static RoutedRecord valid(String dedupId, long eventTime) {
        return new RoutedRecord("validated.soccer.live_score", "1", new byte[0], dedupId, eventTime, List.of());
    }

    private static RoutedRecord rejected(String dedupId, long eventTime) {
        return new RoutedRecord("rejected.soccer.live_score", "1", new byte[0], dedupId, eventTime, List.of("json:malformed"));
    }

    @Test
    void theSecondCopyOfAValidatedRecordIsARepeatTheFirstAndAChangedOneAreNot() {
        InBatchRepeats repeats = new InBatchRepeats(NOW, WINDOW, 100);
        assertFalse(repeats.isRepeat(valid("a|hash1", NOW - 1_000)));
        assertTrue(repeats.isRepeat(valid("a|hash1", NOW)), "unchanged re-poll");
        assertFalse(repeats.isRepeat(valid("a|hash2", NOW)), "changed state");
        assertFalse(repeats.isRepeat(valid("b|hash1", NOW)), "another key");
    }

    @Test
    void rejectedRecordsAreNeverRepeats() {
        InBatchRepeats repeats = new InBatchRepeats(NOW, WINDOW, 100);
        assertFalse(repeats.isRepeat(rejected("rejected|soccer.live_score|0|7", NOW)));
        assertFalse(repeats.isRepeat(rejected("rejected|soccer.live_score|0|7", NOW)));
    }

    @Test
    void recordsThatCouldBeBehindTheWatermarkAreLeftToSpark() {
        InBatchRepeats repeats = new InBatchRepeats(NOW, WINDOW, 100);
        long mayBeLate = NOW - WINDOW + InBatchRepeats.CLOCK_SKEW_MILLIS - 1;
        assertFalse(repeats.isRepeat(valid("old", mayBeLate)));
        assertFalse(repeats.isRepeat(valid("old", mayBeLate)), "Spark decides: the first copy may be dropped as late");
        assertFalse(repeats.isRepeat(valid("old", NOW)), "an on-time copy after a possibly late one goes on to Spark");
        assertTrue(repeats.isRepeat(valid("old", NOW)));
    }

    @Test
    void aWindowShorterThanTheClockSkewLeavesEverythingToSpark() {
        InBatchRepeats repeats = new InBatchRepeats(NOW, 3_600_000L, 100);
        assertFalse(repeats.isRepeat(valid("a", NOW)));
        assertFalse(repeats.isRepeat(valid("a", NOW)));
    }

    @Test
    void whenFullTheMemoryStartsAgain() {
        InBatchRepeats repeats = new InBatchRepeats(NOW, WINDOW, 3);
        for (String id : List.of("a", "b", "c")) {
            assertFalse(repeats.isRepeat(valid(id, NOW)));
        }
        assertFalse(repeats.isRepeat(valid("d", NOW)), "memory cleared to make room");
        assertFalse(repeats.isRepeat(valid("a", NOW)), "forgotten: Spark's state still drops it");
        assertTrue(repeats.isRepeat(valid("d", NOW)));
    }
}
