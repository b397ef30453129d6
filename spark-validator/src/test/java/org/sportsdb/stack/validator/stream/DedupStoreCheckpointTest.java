package org.sportsdb.stack.validator.stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.kafka.KafkaIo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checkpoint keeps the de-duplication state it was started with: started with the other VALIDATOR_STATE_STORE, the
 * validator stops at once and says how to continue or start over (instead of Spark's state schema error, or of running
 * on the checkpoint's store); started with its own, it continues with its state (A→A across the restart passes once).
 */
class DedupStoreCheckpointTest {
    static final String LIVE = "soccer.live_score";
    static KafkaBroker broker;
    static KafkaProducer<byte[], byte[]> producer;
    static Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "dedup-store-");
        broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(2, false)).start();
        KafkaIo.createTopics(broker.bootstrap(), List.of(LIVE, "validated." + LIVE, "rejected." + LIVE), 2);
        producer = KafkaIo.producer(broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    static StreamSettings settings(String checkpoint, DedupStore store) {
        return new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()), StreamSettings.SOURCE_PATTERN,
                StreamSettings.AVAILABLE_NOW, "earliest", null, false, work.resolve(checkpoint).toString(),
                DedupWindow.parse("48h"), "dedup-store-" + checkpoint, store);
    }

    static void runToEnd(StreamSettings s) throws Exception {
        StreamingQuery q = ValidatorPipeline.start(SharedSpark.get(), s, null);
        assertTrue(q.awaitTermination(240_000), "query did not finish");
        assertTrue(q.exception().isEmpty(), () -> "the query died: " + q.exception().get());
    }

    static void send(String id) throws Exception {
        String value = NothingLostStreamTest.score(id, 1, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(LIVE, id.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8))).get();
    }

    static long validated(String id) {
        return KafkaIo.readAll(broker.bootstrap(), "validated." + LIVE).stream()
                .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8))).count();
    }

    @Test
    void aCheckpointOfOneStoreIsRefusedByTheOtherWithWhatToDoAndContinuedByItsOwn() throws Exception {
        send("910001");
        runToEnd(settings("old", DedupStore.HDFS));
        runToEnd(settings("new", DedupStore.ROCKSDB));
        assertEquals(DedupStore.HDFS, DedupStore.ofCheckpoint(work.resolve("old").toString(), SharedSpark.get().sparkContext().hadoopConfiguration()));
        assertEquals(DedupStore.ROCKSDB, DedupStore.ofCheckpoint(work.resolve("new").toString(), SharedSpark.get().sparkContext().hadoopConfiguration()));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ValidatorPipeline.start(SharedSpark.get(), settings("old", DedupStore.ROCKSDB), null));
        assertTrue(refused.getMessage().contains("holds the de-duplication state of VALIDATOR_STATE_STORE=hdfs"), refused.getMessage());
        assertTrue(refused.getMessage().contains("set VALIDATOR_STATE_STORE=hdfs to continue it"), refused.getMessage());
        assertTrue(refused.getMessage().contains("new VALIDATOR_CHECKPOINT_DIR"), refused.getMessage());
        IllegalStateException refusedToo = assertThrows(IllegalStateException.class,
                () -> ValidatorPipeline.start(SharedSpark.get(), settings("new", DedupStore.HDFS), null));
        assertTrue(refusedToo.getMessage().contains("set VALIDATOR_STATE_STORE=rocksdb to continue it"), refusedToo.getMessage());

        send("910001");  // unchanged: each checkpoint's own state drops it
        runToEnd(settings("old", DedupStore.HDFS));
        runToEnd(settings("new", DedupStore.ROCKSDB));
        assertEquals(2, validated("910001"), "once per checkpoint, the re-poll dropped by both");
    }
}
