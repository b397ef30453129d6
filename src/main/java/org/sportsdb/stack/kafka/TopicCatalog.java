package org.sportsdb.stack.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every topic of the pipeline and its spec: the 13 {@code soccer.*} feed topics, and a
 * {@code validated.soccer.*} and {@code rejected.soccer.*} topic for each, plus {@link #UNKNOWN_CONTRACT_REJECTED}.
 */
public final class TopicCatalog {

    /** The feed topic names, without the {@code soccer.} prefix. */
    public static final List<String> FEED_NAMES = List.of(
            "live_score", "live.event.lookup", "broadcast", "schedule", "event",
            "event.stats", "event.timeline", "event.lineup", "event.highlights",
            "team", "player", "venue", "league");

    /**
     * Where the validator sends the records of a {@code soccer.*} topic that has no contract (reason
     * {@code contract:unknown_topic}; spark-validator RecordValidator.UNKNOWN_TOPIC_REJECTED): one topic that exists,
     * rather than a {@code rejected.soccer.<name>} nobody created, on which the validator's sink would fail.
     */
    public static final String UNKNOWN_CONTRACT_REJECTED = "rejected.soccer.unknown";

    /** Feed topics that hold the latest state of an entity: compacted unless configured otherwise. */
    private static final List<String> DIMENSION_NAMES = List.of(
            "live.event.lookup", "event", "event.stats", "event.timeline", "event.lineup", "event.highlights",
            "team", "player", "venue", "league");

    private final int partitions;
    private final int liveScorePartitions;
    private final short replicationFactor;
    private final String dimensionCleanupPolicy;
    private final long validatedRetentionMs;
    /** The league feed's remembered seasons (compacted, one partition): see feeds/LeagueSeasonMemory. */
    private final String leagueSeasonsTopic;
    /** What the nightly feeds asked and published (compacted, one partition): see feeds/PollingRules. */
    private final String pollingTopic;
    /** The validator's per-batch audit records (docs/reconcile.md): compacted, one record per batch key. */
    private final String auditTopic;

    public TopicCatalog(Function<String, String> properties) {
        this.partitions = Integer.parseInt(properties.apply("topics.partitions"));
        this.liveScorePartitions = Integer.parseInt(properties.apply("topics.live-score-partitions"));
        this.replicationFactor = Short.parseShort(properties.apply("topics.replication-factor"));
        this.dimensionCleanupPolicy = properties.apply("topics.dimension-cleanup-policy").trim();
        this.validatedRetentionMs = Duration.ofHours(Long.parseLong(properties.apply("topics.validated-retention-hours"))).toMillis();
        this.leagueSeasonsTopic = properties.apply("feeds.league.state-topic").trim();
        this.pollingTopic = properties.apply("feeds.polling.state-topic").trim();
        this.auditTopic = properties.apply("reconcile.audit-topic").trim();
        if (!dimensionCleanupPolicy.matches("compact|delete")) {
            throw new IllegalArgumentException("topics.dimension-cleanup-policy must be compact or delete, was " + dimensionCleanupPolicy);
        }
    }

    public List<TopicSpec> all() {
        List<TopicSpec> specs = new ArrayList<>();
        for (String name : FEED_NAMES) {
            specs.add(feedTopic(name));
        }
        for (String name : FEED_NAMES) {
            specs.add(delete("validated.soccer." + name, partitions, validatedRetentionMs));
            specs.add(delete("rejected.soccer." + name, partitions, validatedRetentionMs));
        }
        specs.add(delete(UNKNOWN_CONTRACT_REJECTED, partitions, validatedRetentionMs));
        specs.add(new TopicSpec(leagueSeasonsTopic, 1, replicationFactor, Map.of("cleanup.policy", "compact")));
        specs.add(new TopicSpec(pollingTopic, 1, replicationFactor, Map.of("cleanup.policy", "compact")));
        specs.add(new TopicSpec(auditTopic, 1, replicationFactor, Map.of("cleanup.policy", "compact")));
        return specs;
    }

    private TopicSpec feedTopic(String name) {
        String topic = "soccer." + name;
        switch (name) {
            case "live_score":
                return delete(topic, liveScorePartitions, Duration.ofHours(12).toMillis());
            case "schedule":
                return delete(topic, partitions, Duration.ofDays(7).toMillis());
            case "broadcast":
                return delete(topic, partitions, Duration.ofHours(24).toMillis());
            default:
                if (!DIMENSION_NAMES.contains(name)) {
                    throw new IllegalStateException("no spec for feed topic " + name);
                }
                return "compact".equals(dimensionCleanupPolicy)
                        ? new TopicSpec(topic, partitions, replicationFactor, Map.of("cleanup.policy", "compact"))
                        : delete(topic, partitions, Duration.ofDays(7).toMillis());
        }
    }

    private TopicSpec delete(String topic, int partitionCount, long retentionMs) {
        return new TopicSpec(topic, partitionCount, replicationFactor,
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retentionMs)));
    }
}
