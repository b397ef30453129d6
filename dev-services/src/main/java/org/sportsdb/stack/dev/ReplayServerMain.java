package org.sportsdb.stack.dev;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import org.sportsdb.stack.dev.world.SeasonWorld;
import org.sportsdb.stack.dev.world.WorldServer;

/**
 * Runs the offline TheSportsDB as a process; stops on SIGTERM.
 * <ul>
 *   <li>{@code --corpus DIR --port N}: {@link ReplayServer}, the recorded corpus;</li>
 *   <li>{@code --world [--corpus DIR] [--port N] [--now 2026-12-08T00:00:00Z] [--leagues 4328,4480] [--seed 1]}: the
 *       season-sized {@link SeasonWorld} (its rows built on the corpus' samples), its clock at {@code --now}, moved over
 *       HTTP ({@link WorldServer}).</li>
 * </ul>
 */
public final class ReplayServerMain {

    private ReplayServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(Args.value(args, "--corpus", "src/test/resources/replay"));
        int port = Integer.parseInt(Args.value(args, "--port", "18089"));
        AutoCloseable server;
        if (Arrays.asList(args).contains("--world")) {
            String leagues = Args.value(args, "--leagues", String.join(",", SeasonWorld.DEFAULT_LEAGUES));
            SeasonWorld world = new SeasonWorld(corpus, Arrays.asList(leagues.split(",")), Long.parseLong(Args.value(args, "--seed", "1")),
                    Instant.parse(Args.value(args, "--now", "2026-12-08T00:00:00Z")), 30);
            WorldServer worldServer = new WorldServer(world, port);
            server = worldServer;
            System.out.println("replay server ready on " + worldServer.baseUrl() + " (season world: " + world.size() + ", clock at "
                    + world.now() + ")");
        } else {
            ReplayServer replay = new ReplayServer(corpus, port);
            server = replay;
            System.out.println("replay server ready on " + replay.baseUrl() + " (" + replay.files() + " recorded answers from " + corpus + ")");
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
