package org.sportsdb.stack.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that are missing, idempotently, and reports every existing topic whose
 * partitions or managed configs differ from its spec. It never alters an existing topic: a
 * difference may be deliberate, so it is reported for a person to decide.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** What one provisioning pass did and found. */
    public record Report(List<String> created, List<String> unchanged, Map<String, List<String>> drift) {
        public boolean hasDrift() {
            return !drift.isEmpty();
        }

        public String describe() {
            StringBuilder out = new StringBuilder();
            out.append("topics: ").append(created.size()).append(" created, ").append(unchanged.size())
                    .append(" as specified, ").append(drift.size()).append(" differing from their spec\n");
            created.forEach(t -> out.append("  created   ").append(t).append('\n'));
            drift.forEach((t, diffs) -> diffs.forEach(d -> out.append("  DRIFT     ").append(t).append(": ").append(d).append('\n')));
            return out.toString();
        }
    }

    private final Map<String, Object> clientProperties;

    public TopicProvisioner(Map<String, Object> clientProperties) {
        this.clientProperties = clientProperties;
    }

    public Report provision(Collection<TopicSpec> specs) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> created = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            Map<String, List<String>> drift = new TreeMap<>();
            List<NewTopic> toCreate = specs.stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
                    .collect(Collectors.toList());
            admin.createTopics(toCreate).values().forEach((name, future) -> {
                try {
                    future.get();
                    created.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).collect(Collectors.toList());
            if (!present.isEmpty()) {
                Map<String, TopicDescription> descriptions = admin.describeTopics(
                        present.stream().map(TopicSpec::name).collect(Collectors.toList())).allTopicNames().get();
                Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                        .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).collect(Collectors.toList())).all().get();
                for (TopicSpec spec : present) {
                    List<String> diffs = differences(spec, descriptions.get(spec.name()),
                            configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())));
                    if (diffs.isEmpty()) {
                        unchanged.add(spec.name());
                    } else {
                        drift.put(spec.name(), diffs);
                    }
                }
            }
            Report report = new Report(created, unchanged, drift);
            if (report.hasDrift()) {
                LOG.warn("{}", report.describe().trim());
            } else {
                LOG.info("{}", report.describe().trim());
            }
            return report;
        }
    }

    private static List<String> differences(TopicSpec spec, TopicDescription description, Config config) {
        List<String> diffs = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            diffs.add("partitions " + partitions + ", spec " + spec.partitions());
        }
        int replicas = description.partitions().get(0).replicas().size();
        if (replicas != spec.replicationFactor()) {
            diffs.add("replication factor " + replicas + ", spec " + spec.replicationFactor());
        }
        spec.configs().forEach((key, expected) -> {
            String actual = config.get(key) == null ? null : config.get(key).value();
            if (!expected.equals(actual)) {
                diffs.add(key + "=" + actual + ", spec " + expected);
            }
        });
        return diffs;
    }
}
