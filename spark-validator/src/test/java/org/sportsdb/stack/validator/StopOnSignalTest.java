package org.sportsdb.stack.validator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed validator job in a JVM of its own, sent a real SIGTERM while a micro-batch runs (as {@code docker stop}
 * does): the running batch finishes and commits, its audit record is written, and no batch is left planned without
 * its commit (which the next start would replay, writing its rows twice).
 */
class StopOnSignalTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OUTPUT = "rejected.soccer.live_score";

    @Test
    void aSigtermMidBatchLetsTheBatchFinishCommitAndBeAudited() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "stop-signal-");
        Path checkpoint = work.resolve("checkpoint");
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(1, true)).start()) {
            // a backlog of many batches, so that one is running whenever we look
            try (KafkaProducer<byte[], byte[]> producer = KafkaIo.producer(broker.bootstrap())) {
                for (int i = 0; i < 60_000; i++) {
                    producer.send(new ProducerRecord<>("soccer.live_score", ("not json " + i + " {").getBytes(StandardCharsets.UTF_8)));
                }
            }
            Path log = work.resolve("validator.log");
            Process p = startValidatorJob(log, Map.of(
                    "KAFKA_BOOTSTRAP", broker.bootstrap(),
                    "VALIDATOR_TRIGGER_INTERVAL", "0 seconds",
                    "VALIDATOR_MAX_OFFSETS_PER_TRIGGER", "15000",
                    "VALIDATOR_CHECKPOINT_DIR", checkpoint.toAbsolutePath().toString(),
                    "VALIDATOR_METRICS_PORT", "-1",
                    "VALIDATOR_STOP_WAIT", "10m"));
            try {
                // a batch after the first is writing: planned (offsets/N), not committed (no commits/N), and the
                // output topic grew since it was planned (every earlier batch had written all before its commit)
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
                long writing = -1;
                long planning = -1;
                long writtenBefore = 0;
                while (writing < 1) {
                    assertTrue(p.isAlive(), () -> "the validator ended early: " + tail(log));
                    assertTrue(System.nanoTime() < deadline, () -> "no batch seen writing within 8 minutes: " + tail(log));
                    Set<Long> planned = batches(checkpoint.resolve("offsets"));
                    Set<Long> committed = batches(checkpoint.resolve("commits"));
                    long running = planned.stream().filter(b -> !committed.contains(b)).mapToLong(Long::longValue).max().orElse(-1);
                    if (running != planning) {
                        planning = running;
                        writtenBefore = KafkaIo.count(broker.bootstrap(), OUTPUT);
                    } else if (running >= 1 && KafkaIo.count(broker.bootstrap(), OUTPUT) > writtenBefore) {
                        writing = running;
                    }
                }
                long signalled = writing;
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(12, TimeUnit.MINUTES), () -> "the validator did not stop: " + tail(log));

                Set<Long> planned = batches(checkpoint.resolve("offsets"));
                Set<Long> committed = batches(checkpoint.resolve("commits"));
                assertTrue(committed.contains(signalled), () -> "batch " + signalled + ", running at the signal, committed: " + committed
                        + "\n" + tail(log));
                assertEquals(planned, committed, () -> "no batch left to replay\n" + tail(log));
                assertTrue(Files.readString(log).contains("stopped between batches"), () -> tail(log));
                Set<Long> audited = new TreeSet<>();
                for (ConsumerRecord<byte[], byte[]> r : KafkaIo.readAll(broker.bootstrap(), "validator.audit")) {
                    JsonNode a = JSON.readTree(r.value());
                    assertTrue(a.path("counts_lost").isMissingNode(), a.toString());
                    audited.add(a.get("batch_id").asLong());
                }
                assertEquals(committed, audited, () -> "every committed batch audited with its counts\n" + tail(log));
                long sinkRows = 0;
                for (ConsumerRecord<byte[], byte[]> r : KafkaIo.readAll(broker.bootstrap(), "validator.audit")) {
                    sinkRows += JSON.readTree(r.value()).get("sink_rows").asLong();
                }
                assertEquals(sinkRows, KafkaIo.count(broker.bootstrap(), OUTPUT), "nothing written outside a committed batch");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aDrainWithNothingNewEndsWithoutWaitingForABatchThatNeverRan() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tmp")), "drain-nothing-");
        Path checkpoint = work.resolve("checkpoint");
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(1, true)).start()) {
            try (KafkaProducer<byte[], byte[]> producer = KafkaIo.producer(broker.bootstrap())) {
                producer.send(new ProducerRecord<>("soccer.live_score", "not json {".getBytes(StandardCharsets.UTF_8)));
            }
            // VALIDATOR_TRIGGER_INTERVAL=available-now (drain and stop) twice: the second run finds nothing new
            for (int run = 1; run <= 2; run++) {
                Path log = work.resolve("validator-" + run + ".log");
                Process p = startValidatorJob(log, Map.of(
                        "KAFKA_BOOTSTRAP", broker.bootstrap(),
                        "VALIDATOR_TRIGGER_INTERVAL", "available-now",
                        "VALIDATOR_CHECKPOINT_DIR", checkpoint.toAbsolutePath().toString(),
                        "VALIDATOR_METRICS_PORT", "-1"));
                try {
                    assertTrue(p.waitFor(5, TimeUnit.MINUTES), () -> "the validator did not end: " + tail(log));
                    String text = Files.readString(log);
                    assertTrue(!text.contains("did not reach the audit publisher"),
                            () -> "the end waited for the progress of a batch that never ran:\n" + tail(log));
                } finally {
                    p.destroyForcibly();
                }
            }
            assertEquals(Set.of(0L), batches(checkpoint.resolve("commits")), "one batch, in the first run");
            assertEquals(1, KafkaIo.count(broker.bootstrap(), "validator.audit"), "audited once, with its counts");
        }
    }

    /** A real ValidatorJob process (the test class path), with only {@code env} of the KAFKA_/VALIDATOR_/SPARK_ variables. */
    static Process startValidatorJob(Path log, Map<String, String> env) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@jvm-flags.txt", "-Xmx768m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ValidatorJob.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("VALIDATOR_") || k.startsWith("SPARK_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    static Set<Long> batches(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
