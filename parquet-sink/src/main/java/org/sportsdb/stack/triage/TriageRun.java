package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
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

    /**
     * The consumer configuration actually used: manual commits, byte[] records, group id defaulted, and no automatic
     * offset reset: a position that retention deleted is an {@code OffsetOutOfRangeException} the drain counts and
     * handles, never a silent jump to the log end past records still there.
     */
    public static Map<String, Object> consumerSettings(Map<String, ?> given) {
        Map<String, Object> config = new HashMap<>(given);
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, DEFAULT_GROUP_ID);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sportsdb-triage");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return config;
    }

    /** Runs once with a generated run id. */
    public TriageResult run() {
        return run(RunIds.next(clock));
    }

    /**
     * Runs once. Each topic is drained on its own: a topic that fails (its recovery or its drain) is left at its
     * last commit and the other topics are drained, then the run fails naming it. A run that fails throws
     * {@link TriageRunFailedException}: what it committed before or beside the failure stays committed and is
     * counted in the exception's {@link TriageRunFailedException#committed()}.
     */
    public TriageResult run(String runId) {
        RunIds.requireValid(runId);
        long started = System.nanoTime();
        Instant triagedAt = clock.instant();
        TriageLayout layout = new TriageLayout(settings.root());
        CommitJournal journal = new CommitJournal(layout.journalDir());
        CommittedCounts counts = new CommittedCounts(settings.root());
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        int recovered = 0;
        int orphans = 0;
        try (RunLock lock = RunLock.acquire(layout.lockFile());
             Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            SegmentPublisher publisher = new SegmentPublisher(settings.root(), journal, consumer, faults, counts);
            Set<Path> stillJournaled = new HashSet<>();
            for (JournalEntry entry : journal.pending()) {
                if (!failed.containsKey(entry.topic())) {
                    LOG.warn("triage {}: completing segment {} left by interrupted run {}", runId, entry.fileName(), entry.runId());
                    try {
                        recovered += publisher.complete(entry);
                        continue;
                    } catch (RuntimeException e) {
                        topicFailed(runId, entry.topic(), e, failed);
                    }
                }
                // the topic's segment stays journaled for the next run: keep its temporary files
                entry.files().forEach(move -> stillJournaled.add(settings.root().resolve(move.temp())));
            }
            orphans = removeOrphanTempFiles(layout.tempDir(), stillJournaled);
            TopicDrainer drainer = new TopicDrainer(consumer, settings, journal, publisher, counts, faults, runId, triagedAt);
            for (String topic : matchingTopics(consumer)) {
                if (failed.containsKey(topic)) {
                    // its journaled segment is not committed: draining it now would write those records again
                    continue;
                }
                try {
                    drainer.drain(topic);
                } catch (RuntimeException e) {
                    topicFailed(runId, topic, e, failed);
                }
            }
        } catch (RuntimeException e) {
            TriageRunFailedException failure = new TriageRunFailedException(result(runId, triagedAt, counts, recovered,
                    orphans, started), errors(failed), e);
            failed.values().forEach(failure::addSuppressed);
            LOG.error("{}", failure.getMessage(), e);
            throw failure;
        }
        TriageResult result = result(runId, triagedAt, counts, recovered, orphans, started);
        if (!failed.isEmpty()) {
            Iterator<RuntimeException> errors = failed.values().iterator();
            TriageRunFailedException failure = new TriageRunFailedException(result, errors(failed), errors.next());
            errors.forEachRemaining(failure::addSuppressed);
            LOG.error("{}", failure.getMessage());
            throw failure;
        }
        LOG.info("triage {}", result.summary());
        return result;
    }

    /**
     * Records the failure of one topic, so the run goes on with the others; an interrupted thread (the application
     * stopping) or an {@link Error} ends the run instead.
     */
    private static void topicFailed(String runId, String topic, RuntimeException e, Map<String, RuntimeException> failed) {
        if (e instanceof InterruptException || Thread.currentThread().isInterrupted()) {
            throw e;
        }
        LOG.error("triage {}: topic {} failed, left at its last committed offsets; the run goes on with the other topics",
                runId, topic, e);
        failed.putIfAbsent(topic, e);
    }

    private static Map<String, String> errors(Map<String, RuntimeException> failed) {
        Map<String, String> errors = new LinkedHashMap<>();
        failed.forEach((topic, e) -> errors.put(topic, TriageRunFailedException.text(e)));
        return errors;
    }

    private static TriageResult result(String runId, Instant triagedAt, CommittedCounts counts, int recovered,
                                       int orphans, long started) {
        return new TriageResult(runId, triagedAt, counts.snapshot(), recovered, orphans,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private List<String> matchingTopics(Consumer<byte[], byte[]> consumer) {
        return consumer.listTopics(Duration.ofSeconds(30)).keySet().stream()
                .filter(topic -> settings.topicPattern().matcher(topic).matches())
                .sorted()
                .toList();
    }

    /**
     * Temporary files no journal entry refers to belong to a run that died before finishing them; {@code keep}
     * are those of entries still journaled.
     */
    private static int removeOrphanTempFiles(Path tempDir, Set<Path> keep) {
        if (!Files.isDirectory(tempDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tempDir)) {
            List<Path> orphans = files.filter(file -> !keep.contains(file)).toList();
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
