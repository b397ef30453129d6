package org.sportsdb.stack.warehouse;

/**
 * The server does not know the raw table or a column the rows name (UNKNOWN_TABLE, NO_SUCH_COLUMN_IN_TABLE, ...), still
 * after the table's columns were read again: no retry of this table can succeed until a migration changes it. The
 * ingestion stops only this table (its records held, not committed), names it and alerts; the other tables go on.
 */
public final class WarehouseTableException extends RuntimeException {

    private final String table;
    private final int serverCode;

    public WarehouseTableException(String table, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
        this.serverCode = WarehouseErrorCodes.codeOf(cause);
    }

    public String table() {
        return table;
    }

    /** The ClickHouse error code. */
    public int serverCode() {
        return serverCode;
    }
}
