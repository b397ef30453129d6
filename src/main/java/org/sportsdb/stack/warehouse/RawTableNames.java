package org.sportsdb.stack.warehouse;

/**
 * Names derived from a validated topic: {@code validated.soccer.event.stats} goes to the raw table
 * {@code <prefix>event_stats} ({@code default.raw_event_stats} on ClickHouse), and its refused rows
 * to {@code <rejected prefix>soccer.event.stats} ({@code rejected.warehouse.soccer.event.stats}).
 */
public final class RawTableNames {

    public static final String VALIDATED_PREFIX = "validated.";
    public static final String VALIDATED_SOCCER_PREFIX = VALIDATED_PREFIX + "soccer.";

    private final String tablePrefix;
    private final String rejectedTopicPrefix;

    public RawTableNames(String tablePrefix, String rejectedTopicPrefix) {
        this.tablePrefix = tablePrefix;
        this.rejectedTopicPrefix = rejectedTopicPrefix;
    }

    public String tableOf(String topic) {
        String name = topic.startsWith(VALIDATED_SOCCER_PREFIX) ? topic.substring(VALIDATED_SOCCER_PREFIX.length()) : topic;
        return tablePrefix + name.replace('.', '_');
    }

    public String rejectedTopicOf(String topic) {
        return rejectedTopicPrefix + (topic.startsWith(VALIDATED_PREFIX) ? topic.substring(VALIDATED_PREFIX.length()) : topic);
    }
}
