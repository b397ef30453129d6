package org.sportsdb.stack.validator.batch;

import org.sportsdb.stack.validator.core.RoutedRecord;

import java.util.Map;
import java.util.TreeMap;

/** Counts of a validation run: input, validated, rejected (per reason), duplicates dropped. */
public final class ValidationCounts {
    private long input;
    private long validated;
    private long rejected;
    private long duplicates;
    private final Map<String, Long> reasons = new TreeMap<>();

    public void count(RoutedRecord r, boolean kept) {
        input++;
        if (!r.valid()) {
            rejected++;
            r.reasons().forEach(reason -> reasons.merge(reason, 1L, Long::sum));
        } else if (kept) {
            validated++;
        } else {
            duplicates++;
        }
    }

    public long input() {
        return input;
    }

    public long validated() {
        return validated;
    }

    public long rejected() {
        return rejected;
    }

    public long duplicates() {
        return duplicates;
    }

    public Map<String, Long> reasons() {
        return reasons;
    }

    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("input=").append(input).append(" validated=").append(validated).append(" rejected=").append(rejected)
                .append(" duplicates_dropped=").append(duplicates).append('\n');
        reasons.forEach((reason, n) -> sb.append("  ").append(reason).append(' ').append(n).append('\n'));
        return sb.toString();
    }
}
