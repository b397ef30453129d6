package org.sportsdb.stack.validator.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.stream.DedupStore;
import org.sportsdb.stack.validator.stream.StreamSettings;
import org.sportsdb.stack.validator.stream.ValidatorPipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./stack bench validator --steady}: what one production micro-batch costs with the de-duplication state of
 * 48 h (≈ 400,000 keys) against the same batches with an empty state, for each state store. Per store and state: a
 * fresh in-process broker; for the filled state, {@code keys} records of new keys are loaded and drained first (one
 * query with Trigger.AvailableNow), then the validator is started again from that checkpoint, as after a restart; for the
 * empty state, it starts on empty topics. It then runs at the production trigger while a producer sends
 * {@code batchRecords} records for each batch, the next ones when the batch before has read them (the benchmark
 * generator's mix: half unchanged re-polls of recent keys, new and changed records, defects; the same records in every
 * run), and the batch durations (Spark's triggerExecution) of the batches after the first {@value #WARM_UP_BATCHES}
 * are summarised.
 */
public final class SteadyStateBench {
    /** Batches not counted: the first after a start loads the state from the checkpoint, the next settle. */
    static final int WARM_UP_BATCHES = 3;

    private SteadyStateBench() {
    }

    /**
     * The figures of one run: a store, with or without the filled state; {@code meanPartsMs}: the mean of each part of
     * the counted batches' durations (Spark's durationMs).
     */
    public record Run(DedupStore store, long keysBefore, int batches, double recordsPerBatch, long p50Ms, long p95Ms,
                      long maxMs, long firstBatchMs, long stateKeys, long stateMemoryBytes, long stateDiskBytes,
                      double loadAverage, java.util.Map<String, Double> meanPartsMs) {
    }

    public static List<Run> run(SparkSession spark, int keys, int batches, int batchRecords, String trigger,
                                List<DedupStore> stores, Path work, PrintStream out) throws Exception {
        ValidatorBench.deleteRecursively(work);
        long baseIngestedAt = System.currentTimeMillis() / 1000 - 3600;
        out.printf("steady state: per store, %d micro-batches of ≈ %,d records at trigger '%s' (the first %d not counted),"
                + " with an empty state and with %,d keys%n", batches + WARM_UP_BATCHES, batchRecords, trigger,
                WARM_UP_BATCHES, keys);
        List<Run> runs = new ArrayList<>();
        for (DedupStore store : stores) {
            for (boolean filled : new boolean[]{false, true}) {
                Run r = runOnce(spark, store, keys, filled, batches, batchRecords, trigger, baseIngestedAt,
                        work.resolve(store + (filled ? "-filled" : "-empty")), out);
                runs.add(r);
                out.println(line(r));
                out.println("  where a batch's time goes (mean ms, Spark's durationMs): " + r.meanPartsMs().entrySet().stream()
                        .map(e -> e.getKey() + " " + Math.round(e.getValue())).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        out.println();
        out.printf("%-8s %-14s %7s %13s %7s %7s %7s %12s %11s %11s %9s %5s%n", "store", "state before", "batches",
                "records/batch", "p50 ms", "p95 ms", "max ms", "1st batch ms", "state keys", "memory MB", "disk MB", "load");
        for (Run r : runs) {
            out.printf("%-8s %-14s %7d %13.0f %7d %7d %7d %12d %,11d %11.1f %9.1f %5.1f%n", r.store(),
                    r.keysBefore() == 0 ? "empty" : String.format("%,d keys", r.keysBefore()), r.batches(),
                    r.recordsPerBatch(), r.p50Ms(), r.p95Ms(), r.maxMs(), r.firstBatchMs(), r.stateKeys(),
                    r.stateMemoryBytes() / 1e6, r.stateDiskBytes() / 1e6, r.loadAverage());
        }
        for (DedupStore store : stores) {
            Run empty = runs.stream().filter(r -> r.store() == store && r.keysBefore() == 0).findFirst().orElseThrow();
            Run full = runs.stream().filter(r -> r.store() == store && r.keysBefore() > 0).findFirst().orElseThrow();
            out.printf("%s: batch p95 with %,d keys / with an empty state = %.2f (p50 %.2f)%n", store, full.keysBefore(),
                    (double) full.p95Ms() / Math.max(1, empty.p95Ms()), (double) full.p50Ms() / Math.max(1, empty.p50Ms()));
        }
        return runs;
    }

    private static String line(Run r) {
        return String.format("%s, state %s: %d batches of %.0f records, p50 %d ms, p95 %d ms (first batch %d ms), state %,d keys,"
                        + " %.1f MB in memory, %.1f MB on disk, load average %.1f", r.store(),
                r.keysBefore() == 0 ? "empty" : String.format("%,d keys", r.keysBefore()), r.batches(), r.recordsPerBatch(),
                r.p50Ms(), r.p95Ms(), r.firstBatchMs(), r.stateKeys(), r.stateMemoryBytes() / 1e6, r.stateDiskBytes() / 1e6,
                r.loadAverage());
    }

    private static Run runOnce(SparkSession spark, DedupStore store, long keys, boolean filled, int batches, int batchRecords,
                               String trigger, long baseIngestedAt, Path work, PrintStream out) throws Exception {
        long keysBefore = filled ? keys : 0;
        ContractCatalog catalog = ContractCatalog.fromClasspath();
        List<String> topics = catalog.all().keySet().stream().toList();
        int partitions = 2;
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(partitions, true)).start()) {
            KafkaIo.createTopics(broker.bootstrap(), topics, partitions);
            KafkaIo.createTopics(broker.bootstrap(), topics.stream()
                    .flatMap(t -> Stream.of("validated." + t, "rejected." + t)).toList(), partitions);
            StreamSettings settings = new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()),
                    StreamSettings.SOURCE_PATTERN, StreamSettings.AVAILABLE_NOW, "earliest", null, true,
                    work.resolve("checkpoint").toString(), DedupWindow.parse("48h"), "steady-" + store + "-" + keysBefore,
                    store);
            BenchRecordGenerator gen = new BenchRecordGenerator(catalog, baseIngestedAt);
            // the same generator state after the fill in both runs, so both get the same steady records
            try (KafkaProducer<byte[], byte[]> p = KafkaIo.producer(broker.bootstrap())) {
                for (long i = 0; i < keys; i++) {
                    BenchRecordGenerator.Generated g = gen.nextNew(i);
                    if (filled) {
                        send(p, g);
                    }
                }
                p.flush();
            }
            if (filled) {
                long t0 = System.nanoTime();
                StreamingQuery fill = ValidatorPipeline.start(spark, settings, null);
                fill.awaitTermination();
                if (fill.exception().isDefined()) {
                    throw new IllegalStateException("the fill query failed", fill.exception().get());
                }
                out.printf("%s: state filled with %,d keys in %.1f s%n", store, keysBefore, (System.nanoTime() - t0) / 1e9);
            }
            StreamingQuery q = ValidatorPipeline.start(spark, settings.withTrigger(trigger, null), null);
            long total = (long) (batches + WARM_UP_BATCHES) * batchRecords;
            // one chunk of records per batch: the next chunk is sent once the batch before has read the previous one,
            // so each batch reads one chunk even when a batch takes longer than the trigger interval (a loaded machine)
            try (KafkaProducer<byte[], byte[]> p = KafkaIo.producer(broker.bootstrap())) {
                long sent = 0;
                for (int b = 0; b < batches + WARM_UP_BATCHES; b++) {
                    for (int i = 0; i < batchRecords; i++) {
                        send(p, gen.next(keys + sent++));
                    }
                    p.flush();
                    long deadline = System.currentTimeMillis() + 300_000;
                    while (inputRows(q) < sent && System.currentTimeMillis() < deadline && q.isActive()) {
                        Thread.sleep(50);
                    }
                }
            }
            q.stop();
            if (q.exception().isDefined()) {
                throw new IllegalStateException("the steady query failed", q.exception().get());
            }
            if (inputRows(q) < total) {
                throw new IllegalStateException("the steady query read " + inputRows(q) + " of " + total + " records in time");
            }
            return figures(q, store, keysBefore, work.resolve("checkpoint/state"));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, BenchRecordGenerator.Generated g) {
        p.send(new ProducerRecord<>(g.topic(), g.key().getBytes(StandardCharsets.UTF_8), g.value().getBytes(StandardCharsets.UTF_8)));
    }

    private static long inputRows(StreamingQuery q) {
        return Arrays.stream(q.recentProgress()).mapToLong(StreamingQueryProgress::numInputRows).sum();
    }

    private static Run figures(StreamingQuery q, DedupStore store, long keysBefore, Path stateDir) {
        List<StreamingQueryProgress> withData = Arrays.stream(q.recentProgress()).filter(p -> p.numInputRows() > 0).toList();
        long first = withData.isEmpty() ? 0 : withData.get(0).durationMs().get("triggerExecution");
        List<StreamingQueryProgress> counted = withData.subList(Math.min(WARM_UP_BATCHES, withData.size()), withData.size());
        long[] durations = counted.stream().mapToLong(p -> p.durationMs().get("triggerExecution")).sorted().toArray();
        java.util.Map<String, Double> parts = new java.util.TreeMap<>();
        for (StreamingQueryProgress p : counted) {
            p.durationMs().forEach((name, ms) -> parts.merge(name, (double) ms / counted.size(), Double::sum));
        }
        double recordsPerBatch = counted.stream().mapToLong(StreamingQueryProgress::numInputRows).average().orElse(0);
        StreamingQueryProgress last = withData.get(withData.size() - 1);
        long rows = 0;
        long memory = 0;
        for (StateOperatorProgress s : last.stateOperators()) {
            rows += s.numRowsTotal();
            memory += s.memoryUsedBytes();
        }
        return new Run(store, keysBefore, durations.length, recordsPerBatch, percentile(durations, 50),
                percentile(durations, 95), durations.length == 0 ? 0 : durations[durations.length - 1], first, rows, memory,
                sizeOnDisk(stateDir), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), parts);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static long sizeOnDisk(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
