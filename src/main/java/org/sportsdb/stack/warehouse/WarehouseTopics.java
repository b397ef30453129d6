package org.sportsdb.stack.warehouse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicSpec;

/** The topics of rows the warehouse refused: one per validated feed topic, kept like the validated topics. */
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
}
