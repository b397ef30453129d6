package org.sportsdb.stack.triage;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * A triage run that failed. What it committed before the failure stays committed (files published, offsets
 * committed), and {@link #committed()} counts it; the message names it, and the topics that failed with their
 * errors. The first failure is the cause.
 */
public final class TriageRunFailedException extends RuntimeException {

    private final transient TriageResult committed;
    private final Map<String, String> failedTopics;

    /**
     * @param committed    what the run committed before it stopped
     * @param failedTopics topic -> error, for failures of one topic (empty when the run as a whole failed)
     * @param cause        the first failure
     */
    public TriageRunFailedException(TriageResult committed, Map<String, String> failedTopics, Throwable cause) {
        super(message(committed, failedTopics, cause), cause);
        this.committed = committed;
        this.failedTopics = Map.copyOf(failedTopics);
    }

    /** What the run committed before it failed: per topic records, files, offsets lost to retention. */
    public TriageResult committed() {
        return committed;
    }

    /** The topics whose drain failed, each with its error; empty when the run failed as a whole. */
    public Map<String, String> failedTopics() {
        return failedTopics;
    }

    private static String message(TriageResult committed, Map<String, String> failedTopics, Throwable cause) {
        String what = failedTopics.isEmpty()
                ? "failed: " + text(cause)
                : "failed for " + failedTopics.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                        .collect(Collectors.joining(", "));
        long records = committed.totalRecords();
        int files = committed.files().size();
        String perTopic = committed.topics().entrySet().stream()
                .filter(e -> e.getValue().records() > 0 || e.getValue().lostToRetention() > 0)
                .map(e -> e.getKey() + "=" + e.getValue().records())
                .collect(Collectors.joining(", ", " {", "}"));
        return "triage run " + committed.runId() + " " + what + "; committed before the failure: "
                + records + " record" + (records == 1 ? "" : "s") + " in " + files + " file" + (files == 1 ? "" : "s")
                + (records > 0 || committed.lostToRetention() > 0 ? perTopic : "")
                + ", lost to retention " + committed.lostToRetention()
                + "; the next run reads the rest from the last committed offsets";
    }

    static String text(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
