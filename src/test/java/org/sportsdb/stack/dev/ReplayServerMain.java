package org.sportsdb.stack.dev;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs {@link ReplayServer} as a process: {@code --corpus DIR --port N}; stops on SIGTERM. */
public final class ReplayServerMain {

    private ReplayServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path corpus = Path.of(Args.value(args, "--corpus", "src/test/resources/replay"));
        int port = Integer.parseInt(Args.value(args, "--port", "18089"));
        ReplayServer server = new ReplayServer(corpus, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("replay server ready on " + server.baseUrl() + " (" + server.files() + " recorded answers from " + corpus + ")");
        System.out.flush();
        stopped.await();
    }
}
