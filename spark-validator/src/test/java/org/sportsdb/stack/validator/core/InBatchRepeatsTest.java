package org.sportsdb.stack.validator.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class InBatchRepeatsTest {
    private static final SourcePosition POS = new SourcePosition("soccer.live_score", 0, 7, 1L);

    private static RoutedRecord valid(String key, String hash) {
        String topic = "validated.soccer.live_score";
        return new RoutedRecord(topic, key, new byte[0], RoutedRecord.stateKey(topic, key), hash, POS, 1L, List.of());
    }

    private static RoutedRecord rejected() {
        return new RoutedRecord("rejected.soccer.live_score", "1", new byte[0], null, null, POS, 1L, List.of("json:malformed"));
    }

    @Test
    void aRecordEqualToThePreviousOfItsKeyIsARepeat() {
        InBatchRepeats repeats = new InBatchRepeats(100);
        assertFalse(repeats.isRepeat(valid("a", "h1")));
        assertTrue(repeats.isRepeat(valid("a", "h1")), "unchanged re-poll");
        assertTrue(repeats.isRepeat(valid("a", "h1")), "A→A→A: only the first passes");
        assertFalse(repeats.isRepeat(valid("b", "h1")), "another key");
    }

    @Test
    void aChangeBackToAnEarlierStateIsNotARepeat() {
        InBatchRepeats repeats = new InBatchRepeats(100);
        assertFalse(repeats.isRepeat(valid("a", "h1")));
        assertFalse(repeats.isRepeat(valid("a", "h2")), "changed");
        assertFalse(repeats.isRepeat(valid("a", "h1")), "A→B→A: the last A differs from the record before it");
        assertTrue(repeats.isRepeat(valid("a", "h1")));
    }

    @Test
    void rejectedRecordsAreNeverRepeats() {
        InBatchRepeats repeats = new InBatchRepeats(100);
        assertFalse(repeats.isRepeat(rejected()));
        assertFalse(repeats.isRepeat(rejected()));
    }

    @Test
    void whenFullTheMemoryStartsAgain() {
        InBatchRepeats repeats = new InBatchRepeats(3);
        for (String key : List.of("a", "b", "c")) {
            assertFalse(repeats.isRepeat(valid(key, "h")));
        }
        assertTrue(repeats.isRepeat(valid("c", "h")), "a known key does not clear the memory");
        assertFalse(repeats.isRepeat(valid("d", "h")), "memory cleared to make room");
        assertFalse(repeats.isRepeat(valid("a", "h")), "forgotten: the state still drops it");
        assertTrue(repeats.isRepeat(valid("d", "h")));
    }
}
