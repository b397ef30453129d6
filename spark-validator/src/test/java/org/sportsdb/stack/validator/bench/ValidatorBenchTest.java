package org.sportsdb.stack.validator.bench;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.validator.stream.SharedSpark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Smoke run of the benchmark at small N: it loads, runs both jobs, checks the routing counts and prints the ratio last. */
class ValidatorBenchTest {

    @Test
    void smallRunRoutesExactlyWhatTheGeneratorMadeAndPrintsTheRatioLast() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ValidatorBench.Result r = ValidatorBench.run(SharedSpark.get(), 3000, 1, null, Path.of("target/bench-smoke"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        System.out.println(String.join("\n", lines));
        assertTrue(r.countsMatch(), String.join("\n", lines));
        assertTrue(r.expectedRejected() > 150 && r.expectedValidated() > 900, "about 10 % defects, 40 % new payloads");
        assertTrue(lines[lines.length - 1].matches("validator/copy throughput ratio: \\d+\\.\\d\\d"), lines[lines.length - 1]);
    }
}
