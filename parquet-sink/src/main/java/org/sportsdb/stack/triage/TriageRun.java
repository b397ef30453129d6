package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One triage run: finish what an interrupted run left in the journal, then drain every topic matching
 * the pattern up to the end offsets seen when that topic's turn starts, writing Parquet and committing
 * offsets only after the files are visible. Not thread-safe; runs on one Parquet root are serialised by
 * {@link RunLock}.
 */
public final class TriageRun {

    public static final String DEFAULT_GROUP_ID = "sportsdb-triage";

    private static final Logger LOG = LoggerFactory.getLogger(TriageRun.class);

    private final Map<String, Object> consumerConfig;
    private final TriageSettings settings;
    private final Clock clock;
    private final FaultInjection faults;

    public TriageRun(Map<String, Object> consumerConfig, TriageSettings settings, Clock clock) {
        this(consumerConfig, settings, clock, FaultInjection.NONE);
    }

    public TriageRun(Map<String, Object> consumerConfig, TriageSettings settings, Clock clock, FaultInjection faults) {
        this.consumerConfig = consumerSettings(consumerConfig);
        this.settings = settings;
        this.clock = clock;
        this.faults = faults;
    }

    /** The consumer configuration actually used: manual commits, byte[] records, group id defaulted. */
    public static Map<String, Object> consumerSettings(Map<String, ?> given) {
        Map<String, Object> config = new HashMap<>(given);
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sportsdb-triage");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return config;
    }

    /** Runs once with a generated run id. */
    public TriageResult run() {
        return run(RunIds.next(clock));
    }

    /**
     * Runs once. A run that fails throws {@link TriageRunFailedException}: what it committed before the failure
     * stays committed and is counted in the exception's {@link TriageRunFailedException#committed()}.
     */
    public TriageResult run(String runId) {
        RunIds.requireValid(runId);
        long started = System.nanoTime();
        Instant triagedAt = clock.instant();
        TriageLayout layout = new TriageLayout(settings.root());
        CommitJournal journal = new CommitJournal(layout.journalDir());
        CommittedCounts counts = new CommittedCounts(settings.root());
        int recovered = 0;
        int orphans = 0;
        try (RunLock lock = RunLock.acquire(layout.lockFile());
             Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            SegmentPublisher publisher = new SegmentPublisher(settings.root(), journal, consumer, faults, counts);
            for (JournalEntry entry : journal.pending()) {
                LOG.warn("triage {}: completing segment {} left by interrupted run {}", runId, entry.fileName(), entry.runId());
                recovered += publisher.complete(entry);
            }
            orphans = removeOrphanTempFiles(layout.tempDir());
            TopicDrainer drainer = new TopicDrainer(consumer, settings, journal, publisher, counts, faults, runId, triagedAt);
            for (String topic : matchingTopics(consumer)) {
                drainer.drain(topic);
            }
        } catch (RuntimeException e) {
            TriageResult committed = new TriageResult(runId, triagedAt, counts.snapshot(), recovered, orphans,
                    Duration.ofNanos(System.nanoTime() - started));
            TriageRunFailedException failed = new TriageRunFailedException(committed, Map.of(), e);
            LOG.error("{}", failed.getMessage(), e);
            throw failed;
        }
        TriageResult result = new TriageResult(runId, triagedAt, counts.snapshot(), recovered, orphans,
                Duration.ofNanos(System.nanoTime() - started));
        LOG.info("triage {}", result.summary());
        return result;
    }

    private List<String> matchingTopics(Consumer<byte[], byte[]> consumer) {
        return consumer.listTopics(Duration.ofSeconds(30)).keySet().stream()
                .filter(topic -> settings.topicPattern().matcher(topic).matches())
                .sorted()
                .toList();
    }

    /** Temporary files no journal entry refers to belong to a run that died before finishing them. */
    private static int removeOrphanTempFiles(Path tempDir) {
        if (!Files.isDirectory(tempDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tempDir)) {
            List<Path> orphans = files.toList();
            orphans.forEach(DurableFiles::deleteIfExists);
            if (!orphans.isEmpty()) {
                LOG.warn("triage: removed {} incomplete temporary files in {}", orphans.size(), tempDir);
            }
            return orphans.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tempDir, e);
        }
    }
}
