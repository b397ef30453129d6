package org.sportsdb.stack.warehouse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicSpec;

/**
 * The warehouse's topics: what it ingests (the validated feed topics its pattern matches) and where it puts the rows it
 * refused (one per validated feed topic, kept like the validated topics).
 */
public final class WarehouseTopics {

    private WarehouseTopics() {
    }

    public static List<TopicSpec> rejected(RawTableNames names, int partitions, short replicationFactor, long retentionHours) {
        Map<String, String> configs = Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(Duration.ofHours(retentionHours).toMillis()));
        return TopicCatalog.FEED_NAMES.stream()
                .map(name -> new TopicSpec(names.rejectedTopicOf(RawTableNames.VALIDATED_SOCCER_PREFIX + name), partitions,
                        replicationFactor, configs))
                .collect(Collectors.toList());
    }

    /** The validated feed topics (as the topic catalog names them) that {@code warehouse.ingest.topics} matches. */
    public static List<String> ingested(Pattern topics) {
        return TopicCatalog.FEED_NAMES.stream().map(name -> RawTableNames.VALIDATED_SOCCER_PREFIX + name)
                .filter(topic -> topics.matcher(topic).matches()).collect(Collectors.toList());
    }

    /**
     * The start-up warning when the pattern matches no validated feed topic: nothing would reach {@code raw_*} and only
     * a growing ingestion lag would tell (e.g. an override whose backslashes the property layer took: use {@code [.]}).
     */
    public static Optional<String> noTopicWarning(Pattern topics) {
        if (!ingested(topics).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warehouse.ingest.topics '" + topics.pattern() + "' matches none of the validated topics ("
                + RawTableNames.VALIDATED_SOCCER_PREFIX + TopicCatalog.FEED_NAMES.get(0) + ", ...): nothing from them reaches "
                + "the raw tables; write a dot as [.] in an override (a backslash may not survive the property layer)");
    }
}
