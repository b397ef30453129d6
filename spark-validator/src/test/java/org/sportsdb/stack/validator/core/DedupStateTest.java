package org.sportsdb.stack.validator.core;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.batch.LastStateDeduplicator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The de-duplication rule (last validated state per key, TTL = window) and the file command's use of it. */
class DedupStateTest {
    private static final long WINDOW = 48 * 3_600_000L;
    private static final long NOW = 1_795_000_000_000L;

    @Test
    void onlyTheLastValidatedHashOfTheKeyWithinTheWindowIsUnchanged() {
        DedupState s = new DedupState("h1", NOW);
        assertTrue(s.isUnchanged("h1", NOW + 1000, WINDOW));
        assertFalse(s.isUnchanged("h2", NOW + 1000, WINDOW));
        assertFalse(s.isUnchanged("h1", NOW + WINDOW, WINDOW), "expired: validated again, once per window");
        assertEquals(WINDOW - 1000, s.remainingMillis(NOW + 1000, WINDOW));
    }

    @Test
    void theFileCommandKeepsAtoBtoAThreeTimesAndAtoAtoAOnce() {
        AtomicLong clock = new AtomicLong(NOW);
        LastStateDeduplicator dedup = new LastStateDeduplicator(new DedupWindow(java.time.Duration.ofMillis(WINDOW)), clock::get);
        List<Boolean> aba = new ArrayList<>();
        for (String h : List.of("A", "B", "A")) {
            aba.add(dedup.keep(valid("1", h)));
        }
        assertEquals(List.of(true, true, true), aba);
        List<Boolean> aaa = new ArrayList<>();
        for (String h : List.of("A", "A", "A")) {
            aaa.add(dedup.keep(valid("2", h)));
        }
        assertEquals(List.of(true, false, false), aaa);
        clock.addAndGet(WINDOW);
        assertTrue(dedup.keep(valid("2", "A")), "after the TTL the unchanged state is validated again");
        assertFalse(dedup.keep(valid("2", "A")));
    }

    private static RoutedRecord valid(String key, String hash) {
        String topic = "validated.soccer.live_score";
        return new RoutedRecord(topic, key, new byte[0], RoutedRecord.stateKey(topic, key), hash,
                new SourcePosition("soccer.live_score", null, 1, null), NOW, List.of());
    }
}
