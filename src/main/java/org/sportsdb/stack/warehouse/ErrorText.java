package org.sportsdb.stack.warehouse;

/** An error as one line for reports: its message, plus its root cause's when that says something more (e.g. "Connection refused"). */
final class ErrorText {

    private ErrorText() {
    }

    static String of(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        String rootMessage = root.getMessage() == null ? root.toString() : root.getMessage();
        return root == error || message.contains(rootMessage) ? message : message + " (" + rootMessage + ")";
    }
}
