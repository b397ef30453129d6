package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSONEachRow lines of one INSERT, end to end in blocks of bytes (no object per line): {@link RawRowMapper} appends
 * a line, the writer sends any run of them [from, to) as the request body, again for each half of a bisection.
 * The blocks come from a {@link Blocks} pool and go back to it by {@link #release()} once the batch is committed: a
 * backlog of tens of millions of lines allocates its buffers once, not per batch (a batch's lines are tens of MB,
 * which the collector would otherwise reclaim, and mark for, batch after batch).
 */
final class RawLines {

    /** Bytes of a block: just under 1 MiB, so a block fills one G1 region of the smallest size and no more. */
    static final int BLOCK = (1 << 20) - 64;

    /**
     * Free blocks, shared by the writer's batches. It keeps as many as were in use at the recent peak (two batches'
     * lines during a backlog), so a backlog reuses the same blocks batch after batch; once the batches are small again
     * (a live trickle) the peak decays and the spare blocks are left to the collector.
     */
    static final class Blocks {
        private final ArrayDeque<byte[]> free = new ArrayDeque<>();
        private int inUse;
        private double peak;

        synchronized byte[] take() {
            inUse++;
            peak = Math.max(peak, inUse);
            byte[] block = free.poll();
            return block != null ? block : new byte[BLOCK];
        }

        synchronized void give(List<byte[]> blocks) {
            inUse = Math.max(0, inUse - blocks.size());
            int keep = (int) Math.ceil(peak) - inUse;
            for (byte[] block : blocks) {
                if (free.size() >= keep) {
                    break;
                }
                free.push(block);
            }
            peak = Math.max(inUse, peak * 0.95);
        }

        synchronized int free() {
            return free.size();
        }
    }

    private final Blocks pool;
    private final List<byte[]> blocks = new ArrayList<>();
    /** The block being filled and the position in it. */
    private byte[] current;
    private int at;
    /** Bytes in the full blocks before {@link #current}. */
    private long before;
    /** ends[i]: the offset just past line i. */
    private long[] ends;
    private int lines;
    /** Where the line being appended starts (undone by {@link #dropPartialLine()}). */
    private long lineStart;

    RawLines(Blocks pool, int expectedLines) {
        this.pool = pool;
        this.ends = new long[Math.max(16, expectedLines)];
    }

    int lines() {
        return lines;
    }

    private long size() {
        return before + at;
    }

    private long start(int line) {
        return line == 0 ? 0 : ends[line - 1];
    }

    /** Writes lines [from, to) to the body, a block's part at a time. */
    void writeTo(OutputStream out, int from, int to) throws IOException {
        long position = start(from);
        long end = ends[to - 1];
        while (position < end) {
            int block = (int) (position / BLOCK);
            int offset = (int) (position % BLOCK);
            int n = (int) Math.min(BLOCK - offset, end - position);
            out.write(blocks.get(block), offset, n);
            position += n;
        }
    }

    void append(byte b) {
        if (current == null || at == BLOCK) {
            next();
        }
        current[at++] = b;
    }

    void append(byte[] b, int off, int len) {
        while (len > 0) {
            if (current == null || at == BLOCK) {
                next();
            }
            int n = Math.min(len, BLOCK - at);
            System.arraycopy(b, off, current, at, n);
            at += n;
            off += n;
            len -= n;
        }
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    private final byte[] digits = new byte[20];

    /** A long's digits, in ASCII. */
    void append(long n) {
        if (n == Long.MIN_VALUE) {
            append(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (n < 0) {
            append((byte) '-');
            n = -n;
        }
        int i = digits.length;
        do {
            digits[--i] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        append(digits, i, digits.length - i);
    }

    private void next() {
        if (current != null) {
            before += BLOCK;
        }
        current = pool.take();
        blocks.add(current);
        at = 0;
    }

    /** The line appended since the last {@link #endLine()} is complete. */
    void endLine() {
        if (lines == ends.length) {
            ends = Arrays.copyOf(ends, lines * 2);
        }
        long size = size();
        ends[lines++] = size;
        lineStart = size;
    }

    /** Forgets what was appended since the last {@link #endLine()} (a record that cannot be a row). */
    void dropPartialLine() {
        int block = (int) (lineStart / BLOCK);
        if (lineStart % BLOCK == 0 && block > 0 && block == blocks.size()) {
            block--;  // the line started exactly at the end of a full block
        }
        List<byte[]> unused = new ArrayList<>();
        while (blocks.size() > block + 1) {
            unused.add(blocks.remove(blocks.size() - 1));
        }
        if (!unused.isEmpty()) {
            pool.give(unused);
        }
        if (blocks.isEmpty()) {
            current = null;
            at = 0;
            before = 0;
            return;
        }
        current = blocks.get(block);
        before = (long) block * BLOCK;
        at = (int) (lineStart - before);
    }

    /** Line i, as text (tests and messages). */
    String line(int i) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            writeTo(out, i, i + 1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The blocks go back to the pool: nothing may read these lines afterwards. */
    void release() {
        pool.give(blocks);
        blocks.clear();
        current = null;
    }
}
