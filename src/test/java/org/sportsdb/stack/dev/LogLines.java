package org.sportsdb.stack.dev;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The application's log lines while a test runs: slf4j-simple writes to {@code System.err} as it is at
 * each call, so this tees it (the lines still reach the console) and hands back what was written.
 */
public final class LogLines implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogLines() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The lines written so far that contain every one of {@code parts}. */
    public List<String> containing(String... parts) {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(text.split("\\R"))
                .filter(line -> Arrays.stream(parts).allMatch(line::contains))
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
