package org.sportsdb.stack.validator.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sportsdb.stack.validator.bench.BenchRecordGenerator;
import org.sportsdb.stack.validator.contract.ContractCatalog;
import org.sportsdb.stack.dev.KafkaBroker;
import org.sportsdb.stack.validator.kafka.KafkaIo;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster way of running the validator, for real: a KRaft broker (in this JVM) gets generated soccer.* records,
 * then {@code spark-submit} (its own JVM, Spark's SparkSubmit class) sends the module's shaded jar to the standalone
 * Spark master given as the first argument, in client mode as the compose file does, with
 * VALIDATOR_TRIGGER_INTERVAL=available-now; the executors run in the worker's JVMs. Afterwards the validated.* and
 * rejected.* topics must hold exactly what the generator says. Exit 0 when they do. Driven by
 * {@code spark-validator/cluster/check-submit.sh}, which starts the master and the worker.
 *
 * <p>Arguments: master URL, shaded jar, SPARK_HOME (its jars/ is the driver's class path, as in the Spark image),
 * work directory, number of records.
 */
public final class ClusterSubmitCheck {
    private ClusterSubmitCheck() {
    }

    public static void main(String[] args) throws Exception {
        String master = args[0];
        Path jar = Path.of(args[1]);
        Path sparkHome = Path.of(args[2]);
        Path work = Path.of(args[3]);
        long records = Long.parseLong(args[4]);
        ContractCatalog catalog = ContractCatalog.fromClasspath();
        List<String> topics = catalog.all().keySet().stream().toList();
        try (KafkaBroker broker = new KafkaBroker(work.resolve("kafka"), 0, KafkaIo.brokerConfig(2, true)).start()) {
            KafkaIo.createTopics(broker.bootstrap(), topics, 2);
            KafkaIo.createTopics(broker.bootstrap(), topics.stream().flatMap(t -> Stream.of("validated." + t, "rejected." + t)).toList(), 2);
            BenchRecordGenerator gen = new BenchRecordGenerator(catalog, System.currentTimeMillis() / 1000 - 3600);
            try (KafkaProducer<byte[], byte[]> p = KafkaIo.producer(broker.bootstrap())) {
                for (long i = 0; i < records; i++) {
                    BenchRecordGenerator.Generated g = gen.next(i);
                    p.send(new ProducerRecord<>(g.topic(), g.key().getBytes(StandardCharsets.UTF_8), g.value().getBytes(StandardCharsets.UTF_8)));
                }
            }
            System.out.printf("cluster check: %,d records on the soccer.* topics of %s%n", records, broker.bootstrap());

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmFlags());
            command.addAll(List.of("-Xmx512m", "-cp", sparkHome.resolve("jars") + File.separator + "*",
                    "org.apache.spark.deploy.SparkSubmit",
                    "--master", master, "--deploy-mode", "client", "--name", "cluster-check",
                    "--class", "org.sportsdb.stack.validator.ValidatorJob",
                    "--driver-memory", "512m", "--executor-memory", "512m",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.ui.enabled=false",
                    jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("SPARK_HOME", sparkHome.toString());
            pb.environment().put("KAFKA_BOOTSTRAP", broker.bootstrap());
            pb.environment().put("VALIDATOR_TRIGGER_INTERVAL", "available-now");
            pb.environment().put("VALIDATOR_CHECKPOINT_DIR", work.resolve("checkpoint").toString());
            pb.environment().put("VALIDATOR_METRICS_PORT", "0");
            long t0 = System.nanoTime();
            Process submit = pb.start();
            if (!submit.waitFor(10, TimeUnit.MINUTES)) {
                submit.destroyForcibly();
                fail("spark-submit did not finish within 10 minutes");
            }
            if (submit.exitValue() != 0) {
                fail("spark-submit exited with " + submit.exitValue());
            }
            long validated = topics.stream().mapToLong(t -> KafkaIo.count(broker.bootstrap(), "validated." + t)).sum();
            long rejected = topics.stream().mapToLong(t -> KafkaIo.count(broker.bootstrap(), "rejected." + t)).sum();
            System.out.printf("cluster check: spark-submit to %s took %.1f s; validated=%,d (expected %,d) rejected=%,d (expected %,d)%n",
                    master, (System.nanoTime() - t0) / 1e9, validated, gen.expectedValidated(), rejected, gen.expectedRejected());
            if (validated != gen.expectedValidated() || rejected != gen.expectedRejected()) {
                fail("the cluster run routed other counts than generated");
            }
            System.out.println("cluster check: passed");
        }
    }

    /** The JVM flags Spark needs on Java 17 (spark-validator/jvm-flags.txt). */
    private static List<String> jvmFlags() throws java.io.IOException {
        Path flags = Path.of(System.getProperty("validator.jvm-flags", "spark-validator/jvm-flags.txt"));
        return java.nio.file.Files.readAllLines(flags).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static void fail(String why) {
        System.out.println("cluster check: FAILED: " + why);
        System.exit(1);
    }
}
