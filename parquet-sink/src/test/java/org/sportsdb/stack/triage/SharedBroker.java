package org.sportsdb.stack.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One in-process broker for the whole test JVM (each test uses its own topic prefix and group). */
final class SharedBroker {

    private static EmbeddedKafka broker;

    private SharedBroker() {
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete test broker data " + dir + ": " + e);
        }
    }

    static synchronized EmbeddedKafka get() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("triage-broker");
                long started = System.nanoTime();
                broker = new EmbeddedKafka(dir);
                System.out.printf("test broker %s up in %d ms%n", broker.bootstrap(), (System.nanoTime() - started) / 1_000_000);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    broker.close();
                    deleteTree(dir);
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }
}
