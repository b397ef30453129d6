package org.sportsdb.stack.warehouse;

import java.sql.Types;

/** A column of a raw table as the JDBC driver describes it. */
public record RawColumn(String name, int jdbcType, boolean nullable) {

    public boolean isText() {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB -> true;
            default -> false;
        };
    }
}
