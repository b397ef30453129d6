package org.sportsdb.stack.warehouse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sportsdb.stack.App;
import org.sportsdb.stack.dev.EmbeddedWarehouse;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.warehouse.SampleRecords;
import org.sportsdb.stack.warehouse.SampleRecords.Sample;
import org.sportsdb.stack.warehouse.WarehouseStats;

/**
 * {@code ./stack bench warehouse [--records N] [--batch-size B] [--partitions P]}: a backlog of N validated records
 * (copies of the warehouse check's real records, every topic in the proportions of a real poll) on a real KRaft
 * broker, then the application's ingestion route (warehouse.enabled, the real migrations) into the embedded
 * warehouse (clickhouse-jdbc → HTTP front → chdb). Measures from the moment the ingest route starts (migrations
 * applied) until every record's offset is committed; prints rows/s and the batch figures, and checks that the raw
 * tables hold each record once (FINAL). Exit 0 when the counts match, 1 otherwise.
 */
public final class WarehouseBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private WarehouseBench() {
    }

    public static void main(String[] args) throws Exception {
        int records = 100_000;
        int batchSize = 0;  // 0: the application's warehouse.batch.size
        int partitions = 3;
        Path work = Path.of(".run/bench/warehouse");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(value(args, ++i));
                case "--batch-size" -> batchSize = Integer.parseInt(value(args, ++i));
                case "--partitions" -> partitions = Integer.parseInt(value(args, ++i));
                case "--work-dir" -> work = Path.of(value(args, ++i));
                default -> {
                    System.err.println("usage: ./stack bench warehouse [--records N] [--batch-size B] [--partitions P] [--work-dir D]; "
                            + "unexpected '" + args[i] + "'");
                    System.exit(2);
                }
            }
        }
        boolean ok = run(records, batchSize, partitions, work, System.out);
        System.exit(ok ? 0 : 1);
    }

    public static boolean run(int records, int batchSize, int partitions, Path work, PrintStream out) throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        List<Sample> templates = new ArrayList<>(SampleRecords.read("reference_feeds.jsonl"));
        templates.addAll(SampleRecords.read("live_score_poll_1905.jsonl"));
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, Map.of()).start();
             EmbeddedWarehouse warehouse = EmbeddedWarehouse.start(work.resolve("warehouse"), 0)) {
            Map<String, Long> perTable = backlog(broker.bootstrap(), templates, records, partitions, out);

            Map<String, String> props = new HashMap<>();
            props.put("kafka.bootstrap", broker.bootstrap());
            props.put("sportsdb.api.key-required", "false");
            props.put("camel.component.quartz.auto-start-scheduler", "false");
            props.put("camel.management.enabled", "false");
            props.put("warehouse.enabled", "true");
            props.put("warehouse.jdbc.url", warehouse.jdbcUrl());
            props.put("warehouse.jdbc.user", "");
            props.put("warehouse.ingest.group-id", "warehouse-bench");
            if (batchSize > 0) {
                props.put("warehouse.batch.size", Integer.toString(batchSize));
            }
            props.put("topics.partitions", Integer.toString(partitions));
            Main app = App.newMain(props);
            long appStart = System.nanoTime();
            app.start();
            try {
                WarehouseStats stats = app.getCamelContext().getRegistry().lookupByNameAndType("warehouseStats", WarehouseStats.class);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!app.getCamelContext().getRouteController().getRouteStatus("warehouse-ingest").isStarted()) {
                    if (System.nanoTime() > deadline || stats.getMigrationFailures() > 0) {
                        out.println("warehouse bench: the ingest route did not start (migrations failed?)");
                        return false;
                    }
                    Thread.sleep(20);
                }
                long started = System.nanoTime();
                double jvmCpuAtStart = jvmCpuSeconds();
                double engineCpuAtStart = warehouse.cpuSeconds();
                out.printf("migrations applied in %.1f s (%d), ingesting...%n", (started - appStart) / 1e9, stats.getMigrationsAppliedThisRun());
                long lastPrint = started;
                while (stats.getRecordsCommitted() < records) {
                    if (System.nanoTime() > deadline) {
                        out.printf("warehouse bench: timed out after %s with %d of %d records committed%n", TIMEOUT, stats.getRecordsCommitted(), records);
                        return false;
                    }
                    if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                        lastPrint = System.nanoTime();
                        out.printf("  %d/%d records committed%n", stats.getRecordsCommitted(), records);
                    }
                    Thread.sleep(20);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double jvmCpu = jvmCpuSeconds() - jvmCpuAtStart;
                double engineCpu = warehouse.cpuSeconds() - engineCpuAtStart;
                long batches = stats.getBatchesWritten();
                out.printf("warehouse bench: %d records -> raw_* in %.1f s = %.0f rows/s%n", records, seconds, records / seconds);
                // on a shared machine the wall time depends on the others' load; the CPU the ingestion used does much less
                out.printf("  CPU used: %.1f s app+broker JVM, %.1f s engine (front + chdb) = %.0f rows per CPU-second%n", jvmCpu, engineCpu,
                        records / (jvmCpu + engineCpu));
                out.printf("  batches: %d (warehouse.batch.size %s): %.0f records (largest %d) and %.1f ms per batch on average; "
                        + "inserted %d, refused %d, failed tries %d, split %d%n", batches,
                        app.getCamelContext().resolvePropertyPlaceholders("{{warehouse.batch.size}}"), (double) records / batches,
                        stats.getLargestBatchRecords(), seconds * 1000 / batches, stats.getRowsInsertedTotal(), stats.getRowsRefused(),
                        stats.getBatchFailures(), stats.getBatchesSplit());
                return verify(warehouse.jdbcUrl(), perTable, out);
            } finally {
                app.stop();
            }
        }
    }

    /** Sends the records and waits for the broker's acks; returns the records per raw table. */
    private static Map<String, Long> backlog(String bootstrap, List<Sample> templates, int records, int partitions, PrintStream out)
            throws Exception {
        Map<String, Long> perTable = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(templates.stream().map(Sample::topic).distinct()
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("linger.ms", "20");
        props.put("batch.size", "262144");
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                Sample s = templates.get(i % templates.size()).copy((long) (i / templates.size() + 1) * 100_000_000L);
                sent.add(producer.send(new ProducerRecord<>(s.topic(), s.key(), s.json())));
                perTable.merge(s.table(), 1L, Long::sum);
                if (sent.size() >= 10_000) {
                    for (Future<?> f : sent) {
                        f.get();
                    }
                    sent.clear();
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        out.printf("backlog: %d validated records on %d topics (%d partitions each) in %.1f s%n", records, perTable.size(), partitions,
                (System.nanoTime() - t0) / 1e9);
        return perTable;
    }

    /** Every record once in its raw table (FINAL: re-deliveries collapsed). */
    private static boolean verify(String jdbcUrl, Map<String, Long> expected, PrintStream out) throws Exception {
        boolean ok = true;
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                try (ResultSet rs = s.executeQuery("SELECT count() FROM " + e.getKey() + " FINAL")) {
                    rs.next();
                    long found = rs.getLong(1);
                    if (found != e.getValue()) {
                        out.printf("  MISMATCH %s: %d rows, %d records sent%n", e.getKey(), found, e.getValue());
                        ok = false;
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count() FROM dw.v_fact_event_latest")) {
                rs.next();
                out.printf("  raw tables hold every record once (FINAL) %s; dw.v_fact_event_latest: %d events%n", ok ? "yes" : "NO", rs.getLong(1));
            }
        }
        return ok;
    }

    /** CPU seconds of this JVM (the application and the broker). */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
