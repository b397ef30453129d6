package org.sportsdb.stack.validator.stream;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.sportsdb.stack.validator.audit.BatchCounts;

import java.io.Serializable;

/**
 * The audit counts of the de-duplication (both state operators): each row that leaves it counted at its outcome
 * ({@link BatchCounts#VALIDATED}, REJECTED or DROPPED) under its source topic, in the counts of the running task.
 * Counts nothing when built without {@link BatchCounts} or outside a streaming task.
 */
final class DedupCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BatchCounts counts;
    /** The counts of the task last seen (the operator's instance may serve several tasks), looked up once per task. */
    private transient BatchCounts.TaskCounts task;
    private transient long taskAttempt = -1;

    DedupCounts(BatchCounts counts) {
        this.counts = counts;
    }

    void count(Row r, int outcome) {
        if (counts == null) {
            return;
        }
        TaskContext tc = TaskContext.get();
        long attempt = tc == null ? -2 : tc.taskAttemptId();
        if (attempt != taskAttempt) {
            task = counts.forCurrentTask();
            taskAttempt = attempt;
        }
        if (task != null) {
            task.of(r.getString(RoutedRows.SOURCE_TOPIC_POS))[outcome]++;
        }
    }
}
