package org.sportsdb.stack.api;

/** An answer worth retrying: 429 Too Many Requests or a 5xx server error. */
public final class RetryableApiException extends Exception {
    private final int status;

    public RetryableApiException(String path, int status, String detail) {
        super("HTTP " + status + " from " + path + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
