package org.sportsdb.stack.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Migration files compared with the ledger: which are applied, which pending, and which changed
 * since they were applied (file edited or deleted). Any change refuses the whole run.
 */
public final class MigrationPlan {

    private final List<Migration> files;
    private final Map<Integer, AppliedMigration> applied;
    private final List<Migration> pending = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();

    public MigrationPlan(List<Migration> files, Map<Integer, AppliedMigration> applied) {
        this.files = files;
        this.applied = applied;
        for (Migration file : files) {
            AppliedMigration row = applied.get(file.version());
            if (row == null) {
                pending.add(file);
            } else if (!file.appliedAs(row.checksum())) {
                changes.add("migration " + file.fileName() + " changed since it was applied (ledger " + row.checksum()
                        + ", file " + file.checksum() + ")");
            }
        }
        for (AppliedMigration row : applied.values()) {
            if (files.stream().noneMatch(f -> f.version() == row.version())) {
                changes.add("migration V" + String.format("%03d", row.version()) + "__" + row.name()
                        + ".sql was applied but its file is missing (ledger " + row.checksum() + ")");
            }
        }
    }

    public List<Migration> pending() {
        return pending;
    }

    public int appliedCount() {
        return applied.size();
    }

    public List<String> changes() {
        return changes;
    }

    /** Throws, applying nothing, when an applied migration's file changed or disappeared. */
    public MigrationPlan requireUnchanged() {
        if (!changes.isEmpty()) {
            throw new WarehouseMigrationException(String.join("; ", changes) + ": refusing to migrate; restore the file, "
                    + "or write the change as a new migration");
        }
        return this;
    }

    /** One line per migration: {@code version name applied_at|PENDING|CHANGED}, missing files as MISSING. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Migration file : files) {
            AppliedMigration row = applied.get(file.version());
            String state = row == null ? "PENDING" : file.appliedAs(row.checksum()) ? String.valueOf(row.appliedAt()) : "CHANGED";
            out.append(String.format("%03d %-28s %s%n", file.version(), file.name(), state));
        }
        for (AppliedMigration row : applied.values()) {
            if (files.stream().noneMatch(f -> f.version() == row.version())) {
                out.append(String.format("%03d %-28s %s%n", row.version(), row.name(), "MISSING"));
            }
        }
        out.append(String.format("%d applied, %d pending, %d changed%n", applied.size(), pending.size(), changes.size()));
        return out.toString();
    }
}
