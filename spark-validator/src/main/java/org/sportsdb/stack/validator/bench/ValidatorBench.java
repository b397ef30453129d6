package org.sportsdb.stack.validator.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.sportsdb.stack.validator.audit.AuditPublisher;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.stream.DedupStore;
import org.sportsdb.stack.validator.stream.SparkSessions;
import org.sportsdb.stack.validator.stream.StreamSettings;
import org.sportsdb.stack.validator.stream.ValidatorPipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code ./stack bench validator [--records N]}: loads N realistic records into an in-process broker, then measures
 * a plain copy job and the validator over the same input (each drains the topics with Trigger.AvailableNow) and
 * checks the validator's routing counts against what the generator produced.
 */
public final class ValidatorBench {
    private ValidatorBench() {
    }

    /** The figures of one benchmark run. */
    public record Result(long records, double copyPerSecond, double validatorPerSecond, long validated, long rejected,
                         long expectedValidated, long expectedRejected) {
        public double ratio() {
            return validatorPerSecond / copyPerSecond;
        }

        public boolean countsMatch() {
            return validated == expectedValidated && rejected == expectedRejected;
        }
    }

    public static void main(String[] args) throws Exception {
        long records = 1_000_000;
        int partitions = 2;
        int runs = 1;
        String maxOffsetsPerTrigger = null;
        boolean steady = false;
        boolean ceiling = false;
        int keys = 400_000;
        int batches = 30;
        int batchRecords = 1_000;
        String trigger = "2 seconds";
        List<DedupStore> stores = List.of(DedupStore.HDFS, DedupStore.ROCKSDB);
        Path work = Path.of(".run/bench/validator");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = parseLong(args, ++i);
                case "--partitions" -> partitions = (int) parseLong(args, ++i);
                case "--runs" -> runs = (int) parseLong(args, ++i);
                case "--max-offsets-per-trigger" -> maxOffsetsPerTrigger = Long.toString(parseLong(args, ++i));
                case "--work-dir" -> work = Path.of(value(args, ++i));
                case "--steady" -> steady = true;
                case "--ceiling" -> ceiling = true;
                case "--keys" -> keys = (int) parseLong(args, ++i);
                case "--batches" -> batches = (int) parseLong(args, ++i);
                case "--batch-records" -> batchRecords = (int) parseLong(args, ++i);
                case "--trigger" -> trigger = value(args, ++i);
                case "--stores" -> stores = java.util.Arrays.stream(value(args, ++i).split(",")).map(DedupStore::parse).toList();
                default -> {
                    usage("unexpected argument '" + args[i] + "'");
                    return;
                }
            }
        }
        SparkSession spark = SparkSessions.create("validator-bench");
        if (steady) {
            SteadyStateBench.run(spark, keys, batches, batchRecords, trigger, stores, work.resolve("steady"), System.out);
            spark.stop();
            System.exit(0);
        }
        if (ceiling) {
            CeilingBench.run(spark, records, partitions, runs, work.resolve("ceiling"), System.out);
            spark.stop();
            System.exit(0);
        }
        List<Double> ratios = new java.util.ArrayList<>();
        boolean countsMatch = true;
        for (int run = 1; run <= runs; run++) {
            if (runs > 1) {
                System.out.printf("%n== run %d of %d ==%n", run, runs);
            }
            Result r = run(spark, records, partitions, maxOffsetsPerTrigger, work, System.out);
            ratios.add(r.ratio());
            countsMatch &= r.countsMatch();
        }
        if (runs > 1) {
            List<Double> sorted = ratios.stream().sorted().toList();
            System.out.printf("%nvalidator/copy throughput ratio per run: %s; median of %d runs: %.2f%n",
                    ratios.stream().map(x -> String.format("%.2f", x)).toList(), runs, sorted.get(sorted.size() / 2));
        }
        spark.stop();
        System.exit(countsMatch ? 0 : 1);
    }

    /**
     * One run; {@code maxOffsetsPerTrigger} (null: none) caps both queries' batches as VALIDATOR_MAX_OFFSETS_PER_TRIGGER
     * caps the validator's (a catch-up after downtime is read in batches of at most that many records).
     */
    public static Result run(SparkSession spark, long records, int partitions, String maxOffsetsPerTrigger, Path work,
                             PrintStream out) throws Exception {
        deleteRecursively(work);
        ContractCatalog catalog = ContractCatalog.fromClasspath();
        List<String> topics = catalog.all().keySet().stream().toList();
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(partitions, true)).start()) {
            KafkaIo.createTopics(broker.bootstrap(), topics, partitions);
            KafkaIo.createTopics(broker.bootstrap(), topics.stream()
                    .flatMap(t -> Stream.of(CopyPipeline.PREFIX + t, "validated." + t, "rejected." + t)).toList(), partitions);
            BenchRecordGenerator gen = new BenchRecordGenerator(catalog, System.currentTimeMillis() / 1000 - 3600);
            StreamSettings copy = new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()),
                    StreamSettings.SOURCE_PATTERN, StreamSettings.AVAILABLE_NOW, "earliest", maxOffsetsPerTrigger, true,
                    work.resolve("checkpoint-copy").toString(), DedupWindow.parse("48h"), "bench-copy");
            StreamSettings validator = copy.withCheckpointDir(work.resolve("checkpoint-validator").toString())
                    .withQueryName("bench-validator");
            // the validator's audit records are part of what it costs (BatchCounts counts inside the query)
            AuditPublisher audit = new AuditPublisher(validator.kafkaOptions(), "validator.audit", Path.of(validator.checkpointDir()));
            spark.streams().addListener(audit);
            // warm-up: both queries drain a small first load, so neither measured run pays Spark's first-query costs
            long warmup = Math.max(100, records / 100);
            load(broker.bootstrap(), gen, 0, warmup);
            timed(() -> CopyPipeline.start(spark, copy));
            timed(() -> ValidatorPipeline.start(spark, validator, null));

            long t0 = System.nanoTime();
            long bytes = load(broker.bootstrap(), gen, warmup, records);
            out.printf("loaded %,d records (%,.1f MB) into %d topics x %d partitions in %.1f s (after a warm-up of %,d)%n",
                    records, bytes / 1e6, topics.size(), partitions, seconds(t0), warmup);
            StageTimes stages = new StageTimes();
            spark.sparkContext().addSparkListener(stages);
            double cpu0 = cpuSeconds();
            double copySeconds = timed(() -> CopyPipeline.start(spark, copy));
            double copyCpu = cpuSeconds() - cpu0;
            out.printf("copy job:  %,d records in %.1f s = %,.0f records/s (JVM CPU %.1f s)%n", records, copySeconds,
                    records / copySeconds, copyCpu);
            stages.print("copy job", out);
            stages.clear();
            double cpu1 = cpuSeconds();
            double validatorSeconds = timed(() -> ValidatorPipeline.start(spark, validator, null));
            double validatorCpu = cpuSeconds() - cpu1;
            stages.print("validator", out);
            spark.sparkContext().removeSparkListener(stages);
            long copied = topics.stream().mapToLong(t -> KafkaIo.count(broker.bootstrap(), CopyPipeline.PREFIX + t)).sum();
            long validated = topics.stream().mapToLong(t -> KafkaIo.count(broker.bootstrap(), "validated." + t)).sum();
            long rejected = topics.stream().mapToLong(t -> KafkaIo.count(broker.bootstrap(), "rejected." + t)).sum();
            long total = records + warmup;
            out.printf("validator: %,d records in %.1f s = %,.0f records/s (JVM CPU %.1f s)%n", records, validatorSeconds,
                    records / validatorSeconds, validatorCpu);
            out.println(stateCost(lastQuery));
            out.printf("load average %.1f on %d cores (other processes share them); CPU-time ratio copy/validator: %.2f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors(), copyCpu / validatorCpu);
            if (copied != total) {
                out.printf("copy job wrote %,d of %,d records%n", copied, total);
            }
            out.printf("routed: validated=%,d (expected %,d) rejected=%,d (expected %,d) unchanged re-polls dropped=%,d (expected %,d)%n",
                    validated, gen.expectedValidated(), rejected, gen.expectedRejected(),
                    total - validated - rejected, gen.expectedDuplicates());
            Result r = new Result(records, records / copySeconds, records / validatorSeconds, validated, rejected,
                    gen.expectedValidated(), gen.expectedRejected());
            spark.streams().removeListener(audit);
            audit.close();
            out.printf("audit records written: %d (failed: %d)%n", audit.published(), audit.failures());
            out.printf("validator/copy throughput ratio: %.2f%n", r.ratio());
            return r;
        }
    }

    /** Produces the generator's records number {@code from} (inclusive) to {@code from + count}; returns the bytes. */
    static long load(String bootstrap, BenchRecordGenerator gen, long from, long count) {
        long bytes = 0;
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<byte[], byte[]> p = KafkaIo.producer(bootstrap)) {
            for (long i = from; i < from + count; i++) {
                BenchRecordGenerator.Generated g = gen.next(i);
                byte[] value = g.value().getBytes(StandardCharsets.UTF_8);
                bytes += value.length;
                p.send(new ProducerRecord<>(g.topic(), g.key().getBytes(StandardCharsets.UTF_8), value),
                        (meta, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            p.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " generated records could not be loaded"
                    + " into the broker (the routing counts would not match the generator's)");
        }
        return bytes;
    }

    interface QueryStarter {
        StreamingQuery start() throws TimeoutException;
    }

    /** The query {@link #timed} ran last. */
    private static StreamingQuery lastQuery;

    /** What the de-duplication state cost in the query's batches: rows, memory, time spent updating and committing it. */
    static String stateCost(StreamingQuery q) {
        long rows = 0;
        long memory = 0;
        long updateMs = 0;
        long commitMs = 0;
        long removed = 0;
        for (org.apache.spark.sql.streaming.StreamingQueryProgress p : q.recentProgress()) {
            for (org.apache.spark.sql.streaming.StateOperatorProgress s : p.stateOperators()) {
                rows = s.numRowsTotal();
                memory = s.memoryUsedBytes();
                updateMs += s.allUpdatesTimeMs();
                commitMs += s.commitTimeMs();
                removed += s.numRowsRemoved();
            }
        }
        return String.format("de-duplication state: %,d keys, %.1f MB in memory after the run; state update %.1f s and"
                + " commit %.1f s (summed over tasks), %,d keys expired", rows, memory / 1e6, updateMs / 1e3, commitMs / 1e3, removed);
    }

    private static double timed(QueryStarter starter) throws Exception {
        long t0 = System.nanoTime();
        StreamingQuery q = starter.start();
        lastQuery = q;
        q.awaitTermination();
        if (q.exception().isDefined()) {
            throw new IllegalStateException("benchmark query failed", q.exception().get());
        }
        return seconds(t0);
    }

    /** CPU time of this JVM (broker, Spark and clients together). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long parseLong(String[] args, int i) {
        try {
            return Long.parseLong(value(args, i).replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            usage("not a number: " + args[i]);
            return 0;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String error) {
        System.err.println("bench validator: " + error + "\nusage: ValidatorBench [--records N (default 1000000)]"
                + " [--runs R (default 1; several: their median ratio)] [--partitions P (default 2)]"
                + " [--max-offsets-per-trigger M (default none: one batch; the validator's default is 200000)]"
                + " [--work-dir DIR (default .run/bench/validator, wiped first)]\n"
                + "   or: ValidatorBench --ceiling [--records N] [--runs R (rounds)] [--partitions P] [--work-dir DIR]\n"
                + "   or: ValidatorBench --steady [--keys K (default 400000)] [--batches B (default 30)]"
                + " [--batch-records R (default 1000)] [--trigger T (default '2 seconds')] [--stores hdfs,rocksdb (default both)]"
                + " [--work-dir DIR]\n"
                + "./stack bench validator passes its options on as they are and accepts --records, --runs, --partitions,"
                + " --max-offsets-per-trigger, --ceiling, --steady, --keys and --batches; --work-dir, --batch-records, --trigger and"
                + " --stores only when the class is run directly");
        System.exit(2);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
