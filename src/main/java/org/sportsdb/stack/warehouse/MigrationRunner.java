package org.sportsdb.stack.warehouse;

import org.sportsdb.stack.ErrorText;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of {@code routes/warehouse.yaml} around the statements (which camel-jdbc runs):
 * plan the run (refusing changed migrations), turn a failing statement into a report naming the file,
 * the statement and the server's error, and write the ledger row after a migration's last statement.
 */
public final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    /** Exchange properties the route sets. */
    public static final String MIGRATION = "warehouseMigration";
    public static final String STARTED = "warehouseMigrationStarted";
    private static final int STATEMENT_EXCERPT = 300;

    private final MigrationFiles files;
    private final MigrationLedger ledger;
    private final WarehouseStats stats;
    private final Clock clock;
    private final Runnable afterApplied;

    public MigrationRunner(MigrationFiles files, MigrationLedger ledger, WarehouseStats stats, Clock clock) {
        this(files, ledger, stats, clock, () -> { });
    }

    /** {@code afterApplied} runs after each applied migration (the ingestion reads the tables' columns again). */
    public MigrationRunner(MigrationFiles files, MigrationLedger ledger, WarehouseStats stats, Clock clock, Runnable afterApplied) {
        this.files = files;
        this.ledger = ledger;
        this.stats = stats;
        this.clock = clock;
        this.afterApplied = afterApplied;
    }

    public MigrationPlan plan() {
        MigrationPlan plan = new MigrationPlan(files.list(), ledger.applied());
        stats.migrations(plan.appliedCount(), plan.pending().size());
        return plan;
    }

    /** The migrations to apply, in order; throws (applying nothing) when an applied one changed. */
    public List<Migration> pending() {
        MigrationPlan plan = plan().requireUnchanged();
        LOG.info("warehouse {}: {} applied, {} pending {}", ledger.table(), plan.appliedCount(), plan.pending().size(), plan.pending());
        return plan.pending();
    }

    /** Called by the route's doCatch around one statement: always throws the report. */
    public void statementFailed(Exchange exchange) {
        Migration migration = exchange.getProperty(MIGRATION, Migration.class);
        int index = exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class);
        int size = exchange.getProperty(Exchange.SPLIT_SIZE, migration.statements().size(), Integer.class);
        String statement = exchange.getIn().getBody(String.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String report = migration.fileName() + " statement " + (index + 1) + "/" + size + ": "
                + excerpt(statement) + " -> " + serverMessage(error);
        stats.migrationFailed();
        LOG.error("warehouse migration stopped: {}", report);
        throw new WarehouseMigrationException(report, error);
    }

    /** Writes the ledger row once every statement of the migration succeeded. */
    public void applied(@ExchangeProperty(MIGRATION) Migration migration, @ExchangeProperty(STARTED) Date started) {
        Instant now = clock.instant();
        long durationMs = started == null ? 0 : Math.max(0, now.toEpochMilli() - started.getTime());
        ledger.record(migration, now, durationMs);
        stats.migrationApplied();
        afterApplied.run();
        LOG.info("warehouse migration {} applied: {} statements in {} ms", migration.fileName(), migration.statements().size(), durationMs);
    }

    /** The status table: every migration applied (with its time), PENDING, CHANGED or MISSING. */
    public String status() {
        return plan().describe();
    }

    private static String excerpt(String statement) {
        String oneLine = statement == null ? "" : statement.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= STATEMENT_EXCERPT ? oneLine : oneLine.substring(0, STATEMENT_EXCERPT) + "...";
    }

    private static String serverMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
        }
        return ErrorText.of(error);
    }
}
