package org.sportsdb.stack.dev;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a command's {@code run(args, settings, out, err)} printed in its last run in a test (WarehouseCli, ReconcileCli). */
public final class CommandOutput {

    /** A command given where to print; returns its exit status. */
    @FunctionalInterface
    public interface Command {
        int run(PrintStream out, PrintStream err);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the command with fresh output; its exit status. */
    public int run(Command command) {
        out.reset();
        err.reset();
        return command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
