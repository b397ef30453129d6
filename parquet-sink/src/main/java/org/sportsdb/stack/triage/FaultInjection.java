package org.sportsdb.stack.triage;

/**
 * Points in the publish protocol where a test can stop a run the way a crash would (by throwing).
 * Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface FaultInjection {

    enum Stage {
        /** Temporary files complete and fsynced; no journal entry yet. */
        FILES_WRITTEN,
        /** Journal entry durable; files not yet renamed. */
        JOURNALED,
        /** Files visible under their final names; offsets not yet committed. */
        PUBLISHED,
        /** Offsets committed; journal entry not yet removed. */
        COMMITTED
    }

    FaultInjection NONE = stage -> { };

    void reached(Stage stage);
}
