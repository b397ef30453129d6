package org.sportsdb.stack.validator.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The de-duplication window: "48h", "30m", "2d", "90s" or "48 hours" / "30 minutes" / "2 days" / "90 seconds". */
public record DedupWindow(Duration duration) {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)");

    public static DedupWindow parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("VALIDATOR_DEDUP_WINDOW: cannot read '" + text
                    + "' (use e.g. 48h, 30m, 2d, '48 hours')");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2).charAt(0)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return new DedupWindow(d);
    }

    /** The window as a Spark interval string for withWatermark. */
    public String sparkInterval() {
        return duration.toSeconds() + " seconds";
    }

    public long millis() {
        return duration.toMillis();
    }
}
