package org.sportsdb.stack.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The failures of one feed gathered for one mail: how many API calls were given up since the feed's
 * last mail, when, on which endpoints, and the last error.
 */
public record FeedFailureAlert(String feed, int failures, Instant first, Instant last,
                               Map<String, Integer> failuresByEndpoint, String lastEndpoint, String lastError) {

    public AlertMail toMail(String subjectPrefix, Duration window) {
        String subject = String.format("%s feed %s: %d API call%s given up after retries (last: %s)",
                subjectPrefix, feed, failures, failures == 1 ? "" : "s", lastEndpoint);
        String endpoints = failuresByEndpoint.entrySet().stream()
                .map(e -> "  " + e.getKey() + "  x" + e.getValue())
                .collect(Collectors.joining("\n"));
        String body = "Feed:      " + feed + "\n"
                + "Endpoint:  " + lastEndpoint + "\n"
                + "Error:     " + lastError + "\n"
                + "Count:     " + failures + " failure" + (failures == 1 ? "" : "s") + " since the last mail for this feed\n"
                + "First:     " + first + "\n"
                + "Last:      " + last + "\n"
                + "\nFailed endpoints:\n" + endpoints + "\n"
                + "\nEach failure is an API call given up after all its retries; the feed went on with its next call.\n"
                + "At most one mail per feed every " + describe(window) + " (alerts.window-minutes); later failures"
                + " are counted into the next mail.\n";
        return new AlertMail(subject, body);
    }

    private static String describe(Duration window) {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " s";
    }
}
