package org.sportsdb.stack.warehouse;

/** The warehouse could not be reached (no connection, or the connection broke): the batch is retried, not refused. */
public final class WarehouseUnavailableException extends RuntimeException {

    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
