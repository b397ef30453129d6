package org.sportsdb.stack.validator.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * The Spark stages a benchmark query ran, for the printout: per stage its tasks, wall time (submission to completion),
 * and the summed run time and CPU time of its tasks. Wall × 2 cores against the tasks' CPU shows the time a stage's
 * cores waited (on Kafka, on the shuffle, on the last task).
 */
final class StageTimes extends SparkListener {

    private record Stage(int id, String name, int tasks, long wallMs, long runMs, long cpuMs) {
    }

    private final List<Stage> stages = new ArrayList<>();

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        long wall = info.completionTime().isDefined() && info.submissionTime().isDefined()
                ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : -1;
        stages.add(new Stage(info.stageId(), info.name(), info.numTasks(), wall, info.taskMetrics().executorRunTime(),
                info.taskMetrics().executorCpuTime() / 1_000_000));
    }

    synchronized void clear() {
        stages.clear();
    }

    /** One line per stage completed since the last {@link #clear()}. */
    synchronized void print(String query, PrintStream out) {
        for (Stage s : stages) {
            out.printf("  %s stage %d (%d tasks): wall %.1f s, tasks ran %.1f s, CPU %.1f s  [%s]%n", query, s.id, s.tasks,
                    s.wallMs / 1e3, s.runMs / 1e3, s.cpuMs / 1e3, s.name.length() > 60 ? s.name.substring(0, 60) : s.name);
        }
    }
}
