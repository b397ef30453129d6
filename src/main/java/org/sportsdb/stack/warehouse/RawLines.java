package org.sportsdb.stack.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The JSONEachRow lines of one INSERT, end to end in one byte array (no object per line): {@link RawRowMapper} appends
 * a line, the writer sends any run of them [from, to) as the request body, again for each half of a bisection.
 */
final class RawLines {

    /** Bytes written to the request body at a time (each an HTTP chunk of its own). */
    private static final int WRITE_SLICE = 1 << 20;

    private byte[] bytes;
    private int size;
    /** ends[i]: the offset just past line i. */
    private int[] ends;
    private int lines;
    /** Where the line being appended starts (undone by {@link #dropPartialLine()}). */
    private int lineStart;

    RawLines(int expectedLines, int expectedBytes) {
        bytes = new byte[Math.max(1024, expectedBytes)];
        ends = new int[Math.max(16, expectedLines)];
    }

    int lines() {
        return lines;
    }

    /** Bytes of lines [from, to). */
    long bytes(int from, int to) {
        return (long) end(to - 1) - start(from);
    }

    private int start(int line) {
        return line == 0 ? 0 : ends[line - 1];
    }

    private int end(int line) {
        return line < 0 ? 0 : ends[line];
    }

    /** Writes lines [from, to) to the body. */
    void writeTo(OutputStream out, int from, int to) throws IOException {
        int at = start(from);
        int end = end(to - 1);
        while (at < end) {
            int n = Math.min(WRITE_SLICE, end - at);
            out.write(bytes, at, n);
            at += n;
        }
    }

    void append(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void append(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    /** Digits of a non-negative or negative long, in ASCII. */
    void append(long n) {
        if (n == Long.MIN_VALUE) {
            append(Long.toString(n).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (n < 0) {
            bytes[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long rest = n / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
    }

    /** The line appended since the last {@link #endLine()} is complete. */
    void endLine() {
        if (lines == ends.length) {
            ends = Arrays.copyOf(ends, lines * 2);
        }
        ends[lines++] = size;
        lineStart = size;
    }

    /** Forgets what was appended since the last {@link #endLine()} (a record that cannot be a row). */
    void dropPartialLine() {
        size = lineStart;
    }

    /** Line i, as text (tests and messages). */
    String line(int i) {
        return new String(bytes, start(i), end(i) - start(i), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
