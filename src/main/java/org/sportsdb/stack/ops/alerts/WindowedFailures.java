package org.sportsdb.stack.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The failures of one kind and source gathered for one mail: how many since the source's last mail of that
 * kind, when, per detail (endpoint, check, table), the last error, and how many of them were in mails that did
 * not go out ({@code unsent}: the SMTP server did not take them, or the mailer's queue was full).
 */
public record WindowedFailures(AlertKind kind, String source, int failures, Instant first, Instant last,
                               Map<String, Integer> failuresByDetail, String lastDetail, String lastError, int unsent) {

    public AlertMail toMail(String subjectPrefix, Duration window) {
        String details = failuresByDetail.entrySet().stream()
                .map(e -> "  " + e.getKey() + "  x" + e.getValue())
                .collect(Collectors.joining("\n"));
        String body = line(kind.sourceLabel(), source)
                + line(kind.detailLabel(), lastDetail)
                + line("Error", lastError)
                + line("Count", failures + " " + kind.unit() + AlertKind.plural(failures) + " since the last mail for this "
                        + kind.sourceLabel().toLowerCase(java.util.Locale.ROOT))
                + (unsent == 0 ? "" : line("Unsent", unsent + " of them in mails that did not go out (the SMTP server down,"
                        + " refusing or not answering, or too many mails waiting for it)"))
                + line("First", String.valueOf(first))
                + line("Last", String.valueOf(last))
                + "\nBy " + kind.detailLabel().toLowerCase(java.util.Locale.ROOT) + ":\n" + details + "\n"
                + "\n" + kind.explanation() + "\n"
                + "At most one mail per " + kind.sourceLabel().toLowerCase(java.util.Locale.ROOT) + " and kind every "
                + describe(window) + " (alerts.window-minutes); later ones are counted into the next mail.\n";
        return new AlertMail(subjectPrefix + " " + kind.subject(this), body);
    }

    /** "Feed:      live-score": the label and its colon padded to 11 characters. */
    private static String line(String label, String value) {
        return String.format("%-11s%s%n", label + ":", value).replace("\r\n", "\n");
    }

    private static String describe(Duration window) {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + " min" : seconds + " s";
    }
}
