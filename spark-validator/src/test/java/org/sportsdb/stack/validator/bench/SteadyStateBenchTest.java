package org.sportsdb.stack.validator.bench;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.stream.DedupStore;
import org.sportsdb.stack.validator.stream.SharedSpark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Smoke run of the steady-state benchmark at small size: with the filled state the keys of the fill are in the state,
 * every counted batch read about one chunk, and the p95 ratio per store is printed last.
 */
class SteadyStateBenchTest {

    @Test
    void smallRunCountsItsBatchesAndKeepsTheFilledKeys() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<SteadyStateBench.Run> runs = SteadyStateBench.run(SharedSpark.get(), 500, 2, 50, "1 second",
                List.of(DedupStore.ROCKSDB), Path.of("target/steady-smoke"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(2, runs.size(), out);
        SteadyStateBench.Run empty = runs.get(0);
        SteadyStateBench.Run filled = runs.get(1);
        assertEquals(0, empty.keysBefore());
        assertEquals(500, filled.keysBefore());
        assertTrue(filled.stateKeys() >= 500, "the fill's keys are in the state: " + out);
        assertTrue(empty.stateKeys() < 500, "the empty run holds only the steady batches' keys: " + out);
        for (SteadyStateBench.Run r : runs) {
            assertTrue(r.batches() >= 1 && r.recordsPerBatch() > 0 && r.p95Ms() >= r.p50Ms(), out);
        }
        String[] lines = out.strip().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("rocksdb: batch p95 with 500 keys / with an empty state = "), out);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(50, SteadyStateBench.percentile(sorted, 50));
        assertEquals(100, SteadyStateBench.percentile(sorted, 95));
        assertEquals(0, SteadyStateBench.percentile(new long[0], 95));
    }
}
