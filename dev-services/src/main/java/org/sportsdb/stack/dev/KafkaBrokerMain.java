package org.sportsdb.stack.dev;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs {@link KafkaBroker} as a process for the demo: {@code --data DIR --port N}; stops on SIGTERM. */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(Args.value(args, "--data", ".run/kafka"));
        int port = Integer.parseInt(Args.value(args, "--port", "19092"));
        // the demo's broker keeps every record on disk at once (Ctrl-C and a restart lose nothing)
        KafkaBroker broker = new KafkaBroker(data, port, Map.of("log.flush.interval.messages", "1",
                "offsets.topic.num.partitions", "3")).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }));
        System.out.println("kafka broker ready on " + broker.bootstrap() + " (data in " + data + ")");
        System.out.flush();
        stopped.await();
    }
}
