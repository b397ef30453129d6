package org.sportsdb.stack.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Lines across block boundaries: any run of them written back byte for byte, a dropped partial line leaves no trace. */
class RawLinesTest {

    @Test
    void anyRunOfLinesIsWrittenExactlyAcrossBlocksAndADroppedLineLeavesNothing() throws Exception {
        Random random = new Random(7);
        RawLines.Blocks pool = new RawLines.Blocks();
        for (int round = 0; round < 3; round++) {  // the second and third rounds reuse the first's blocks
            RawLines lines = new RawLines(pool, 4);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // sizes around a block: lines that end exactly on a boundary, span one, or are tiny
                int size = switch (i % 4) {
                    case 0 -> RawLines.BLOCK;
                    case 1 -> 1 + random.nextInt(300_000);
                    case 2 -> RawLines.BLOCK - 1 - random.nextInt(3);
                    default -> 1;
                };
                String text = Character.toString('a' + i % 26).repeat(size - 1) + "\n";
                if (i % 7 == 3) {
                    lines.append(("partial " + "z".repeat(random.nextInt(2 * RawLines.BLOCK))).getBytes(StandardCharsets.UTF_8));
                    lines.append(-12345L);
                    lines.dropPartialLine();
                }
                lines.append(text.getBytes(StandardCharsets.UTF_8), 0, text.length() - 1);
                lines.append((byte) '\n');
                lines.endLine();
                expected.add(text);
            }
            assertEquals(expected.size(), lines.lines());
            for (int[] run : new int[][] {{0, 60}, {0, 1}, {59, 60}, {13, 47}, {30, 31}, {1, 2}}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                lines.writeTo(out, run[0], run[1]);
                assertEquals(String.join("", expected.subList(run[0], run[1])), out.toString(StandardCharsets.UTF_8),
                        "lines " + run[0] + ".." + run[1] + " of round " + round);
            }
            lines.release();
        }
        assertEquals(true, pool.free() > 0, "the blocks are kept for the next batch");
        int kept = pool.free();
        for (int small = 0; small < 200; small++) {  // a live trickle afterwards: one small line per batch
            RawLines lines = new RawLines(pool, 1);
            lines.append((byte) '\n');
            lines.endLine();
            lines.release();
        }
        assertEquals(true, pool.free() < kept, "the spare blocks of the backlog are let go: " + pool.free() + " of " + kept);
    }

    @Test
    void numbersAreWrittenAsTheirDigits() throws Exception {
        RawLines lines = new RawLines(new RawLines.Blocks(), 1);
        for (long n : new long[] {0, 7, -7, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            lines.append(n);
            lines.append((byte) ' ');
        }
        lines.endLine();
        assertEquals("0 7 -7 1234567890123 " + Long.MAX_VALUE + " " + Long.MIN_VALUE + " ", lines.line(0));
    }
}
