package org.sportsdb.stack.warehouse;

/** A migration run refused to start (changed file, bad name) or stopped at a failing statement. */
public final class WarehouseMigrationException extends RuntimeException {

    public WarehouseMigrationException(String message) {
        super(message);
    }

    public WarehouseMigrationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The first WarehouseMigrationException in a cause chain (Camel wraps what a split throws), or null. */
    public static WarehouseMigrationException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof WarehouseMigrationException w) {
                return w;
            }
        }
        return null;
    }
}
