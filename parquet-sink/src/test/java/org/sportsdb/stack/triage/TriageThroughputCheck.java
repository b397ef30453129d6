package org.sportsdb.stack.triage;

import org.sportsdb.stack.dev.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A measurement, not a test: {@code java -Xmx256m -cp <test classpath> ...TriageThroughputCheck [records]}
 * produces that many rejected live_score records (real sample rows, ~1 KB each) to an in-process broker,
 * runs one triage and prints time, throughput, file sizes and peak heap.
 */
public final class TriageThroughputCheck {

    private TriageThroughputCheck() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        KafkaBroker broker = KafkaBroker.shared();
        String topic = "perf.rejected.soccer.live_score";
        broker.createTopic(topic, 3);
        var rows = RejectedRecordFactory.sample("v2_livescore_soccer.json").get("livescore");
        long produceStart = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                "linger.ms", "20", "batch.size", "262144", "compression.type", "lz4"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                var row = ((com.fasterxml.jackson.databind.node.ObjectNode) rows.get(i % rows.size()).deepCopy());
                row.put("idLiveScore", Integer.toString(i));
                row.put("ingested_at", 1_791_232_231L + i);
                row.putObject("_rejection").putArray("reasons").add(i % 2 == 0 ? "required:intHomeScore" : "sport:not_soccer");
                producer.send(new ProducerRecord<>(topic, null, RejectedRecordFactory.EVENING + i, Integer.toString(i), row.toString()));
            }
        }
        System.out.printf("produced %d records in %d ms%n", records, (System.nanoTime() - produceStart) / 1_000_000);
        Path root = Files.createTempDirectory("triage-perf");
        Properties props = new Properties();
        props.setProperty(TriageSettings.ROOT, root.toString());
        props.setProperty(TriageSettings.TOPIC_PATTERN, "perf\\.rejected\\.soccer\\..*");
        TriageSettings settings = TriageSettings.from(new Knobs(System.getenv(), props));
        TriageResult result = new TriageRun(Map.of("bootstrap.servers", broker.bootstrap(), "group.id", "perf"),
                settings, Clock.systemUTC()).run();
        long bytes = 0;
        for (Path file : result.files()) {
            bytes += Files.size(file);
        }
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(usage -> usage.getUsed()).sum();
        System.out.printf("triaged %d records in %d ms (%.0f records/s) into %d files, %d bytes (%s, %.1f bytes/record); "
                        + "max heap %d MiB, sum of heap pool peaks %d MiB%n",
                result.totalRecords(), result.elapsed().toMillis(), result.totalRecords() * 1000.0 / result.elapsed().toMillis(),
                result.files().size(), bytes, settings.codec(), bytes * 1.0 / result.totalRecords(),
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
        System.out.println("DuckDB count: " + countWithDuckDb(root));
        System.exit(0);
    }

    private static long countWithDuckDb(Path root) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + root + "/date=*/*/*.parquet')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
