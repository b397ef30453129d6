package org.sportsdb.stack.validator.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.validator.core.DedupWindow;
import org.sportsdb.stack.validator.core.RecordValidator;
import org.sportsdb.stack.validator.core.RoutedRecord;
import org.sportsdb.stack.validator.core.SourcePosition;
import org.sportsdb.stack.validator.core.UnparsedRepeats;
import org.sportsdb.stack.validator.kafka.KafkaIo;
import org.sportsdb.stack.validator.stream.KafkaSourceAndSink;
import org.sportsdb.stack.validator.stream.StreamSettings;
import org.sportsdb.stack.validator.stream.ValidatorPipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code ./stack bench validator --ceiling}: what a validator of this shape (a Spark query from the soccer.* topics to
 * Kafka) can reach at best against the plain copy, measured in one JVM on one input. Beside the copy and the validator
 * it runs reduced validators, each doing less than the validator must:
 * <ul>
 *   <li>{@code java-copy}: the copy through a Java function over rows (what leaving Spark's generated code costs);</li>
 *   <li>{@code token-scan}: unchanged re-polls recognised before parsing as the validator does ({@link UnparsedRepeats}),
 *       every other record only scanned by Jackson's streaming parser (no tree, no normalisation, no canonical output,
 *       no payload hash) and written as read; no shuffle, no state;</li>
 *   <li>{@code token-scan+sha256}: the same and a SHA-256 of each scanned record (the payload hash's cost);</li>
 *   <li>{@code validation}: the validator's own validation ({@link RecordValidator}), no shuffle, no state.</li>
 * </ul>
 * Each round runs every query once over the same records; the ratio of a query is its records/s over the copy's in the
 * same round. A first round warms the JIT and the broker's page cache and is printed but not counted. The figures bound what any redesign of the validation or the state can gain.
 */
public final class CeilingBench {
    private static final StructType OUT = new StructType()
            .add("topic", DataTypes.StringType).add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType);
    static final List<String> QUERIES = List.of("copy", "java-copy", "token-scan", "token-scan+sha256", "validation", "validator");

    private CeilingBench() {
    }

    /** Loads {@code records} generated records, then runs every query {@code rounds} times; prints each round and the medians. */
    public static Map<String, Double> run(SparkSession spark, long records, int partitions, int rounds, Path work,
                                          PrintStream out) throws Exception {
        ValidatorBench.deleteRecursively(work);
        ContractCatalog catalog = ContractCatalog.fromClasspath();
        List<String> topics = catalog.all().keySet().stream().toList();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(partitions, true)).start()) {
            KafkaIo.createTopics(broker.bootstrap(), topics, partitions);
            KafkaIo.createTopics(broker.bootstrap(), topics.stream()
                    .flatMap(t -> Stream.of(CopyPipeline.PREFIX + t, "validated." + t, "rejected." + t)).toList(), partitions);
            BenchRecordGenerator gen = new BenchRecordGenerator(catalog, System.currentTimeMillis() / 1000 - 3600);
            long bytes = ValidatorBench.load(broker.bootstrap(), gen, 0, records);
            out.printf("loaded %,d records (%,.1f MB); every query reads all of them; a warm-up round, then %d counted%n",
                    records, bytes / 1e6, rounds);
            int query = 0;
            for (int round = 0; round <= rounds; round++) {
                double copySeconds = 0;
                for (String name : QUERIES) {
                    StreamSettings s = new StreamSettings(Map.of("kafka.bootstrap.servers", broker.bootstrap()),
                            StreamSettings.SOURCE_PATTERN, StreamSettings.AVAILABLE_NOW, "earliest", null, true,
                            work.resolve("checkpoint-" + query++).toString(), DedupWindow.parse("48h"), "ceiling-" + name);
                    long t0 = System.nanoTime();
                    StreamingQuery q = name.equals("validator") ? ValidatorPipeline.start(spark, s, null)
                            : KafkaSourceAndSink.sink(rows(spark, s, name), s).start();
                    q.awaitTermination();
                    if (q.exception().isDefined()) {
                        throw new IllegalStateException("query " + name + " failed", q.exception().get());
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (name.equals("copy")) {
                        copySeconds = seconds;
                    }
                    double ratio = copySeconds / seconds;
                    if (round > 0) {
                        ratios.computeIfAbsent(name, k -> new ArrayList<>()).add(ratio);
                    }
                    out.printf("%-8s %-18s %6.2f s  %,9.0f records/s  ratio %.2f%n", round == 0 ? "warm-up" : "round " + round, name, seconds,
                            records / seconds, ratio);
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        out.printf("%nmedian ratio to the copy over %d round(s):%n", rounds);
        for (Map.Entry<String, List<Double>> e : ratios.entrySet()) {
            List<Double> sorted = e.getValue().stream().sorted().toList();
            medians.put(e.getKey(), sorted.get(sorted.size() / 2));
            out.printf("  %-18s %.2f%n", e.getKey(), sorted.get(sorted.size() / 2));
        }
        return medians;
    }

    private static Dataset<Row> rows(SparkSession spark, StreamSettings s, String name) {
        Dataset<Row> source = KafkaSourceAndSink.source(spark, s);
        if (name.equals("copy")) {
            return source.select(concat(lit(CopyPipeline.PREFIX), col("topic")).as("topic"), col("key"), col("value"));
        }
        return source.select(col("key"), col("value"), col("topic"), col("partition"), col("offset"))
                .mapPartitions(new Reduced(name), Encoders.row(OUT));
    }

    /** The reduced validators over rows (key, value, topic, partition, offset); writes (topic, key, value). */
    static final class Reduced implements MapPartitionsFunction<Row, Row> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String name;

        Reduced(String name) {
            this.name = name;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> input) throws NoSuchAlgorithmException {
            JsonFactory json = new JsonFactory();
            RecordValidator validator = RecordValidator.fromClasspath();
            UnparsedRepeats repeats = new UnparsedRepeats(UnparsedRepeats.DEFAULT_CAPACITY);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            boolean copyOnly = name.equals("java-copy");
            return new Iterator<>() {
                private Row next;

                @Override
                public boolean hasNext() {
                    while (next == null && input.hasNext()) {
                        Row in = input.next();
                        byte[] value = in.getAs(1);
                        String topic = in.getString(2);
                        if (copyOnly) {
                            next = RowFactory.create(CopyPipeline.PREFIX + topic, in.getAs(0), value);
                            break;
                        }
                        UnparsedRepeats.Probe probe = repeats.probe(topic, value);
                        if (repeats.known(probe, validator) != null) {
                            continue;
                        }
                        RoutedRecord routed = switch (name) {
                            case "validation" -> validator.validate(
                                    new SourcePosition(topic, in.getInt(3), in.getLong(4), null), null, value);
                            case "token-scan" -> scanned(topic, value, false);
                            case "token-scan+sha256" -> scanned(topic, value, true);
                            default -> throw new IllegalArgumentException("no reduced validator named " + name);
                        };
                        repeats.remember(probe, routed);
                        next = RowFactory.create(routed.outTopic(), in.getAs(0), routed.value());
                    }
                    return next != null;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row r = next;
                    next = null;
                    return r;
                }

                /** The record as read, "validated" when its JSON scans to the end, "rejected" otherwise. */
                private RoutedRecord scanned(String topic, byte[] value, boolean hash) {
                    boolean wellFormed = true;
                    try (JsonParser p = json.createParser(value)) {
                        while (p.nextToken() != null) {
                            // only the tokens: what any validation must at least read
                        }
                    } catch (IOException e) {
                        wellFormed = false;
                    }
                    String digest = hash ? java.util.HexFormat.of().formatHex(sha256.digest(value)) : "";
                    return wellFormed
                            ? new RoutedRecord("validated." + topic, null, value, topic, digest, null, 0L, List.of())
                            : new RoutedRecord("rejected." + topic, null, value, null, null, null, 0L, List.of("json:malformed"));
                }
            };
        }
    }
}
