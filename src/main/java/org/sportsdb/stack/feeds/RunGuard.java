package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.EndpointTemplate;
import org.sportsdb.stack.api.ExchangeKeys;
import org.sportsdb.stack.api.FeedName;

/**
 * The guard every run of a feed goes through (bean {@code runGuard}, route {@code direct:feed-run}: every feed's
 * trigger and {@link OnDemandRuns}), one place for all feeds; it lets a run start, keeps what its calls left undone
 * and runs that again once, in a guarded run of its own:
 * <ul>
 *   <li><b>one run at a time</b>: a run of a feed that starts while its previous run is still going is
 *       skipped, counted ({@code skipped_run_still_running} in {@code feedCounters}, Prometheus
 *       {@code sportsdb_feed_decisions_total{decision="skipped_run_still_running"}}) and logged
 *       ({@code feed live-score: run skipped: its previous run (started ...) is still going});</li>
 *   <li><b>failed calls</b> ({@link #callFailed}, from the shared API route): counted ({@code calls_failed}),
 *       logged in one line with feed, endpoint, attempts, last error and what the feed skipped, and
 *       kept with the run;</li>
 *   <li><b>run-level retry</b>: a run ends with a line saying how many calls failed; the nightly calls
 *       among them (those with {@code retryAt}) are retried once, {@code retryAfter} later, in a retry
 *       pass of the feed (itself a run: never beside another run of the feed); what fails again is
 *       reported ({@code calls_failed_after_retry}, one line each). A new run of the feed drops a retry
 *       still waiting: the next night starts clean.</li>
 *   <li><b>Kafka not answering</b> ({@link #publishFailed}, from {@code kamelet:kafka-publish-record}; {@link #withKafka},
 *       around the feeds' state topics): a record Kafka did not take is counted ({@code records_not_published}); once
 *       Kafka did not answer for a topic within its timeout (the broker gone, the topic missing), the rest of the run
 *       does not wait for it again: its later records and state reads for that topic fail at once, so a run ends
 *       within one Kafka timeout per topic, not one per record. Its last line (ERROR) names the topics and the records
 *       not published; the next run tries Kafka again and offers those records again.</li>
 *   <li><b>a run over</b>: once a run has ended and its run-level retry, if one was due, has ended or was dropped,
 *       the listeners are told of its {@link FeedRun} and of the retry pass's ({@link Listener#runOver}; bean
 *       {@code oncePerRun} then forgets their ids).</li>
 * </ul>
 */
public final class RunGuard extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RunGuard.class);
    /** The feed {@code direct:feed-run} runs. */
    public static final String RUN_FEED = "runFeed";
    /** Set on the exchange when {@code direct:feed-run} skipped the run. */
    public static final String RUN_SKIPPED = "sportsdbRunSkipped";
    private static final String RETRY_PASS = "sportsdbRetryPass";
    private static final String PREVIOUS_FEED = "sportsdbPreviousFeed";
    private static final String PREVIOUS_FEED_RUN = "sportsdbPreviousFeedRun";
    /** Properties of a failed call that are not copied into its retry: the call's own state. */
    private static final List<String> CALL_STATE = List.of(ExchangeKeys.API_FAILED, ExchangeKeys.API_FAILURE,
            ExchangeKeys.API_ATTEMPTS, ExchangeKeys.CALL_INPUT, ExchangeKeys.FEED, ReusedApiAnswers.REUSED,
            "sportsdbReuseClaim", FeedRunSteps.FEED_RUN, RETRY_PASS, PREVIOUS_FEED, PREVIOUS_FEED_RUN, RUN_FEED);

    /** Told of skipped runs and of calls still failing after the run-level retry (e.g. for alert mails). */
    public interface Listener {
        default void runSkipped(String feed, Instant previousRunStarted) {
        }

        default void failedAfterRetry(String feed, String path, String failure) {
        }

        /**
         * A run (or its run-level retry pass) ended with records Kafka did not take: {@code topics} the topics it did not
         * answer for, {@code failure} the first failure.
         */
        default void recordsNotPublished(String feed, String topics, long records, String failure) {
        }

        /**
         * The run (a feed's run or its run-level retry pass, by its {@link FeedRun}) is over for good: neither it nor
         * a retry of it runs again.
         */
        default void runOver(FeedRun run) {
        }
    }

    /** A call that got no answer, with what is needed to make it again. */
    record FailedCall(String path, String what, String failure, String retryAt, Map<String, Object> properties, Object input) {
    }

    /** A run-level retry due later, of so many calls, and the {@link FeedRun} of the run it retries (not over before the retry is). */
    private record WaitingRetry(ScheduledFuture<?> timer, FeedRun ofRun, Instant due, int calls) {
    }

    private static final class RunGoing {
        final String feed;
        final boolean retryPass;
        final Instant started;
        final List<FailedCall> failed = new CopyOnWriteArrayList<>();
        /** The topics Kafka did not answer for in this run, with the first failure: not tried again in the run. */
        final Map<String, Throwable> kafkaDown = new ConcurrentHashMap<>();
        final AtomicLong notPublished = new AtomicLong();
        /** The {@link FeedRun} the feed's route started, once the run ended (a retry pass keeps its own). */
        volatile FeedRun feedRun;

        RunGoing(String feed, boolean retryPass, Instant started) {
            this.feed = feed;
            this.retryPass = retryPass;
            this.started = started;
        }
    }

    private final CamelContext context;
    private final Duration retryAfter;
    private final Clock clock;
    private final FeedCounters counters;
    private final Map<String, RunGoing> running = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, WaitingRetry> waitingRetries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> retriesDone = new ConcurrentHashMap<>();
    private ScheduledExecutorService retryTimer;
    private ProducerTemplate template;

    public RunGuard(CamelContext context, Duration retryAfter, Clock clock, FeedCounters counters) {
        this.context = context;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.counters = counters;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    private void tell(java.util.function.Consumer<Listener> event) {
        for (Listener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("feed run listener {} failed: {}", listener, e.toString());
            }
        }
    }

    @Override
    protected void doStart() {
        retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-run-retries");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (retryTimer != null) {
            retryTimer.shutdownNow();
        }
        retriesDone.values().forEach(done -> done.complete(null));
        if (template != null) {
            template.stop();
        }
    }

    // ---- direct:feed-run -------------------------------------------------------------------------

    /** Starts the run of property {@value #RUN_FEED}; false (skipped, counted, logged) while its previous run goes on. */
    public boolean begin(Exchange exchange) {
        String feed = exchange.getProperty(RUN_FEED, String.class);
        if (feed == null || feed.isBlank()) {
            throw new IllegalArgumentException("direct:feed-run needs property " + RUN_FEED);
        }
        if (!tryBegin(feed, false)) {
            exchange.setProperty(RUN_SKIPPED, true);
            return false;
        }
        exchange.setProperty(PREVIOUS_FEED, exchange.getProperty(ExchangeKeys.FEED));
        exchange.setProperty(PREVIOUS_FEED_RUN, exchange.getProperty(FeedRunSteps.FEED_RUN));
        exchange.setProperty(ExchangeKeys.FEED, feed);
        return true;
    }

    /** Ends the run started by {@link #begin}: its last line, and the retry of its failed nightly calls. */
    public void end(Exchange exchange) {
        String feed = exchange.getProperty(ExchangeKeys.FEED, String.class);
        Object previous = exchange.getProperty(PREVIOUS_FEED);
        exchange.removeProperty(PREVIOUS_FEED);
        Object previousFeedRun = exchange.removeProperty(PREVIOUS_FEED_RUN);
        FeedRun feedRun = exchange.getProperty(FeedRunSteps.FEED_RUN, FeedRun.class);
        if (previous == null) {
            exchange.removeProperty(ExchangeKeys.FEED);
        } else {
            exchange.setProperty(ExchangeKeys.FEED, previous);
        }
        RunGoing run = feed == null ? null : running.get(feed);
        if (run != null) {
            if (feedRun != previousFeedRun) {
                run.feedRun = feedRun; // started by the feed's route; one already on the exchange is an outer run's
            }
            Exception failedWith = exchange.getException();
            finish(run, failedWith != null ? failedWith : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        }
    }

    /** True while the exchange belongs to a feed's run-level retry. */
    static boolean isRetryPass(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(RETRY_PASS, Boolean.class));
    }

    // ---- failed calls (direct:sportsdb-api-failed) ------------------------------------------------

    /** A call of the exchange's feed got no answer: counted, logged with what is skipped, kept for the run-level retry. */
    public void callFailed(Exchange exchange) {
        String feed = FeedName.of(exchange);
        String endpoint = exchange.getProperty(ExchangeKeys.ENDPOINT, String.class);
        EndpointTemplate template = EndpointTemplate.of(endpoint);
        String path = exchange.getProperty(ExchangeKeys.REQUEST_PATH, endpoint, String.class);
        String what = template.describe(template.values(exchange::getProperty));
        String failure = exchange.getProperty(ExchangeKeys.API_FAILURE, "unknown error", String.class);
        String retryAt = exchange.getProperty(ExchangeKeys.RETRY_AT, String.class);
        RunGoing run = running.get(feed);
        counters.count(feed, "calls_failed");
        String next;
        if (run != null && run.retryPass) {
            next = "it was the run-level retry: reported";
        } else if (retryAt != null && run != null) {
            next = "retried once " + minutes(retryAfter) + " after the run";
        } else {
            next = "the feed's next run asks again";
        }
        boolean reused = Boolean.TRUE.equals(exchange.getProperty(ReusedApiAnswers.REUSED, Boolean.class));
        Integer attempts = exchange.getProperty(ExchangeKeys.API_ATTEMPTS, Integer.class);
        if (reused) {
            LOG.warn("feed {}: skipped: {} failed ({}: {}); {}", feed, what, path, failure, next);
        } else {
            LOG.error("feed {}: gave up on {} after {}, last error: {}; skipped: {} and what the feed builds on it; {}",
                    feed, path, attempts(attempts == null ? 0 : attempts), failure, what, next);
        }
        if (run != null) {
            Map<String, Object> properties = new LinkedHashMap<>(exchange.getProperties());
            CALL_STATE.forEach(properties::remove);
            properties.keySet().removeIf(k -> k.startsWith("Camel"));
            run.failed.add(new FailedCall(path, what, failure, retryAt, properties, exchange.getProperty(ExchangeKeys.CALL_INPUT)));
        }
    }

    /**
     * True when no API call of the exchange's run failed for the exchange's value of {@code property} (e.g. idEvent):
     * what a route remembers as done after several calls (an event's four details) is remembered only when every one
     * of them answered. Otherwise counted ({@code left_due_after_failed_call}) and false: the next run asks again, even
     * when the run-level retry, which lives in memory, is lost to a restart or dropped by a new run.
     */
    public boolean noCallFailedFor(Exchange exchange, String property) {
        String feed = FeedName.of(exchange);
        RunGoing run = running.get(feed);
        Object value = exchange.getProperty(property);
        if (run == null || value == null) {
            return true;
        }
        boolean failed = run.failed.stream().anyMatch(c -> value.equals(c.properties().get(property)));
        if (failed) {
            counters.count(feed, "left_due_after_failed_call");
        }
        return !failed;
    }

    // ---- Kafka within a run (kamelet:kafka-publish-record, the state topics) ------------------------------

    /**
     * Before a record of the exchange's run is sent to {@code topic}: fails at once ({@link KafkaUnavailableException})
     * when Kafka did not answer for that topic earlier in the run.
     */
    public void beforePublish(Exchange exchange, String topic) {
        notTriedAgain(running.get(FeedName.of(exchange)), topic);
    }

    /** Fails at once when Kafka did not answer for the topic earlier in the run. */
    private static void notTriedAgain(RunGoing run, String topic) {
        Throwable earlier = run == null ? null : run.kafkaDown.get(topic);
        if (earlier != null) {
            throw new KafkaNotTriedException(topic, "not tried: Kafka did not answer for " + topic + " earlier in this run of "
                    + run.feed + " (" + earlier + "); the next run tries again");
        }
    }

    /**
     * A record of the exchange's run that Kafka did not take (the kamelet's catch; the error is the exchange's caught
     * exception): counted ({@code records_not_published}); when Kafka did not answer, the run sends no more records to
     * the topic. Throws that error again: the record fails, and with it the run.
     */
    public void publishFailed(Exchange exchange, String topic) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String feed = FeedName.of(exchange);
        counters.count(feed, "records_not_published");
        RunGoing run = running.get(feed);
        if (run != null) {
            run.notPublished.incrementAndGet();
        }
        kafkaFailed(run, topic, failure);
        throw failure != null ? failure : new IllegalStateException("a record for " + topic + " was not published");
    }

    /** The value {@code memory} holds for {@code key}, read as Kafka work of the exchange's run ({@link #withKafka}). */
    public String remembered(Exchange exchange, CompactedTopicMemory memory, String key) {
        return withKafka(exchange, memory.topic(), () -> memory.get(key));
    }

    /**
     * Remembers {@code value} for {@code key} in {@code memory} for the exchange's run ({@link #withKafka}); the write
     * completes in the background (a failure counted and logged by the memory).
     */
    public void rememberSoon(Exchange exchange, CompactedTopicMemory memory, String key, String value) {
        withKafka(exchange, memory.topic(), () -> {
            memory.putSoon(key, value, FeedName.of(exchange));
            return null;
        });
    }

    /**
     * Kafka work of the exchange's run on {@code topic} (a state topic read or written): fails at once when Kafka did not
     * answer for that topic earlier in the run; when it does not answer now, the rest of the run does not wait for it.
     */
    public <T> T withKafka(Exchange exchange, String topic, Supplier<T> work) {
        RunGoing run = running.get(FeedName.of(exchange));
        notTriedAgain(run, topic);
        try {
            return work.get();
        } catch (RuntimeException e) {
            kafkaFailed(run, topic, e);
            throw e;
        }
    }

    private void kafkaFailed(RunGoing run, String topic, Throwable failure) {
        if (run != null && failure != null && KafkaUnavailableException.isKafkaUnavailable(failure)
                && run.kafkaDown.putIfAbsent(topic, failure) == null) {
            LOG.error("feed {}: Kafka did not answer for {} ({}); the rest of this run does not wait for it again, the next run does",
                    run.feed, topic, failure.toString());
        }
    }

    // ---- runs from Java (OnDemandRuns) -----------------------------------------------------------------

    /** Waits until the run-level retries of these feeds that are due or running are over. */
    public void awaitRetries(Collection<String> feeds) throws InterruptedException {
        for (String feed : feeds) {
            CompletableFuture<Void> done = retriesDone.get(feed);
            WaitingRetry waiting = waitingRetries.get(feed);
            if (done != null && waiting != null) {  // a long wait (feeds.retry-after-minutes): say what for and until when
                LocalTime due = LocalTime.ofInstant(waiting.due(), ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
                LOG.info("feed {}: waiting for the run-level retry of {} failed calls, due at {} UTC (in {}; "
                        + "FEEDS_RETRY_AFTER_MINUTES sets the delay)", feed, waiting.calls(), due,
                        remaining(Duration.between(clock.instant(), waiting.due())));
            }
            if (done != null) {
                try {
                    done.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    LOG.warn("feed {}: run-level retry failed: {}", feed, e.getCause().toString());
                }
            }
        }
    }

    /** Calls that failed in the last runs of these feeds and in their retries (after the retries: what was reported). */
    public long failedCalls(Collection<String> feeds) {
        return feeds.stream().mapToLong(f -> counters.get(f, "calls_failed")).sum();
    }

    // ---- the runs --------------------------------------------------------------------------------

    private boolean tryBegin(String feed, boolean retryPass) {
        RunGoing run = new RunGoing(feed, retryPass, clock.instant());
        RunGoing going = running.putIfAbsent(feed, run);
        if (going != null) {
            counters.count(feed, "skipped_run_still_running");
            LOG.warn("feed {}: {} skipped: its previous run ({}started {} UTC, {} s ago) is still going", feed,
                    retryPass ? "run-level retry" : "run", going.retryPass ? "a run-level retry, " : "",
                    LocalTime.ofInstant(going.started, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
                    Duration.between(going.started, clock.instant()).toSeconds());
            tell(l -> l.runSkipped(feed, going.started));
            return false;
        }
        if (!retryPass) {
            WaitingRetry waiting = waitingRetries.remove(feed);
            if (waiting != null && waiting.timer().cancel(false)) {
                LOG.warn("feed {}: the run-level retry of its previous run is dropped: a new run starts", feed);
                over(waiting.ofRun());
                CompletableFuture<Void> done = retriesDone.remove(feed);
                if (done != null) {
                    done.complete(null);
                }
            }
        }
        return true;
    }

    private void finish(RunGoing run, Exception failedWith) {
        running.remove(run.feed, run);
        long millis = Duration.between(run.started, clock.instant()).toMillis();
        List<FailedCall> failed = List.copyOf(run.failed);
        String ending = failedWith == null ? "" : "; the run stopped on " + failedWith;
        boolean kafkaDown = !run.kafkaDown.isEmpty();
        if (kafkaDown) {
            String topics = String.join(", ", new TreeSet<>(run.kafkaDown.keySet()));
            ending = "; Kafka did not answer for " + topics + ": " + run.notPublished.get()
                    + " records not published (the next run offers them again)" + ending;
            String first = run.kafkaDown.values().iterator().next().toString();
            tell(l -> l.recordsNotPublished(run.feed, topics, run.notPublished.get(), first));
        }
        if (run.retryPass) {
            failed.forEach(call -> {
                counters.count(run.feed, "calls_failed_after_retry");
                LOG.error("feed {}: reported: {} failed again in the run-level retry ({}: {})", run.feed, call.what(), call.path(), call.failure());
                tell(l -> l.failedAfterRetry(run.feed, call.path(), call.failure()));
            });
            log(kafkaDown, "feed {}: run-level retry done in {} ms: {} calls failed again{}", run.feed, millis, failed.size(), ending);
            return;
        }
        List<FailedCall> retried = failed.stream().filter(c -> c.retryAt() != null).collect(Collectors.toList());
        if (retried.isEmpty() || retryTimer == null) {
            log(kafkaDown, "feed {}: run done in {} ms: {} calls failed{}", run.feed, millis, failed.size(), ending);
            over(run.feedRun);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        retriesDone.put(run.feed, done);
        FeedRun ofRun = run.feedRun;
        Instant due = clock.instant().plus(retryAfter);
        waitingRetries.put(run.feed, new WaitingRetry(retryTimer.schedule(() -> retryPass(run.feed, retried, ofRun, done),
                retryAfter.toMillis(), TimeUnit.MILLISECONDS), ofRun, due, retried.size()));
        log(kafkaDown, "feed {}: run done in {} ms: {} calls failed, {} of them retried once at {} UTC{}", run.feed, millis, failed.size(),
                retried.size(), LocalTime.ofInstant(due, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), ending);
    }

    /** A run's last line: ERROR when Kafka did not answer in the run, else INFO. */
    private static void log(boolean error, String format, Object... args) {
        if (error) {
            LOG.error(format, args);
        } else {
            LOG.info(format, args);
        }
    }

    /** The run-level retry of the run {@code ofRun}: that run is over once the retry is (its ids stay until then). */
    private void retryPass(String feed, List<FailedCall> calls, FeedRun ofRun, CompletableFuture<Void> done) {
        waitingRetries.remove(feed);
        FeedRun feedRun = null;
        try {
            if (!tryBegin(feed, true)) {
                calls.forEach(call -> {
                    counters.count(feed, "calls_failed_after_retry");
                    LOG.error("feed {}: reported: {} ({}) not retried: {}", feed, call.what(), call.path(), call.failure());
                    tell(l -> l.failedAfterRetry(feed, call.path(), call.failure()));
                });
                return;
            }
            LOG.info("feed {}: run-level retry of {} failed calls", feed, calls.size());
            FeedRun retryRun = ofRun == null ? new FeedRun(feed, counters) : ofRun.retry();
            feedRun = retryRun;
            Exception stoppedOn = null;
            boolean feedRouteRetried = false;
            for (FailedCall call : calls) {
                counters.count(feed, "calls_retried");
                // calls retried through the feed's own route (what depends on them is the whole run): that route once
                if (feed.equals(call.retryAt())) {
                    if (feedRouteRetried) {
                        continue;
                    }
                    feedRouteRetried = true;
                }
                Exchange result = producer().send("direct:" + call.retryAt(), exchange -> {
                    call.properties().forEach(exchange::setProperty);
                    exchange.setProperty(ExchangeKeys.FEED, feed);
                    exchange.setProperty(RETRY_PASS, true);
                    exchange.setProperty(FeedRunSteps.FEED_RUN, retryRun);
                    exchange.getIn().setBody(call.input());
                });
                if (result.getException() != null) {
                    stoppedOn = result.getException();
                    LOG.error("feed {}: the run-level retry of {} failed: {}", feed, call.path(), result.getException().toString());
                }
            }
            finish(running.get(feed), stoppedOn);
        } catch (RuntimeException e) {
            LOG.error("feed {}: run-level retry failed: {}", feed, e.toString());
            RunGoing run = running.get(feed);
            if (run != null && run.retryPass) {
                running.remove(feed, run);
            }
        } finally {
            over(feedRun);
            over(ofRun);
            retriesDone.remove(feed, done);
            done.complete(null);
        }
    }

    /** Tells the listeners that the run of this {@link FeedRun} is over for good (no retry of it to come). */
    private void over(FeedRun feedRun) {
        if (feedRun != null) {
            tell(l -> l.runOver(feedRun));
        }
    }

    private synchronized ProducerTemplate producer() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    static String attempts(int n) {
        return n == 1 ? "1 attempt" : n + " attempts";
    }

    /** A wait still to come, in whole minutes (rounded up) from one minute on. */
    private static String remaining(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        return seconds >= 60 ? (seconds + 59) / 60 + " min" : seconds + " s";
    }

    private static String minutes(Duration d) {
        return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
