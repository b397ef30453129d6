package org.sportsdb.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.ReplayServer;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.kafka.TopicCatalog;
import org.sportsdb.stack.kafka.TopicProvisioner;

/** Topics as specified, created at start; a second pass changes nothing; drift is reported, not altered. */
class TopicProvisioningTest {

    private static ReplayServer api;
    private static Main app;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        api = new ReplayServer(TestStack.DEFAULT_CORPUS, 0);
        app = TestStack.startApp(TestStack.settings(api.baseUrl()));
        admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        app.stop();
        api.close();
    }

    @Test
    void everyTopicExistsWithItsSpec() throws Exception {
        Set<String> names = admin.listTopics().names().get();
        for (String feed : TopicCatalog.FEED_NAMES) {
            for (String prefix : List.of("soccer.", "validated.soccer.", "rejected.soccer.")) {
                assertTrue(names.contains(prefix + feed), "topic " + prefix + feed);
            }
        }
        assertTopic("soccer.live_score", 6, "delete", "43200000");
        assertTopic("soccer.schedule", 3, "delete", "604800000");
        assertTopic("soccer.broadcast", 3, "delete", "86400000");
        for (String dimension : List.of("team", "league", "venue", "event", "player", "live.event.lookup",
                "event.stats", "event.timeline", "event.highlights", "event.lineup")) {
            assertTopic("soccer." + dimension, 3, "compact", null);
        }
        assertTopic("validated.soccer.team", 3, "delete", "604800000");
        assertTopic("rejected.soccer.live_score", 3, "delete", "604800000");
        assertTopic(TopicCatalog.UNKNOWN_CONTRACT_REJECTED, 3, "delete", "604800000");
    }

    @Test
    void aSecondPassCreatesNothingAndReportsNoDrift() {
        TopicProvisioner.Report again = App.provisionTopics(app.getCamelContext());
        assertEquals(List.of(), again.created());
        assertEquals(Map.of(), again.drift());
        TopicCatalog catalog = app.getCamelContext().getRegistry().lookupByNameAndType("topicCatalog", TopicCatalog.class);
        assertEquals(catalog.all().size(), again.unchanged().size(), "every topic of the catalog, as specified");
    }

    @Test
    void aTopicThatDiffersFromItsSpecIsReportedAndLeftAsItIs() throws Exception {
        ConfigResource broadcast = new ConfigResource(ConfigResource.Type.TOPIC, "soccer.broadcast");
        alterRetention(broadcast, "3600000");
        try {
            TopicProvisioner.Report report = App.provisionTopics(app.getCamelContext());
            assertEquals(List.of("retention.ms=3600000, spec 86400000"), report.drift().get("soccer.broadcast"));
            assertEquals(Set.of("soccer.broadcast"), report.drift().keySet());
            assertTrue(report.describe().contains("DRIFT     soccer.broadcast: retention.ms=3600000, spec 86400000"));
            assertEquals("3600000", config("soccer.broadcast").get("retention.ms").value(), "the provisioner never alters a topic");
        } finally {
            alterRetention(broadcast, "86400000");
        }
    }

    private static void alterRetention(ConfigResource topic, String value) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> change = Map.of(topic,
                List.of(new AlterConfigOp(new ConfigEntry("retention.ms", value), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(change).all().get();
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static void assertTopic(String topic, int partitions, String cleanup, String retentionMs) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        assertEquals(partitions, description.partitions().size(), topic + " partitions");
        Config config = config(topic);
        assertEquals(cleanup, config.get("cleanup.policy").value(), topic + " cleanup.policy");
        if (retentionMs != null) {
            assertEquals(retentionMs, config.get("retention.ms").value(), topic + " retention.ms");
        }
        assertEquals(Set.of(1), description.partitions().stream().map(p -> p.replicas().size()).collect(Collectors.toSet()));
    }
}
