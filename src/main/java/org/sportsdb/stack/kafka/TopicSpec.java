package org.sportsdb.stack.kafka;

import java.util.Map;

/** What a topic must look like: partitions, replication and the configs we manage. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
}
