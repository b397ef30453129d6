package org.sportsdb.stack.ops.console;

/** An error as one line for the operations logs: its message, and its root cause's when that is another one. */
public final class RootCause {

    private RootCause() {
    }

    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(error.getMessage());
        return root == error ? message : message + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
