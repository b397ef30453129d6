package org.sportsdb.stack.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.ops.PipelineFixtures;

/**
 * The validator check of {@link PipelineWatch} against the real test broker, one round at a time (alerts off: gauges
 * only): the lag over several partitions, one of them missing from the checkpoint; a checkpoint it cannot read and a
 * broker that does not answer are counted check errors, every round, and leave the gauges as they were.
 */
class PipelineWatchTest {

    private final Path dir = Path.of("target", "pipeline-watch-" + UUID.randomUUID());

    @Test
    void lagCountsPartitionsTheCheckpointDoesNotListFromTheirStart() throws Exception {
        String topic = "soccer.watchtest." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        PipelineFixtures.send(topic, 10);  // keys k0..k9 over both partitions
        Path checkpoint = dir.resolve("checkpoint");
        PipelineFixtures.committedBatch(checkpoint, 3, topic, 0, Instant.now());  // partition 0 from offset 0: all of it; partition 1 unlisted
        PipelineHealth health = new PipelineHealth();
        watch(checkpoint, topic, () -> Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap())), health).checkOnce();
        assertEquals(10, health.getValidatorLagRecords(), "every record of both partitions is behind");
        assertEquals(0, health.getCheckErrors());
        assertTrue(health.getValidatorLastCommitAgeSeconds() < 60);
        assertEquals(-1, health.getWarehouseReachable(), "the warehouse is not watched");
    }

    @Test
    void aRealSparkCheckpointIsReadUpToItsLastCommittedBatch() throws Exception {
        // written by Spark 4.2 (the validator's NothingLostStreamTest): offsets/9 is planned, commits/9 does not exist
        ValidatorCheckpoint.Committed committed = ValidatorCheckpoint.lastCommitted(Path.of("src/test/resources/spark-checkpoint")).orElseThrow();
        assertEquals(8, committed.batchId());
        assertEquals(Map.of(new TopicPartition("soccer.mystery", 0), 0L, new TopicPartition("soccer.mystery", 1), 0L,
                new TopicPartition("soccer.live_score", 0), 14L, new TopicPartition("soccer.live_score", 1), 3L), committed.offsets());
        assertTrue(ValidatorCheckpoint.lastCommitted(dir.resolve("no-such-checkpoint")).isEmpty(), "no checkpoint yet: no committed batch");
    }

    @Test
    void anUnreadableCheckpointIsACountedCheckErrorEveryRound() throws Exception {
        Path checkpoint = dir.resolve("broken");
        Files.createDirectories(checkpoint.resolve("commits"));
        Files.createDirectories(checkpoint.resolve("offsets"));
        Files.writeString(checkpoint.resolve("commits").resolve("5"), "v1\n{}");
        Files.writeString(checkpoint.resolve("offsets").resolve("5"), "v1\n{}\n{\"soccer.league\": not json");
        assertThrows(IOException.class, () -> ValidatorCheckpoint.lastCommitted(checkpoint));
        PipelineHealth health = new PipelineHealth();
        PipelineWatch watch = watch(checkpoint, "soccer.league", () -> Admin.create(Map.of("bootstrap.servers", TestStack.broker().bootstrap())), health);
        watch.checkOnce();
        watch.checkOnce();
        assertEquals(2, health.getCheckErrors());
        assertEquals(-1, health.getValidatorLagRecords(), "nothing is made up");
    }

    @Test
    void aBrokerThatDoesNotAnswerIsACountedCheckError() throws Exception {
        Path checkpoint = dir.resolve("fine");
        PipelineFixtures.committedBatch(checkpoint, 0, "soccer.league", 1, Instant.now());
        Map<TopicPartition, Long> offsets = ValidatorCheckpoint.lastCommitted(checkpoint).orElseThrow().offsets();
        assertEquals(Map.of(new TopicPartition("soccer.league", 0), 1L), offsets);
        PipelineHealth health = new PipelineHealth();
        watch(checkpoint, "soccer.league", () -> Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + KafkaBroker.freePort(),
                "default.api.timeout.ms", "1500", "request.timeout.ms", "1000")), health).checkOnce();
        assertEquals(1, health.getCheckErrors());
        assertEquals(-1, health.getValidatorLagRecords());
    }

    private static PipelineWatch watch(Path checkpoint, String topic, Supplier<Admin> admin, PipelineHealth health) {
        PipelineWatch.Settings settings = new PipelineWatch.Settings(Duration.ofSeconds(30), null, Duration.ofMinutes(10), checkpoint,
                Pattern.compile(Pattern.quote(topic)), 10_000, Duration.ofMinutes(15));
        return new PipelineWatch(new DefaultCamelContext(), settings, health, null, null, admin, Clock.systemUTC());
    }
}
