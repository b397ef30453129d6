package org.sportsdb.stack;

/** An error as one line for logs, reports and alert mails: its message, plus its root cause's when that says something more (e.g. "Connection refused"). */
public final class ErrorText {

    private ErrorText() {
    }

    public static String of(Throwable error) {
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
