package org.sportsdb.stack.warehouse;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.clickhouse.client.api.ServerException;

/**
 * What a ClickHouse error code says about a failed INSERT ({@code SQLException.getErrorCode()}: the driver
 * raises the server's {@code X-ClickHouse-Exception-Code}). A code of {@code warehouse.errors.data-codes}
 * means the rows themselves are at fault (6 CANNOT_PARSE_TEXT, 53 TYPE_MISMATCH, ...): the batch is split to
 * find them and only they are refused. Every other code, known ({@code 252 TOO_MANY_PARTS},
 * {@code 241 MEMORY_LIMIT_EXCEEDED}, timeouts, ...) or not, and a failure without a server answer (code 0:
 * connection refused, broken) is transient: the batch is kept and retried, nothing is refused or committed.
 * Unknown codes count as transient on purpose: retrying a batch too long is visible (metrics, readiness)
 * and loses nothing; refusing rows because of a server hiccup loses them.
 */
public final class WarehouseErrorCodes {

    /** The codes about the data (docs/warehouse-engine.md), the default of {@code warehouse.errors.data-codes}. */
    public static final String DEFAULT_DATA_CODES = "6,26,27,38,41,53,70,72,117";

    /** Names of the codes this class is about, for logs (the server's message has the rest). */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(6, "CANNOT_PARSE_TEXT"), Map.entry(26, "CANNOT_PARSE_QUOTED_STRING"),
            Map.entry(27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED"), Map.entry(38, "CANNOT_PARSE_DATE"),
            Map.entry(41, "CANNOT_PARSE_DATETIME"), Map.entry(53, "TYPE_MISMATCH"), Map.entry(70, "CANNOT_CONVERT_TYPE"),
            Map.entry(72, "CANNOT_PARSE_NUMBER"), Map.entry(117, "INCORRECT_DATA"), Map.entry(159, "TIMEOUT_EXCEEDED"), Map.entry(202, "TOO_MANY_SIMULTANEOUS_QUERIES"),
            Map.entry(203, "NO_FREE_CONNECTION"), Map.entry(209, "SOCKET_TIMEOUT"), Map.entry(210, "NETWORK_ERROR"),
            Map.entry(241, "MEMORY_LIMIT_EXCEEDED"), Map.entry(242, "TABLE_IS_READ_ONLY"), Map.entry(252, "TOO_MANY_PARTS"),
            Map.entry(319, "UNKNOWN_STATUS_OF_INSERT"), Map.entry(425, "SYSTEM_ERROR"), Map.entry(999, "KEEPER_EXCEPTION"));

    /** The codes known to be passing states of the server (the reference's transient list). */
    private static final Set<Integer> KNOWN_TRANSIENT = Set.of(159, 202, 203, 209, 210, 241, 242, 252, 319, 425, 999);

    private final Set<Integer> dataCodes;

    public WarehouseErrorCodes(Set<Integer> dataCodes) {
        this.dataCodes = Set.copyOf(dataCodes);
    }

    /** "6, 27,53" → the codes; throws on anything that is not a list of numbers. */
    public static WarehouseErrorCodes parse(String dataCodes) {
        try {
            return new WarehouseErrorCodes(Arrays.stream(dataCodes.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).collect(Collectors.toSet()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("warehouse.errors.data-codes must be ClickHouse error codes separated by ',', was '"
                    + dataCodes + "'");
        }
    }

    /** True when the server said the rows are at fault; false for anything transient (or unknown). */
    public boolean isAboutTheData(SQLException error) {
        return isAboutTheData(codeOf(error));
    }

    /** True when the code is one of the codes about the data. */
    public boolean isAboutTheData(int code) {
        return dataCodes.contains(code);
    }

    /**
     * True when the server did not answer (code 0) or answered with a code known to pass (TOO_MANY_PARTS, ...).
     * Narrower than "not about the data": what the start-up migration retries, where an unknown code (a syntax
     * error in the ledger's DDL) must stop rather than be retried for ever.
     */
    public static boolean isUnreachableOrKnownTransient(SQLException error) {
        int code = codeOf(error);
        return code == 0 || KNOWN_TRANSIENT.contains(code);
    }

    /** The server's error code: the first non-zero {@code getErrorCode()} (JDBC) or {@code getCode()} (client-v2) in the cause chain; 0 when the server did not answer. */
    public static int codeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() != 0) {
                return sql.getErrorCode();
            }
            if (t instanceof ServerException server && server.getCode() > 0) {
                return server.getCode();
            }
        }
        return 0;
    }

    /** "252 TOO_MANY_PARTS", "0 (no answer)", or the bare code. */
    public static String describe(int code) {
        if (code == 0) {
            return "0 (no answer from the server)";
        }
        String name = NAMES.get(code);
        return name == null ? Integer.toString(code) : code + " " + name;
    }
}
