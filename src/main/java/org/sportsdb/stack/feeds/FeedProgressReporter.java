package org.sportsdb.stack.feeds;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.sportsdb.stack.api.ApiCallStats;
import org.sportsdb.stack.publish.PublishedRecords;

/**
 * Prints a feed run's progress every few seconds while it runs and once at its end:
 * {@code team: 120/121 requests, 96 records} (requests answered or given up / requests sent, counted as they
 * happen by the shared API route; records acknowledged by Kafka since the feed started).
 */
final class FeedProgressReporter implements AutoCloseable {

    private final String feed;
    private final ApiCallStats stats;
    private final PublishedRecords published;
    private final Consumer<String> out;
    private final long callsBefore;
    private final long recordsBefore;
    private final long startedBefore;
    private final ScheduledExecutorService timer;

    FeedProgressReporter(CamelContext context, String feed, int everySeconds, Consumer<String> out) {
        this.feed = feed;
        this.stats = context.getRegistry().lookupByNameAndType("apiCallStats", ApiCallStats.class);
        this.published = context.getRegistry().lookupByNameAndType("publishedRecords", PublishedRecords.class);
        this.out = out;
        this.callsBefore = stats.callsFinished();
        this.startedBefore = stats.callsStarted();
        this.recordsBefore = records();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-progress-" + feed);
            t.setDaemon(true);
            return t;
        });
        if (everySeconds > 0) {
            timer.scheduleAtFixedRate(() -> out.accept(line()), everySeconds, everySeconds, TimeUnit.SECONDS);
        }
    }

    String line() {
        long done = stats.callsFinished() - callsBefore;
        long sent = Math.max(done, stats.callsStarted() - startedBefore);
        return feed + ": " + done + "/" + sent + " requests, " + (records() - recordsBefore) + " records";
    }

    private long records() {
        return published.snapshot().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        out.accept(line());
    }
}
