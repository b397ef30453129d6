package org.sportsdb.stack.triage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * The metadata of every offset commit of the triage: {@code triage <run id>; lost-to-retention=<N>}, N the partition's
 * running total of offsets Kafka retention deleted before the triage read them. Each commit carries the total of the
 * commit before it plus what it moves past, so the group's last commit always holds it: {@code ./stack reconcile} reads
 * it there (the ledger's "rejected records lost to retention before the triage read them").
 */
public final class CommitMetadata {

    /** What precedes the count in the metadata. */
    public static final String LOST_TO_RETENTION = "lost-to-retention=";

    private static final Pattern LOST = Pattern.compile(Pattern.quote(LOST_TO_RETENTION) + "(\\d+)");

    private CommitMetadata() {
    }

    /** The metadata of a commit of run {@code runId} whose partition's total lost to retention is {@code lost}. */
    public static String of(String runId, long lost) {
        return "triage " + runId + "; " + LOST_TO_RETENTION + lost;
    }

    /** Whether {@code committed} is a commit of run {@code runId}. */
    public static boolean isOf(String runId, OffsetAndMetadata committed) {
        return committed != null && committed.metadata() != null && committed.metadata().startsWith("triage " + runId + ";");
    }

    /**
     * The partition's total lost to retention as {@code committed} carries it: 0 when there is no commit, or its
     * metadata has no count (a commit of an earlier version, another client's) or one that cannot be read.
     */
    public static long lostToRetention(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null) {
            return 0;
        }
        Matcher m = LOST.matcher(committed.metadata());
        if (!m.find()) {
            return 0;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
