package org.sportsdb.stack.warehouse;

import java.time.Instant;

/** A row of the ledger: a migration that was applied, with the checksum its file had then. */
public record AppliedMigration(int version, String name, String checksum, Instant appliedAt) {
}
