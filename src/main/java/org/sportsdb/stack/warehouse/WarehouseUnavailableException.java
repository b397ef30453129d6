package org.sportsdb.stack.warehouse;

/**
 * The warehouse cannot take the batch now: it could not be reached, or it answered with a transient error
 * (any code not about the data, see {@link WarehouseErrorCodes}). The batch is kept and retried, never refused.
 */
public final class WarehouseUnavailableException extends RuntimeException {

    private final int serverCode;

    public WarehouseUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.serverCode = WarehouseErrorCodes.codeOf(cause);
    }

    /** The ClickHouse error code, 0 when the server did not answer. */
    public int serverCode() {
        return serverCode;
    }

    /** The first WarehouseUnavailableException in a cause chain (Camel wraps what a bean throws), or null. */
    public static WarehouseUnavailableException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WarehouseUnavailableException w) {
                return w;
            }
        }
        return null;
    }
}
