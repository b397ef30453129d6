package org.sportsdb.stack.feeds;

import org.sportsdb.stack.dev.LogLines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.sportsdb.stack.api.ExchangeKeys;
import org.sportsdb.stack.dev.Eventually;

/** The run guard and the run-level retry's bookkeeping, on exchanges as direct:feed-run and the API route leave them. */
class RunGuardTest {

    private final CamelContext context = new DefaultCamelContext();
    private final FeedCounters counters = new FeedCounters();

    @Test
    void theNextRunStartsCleanAndARunNeverStartsBesideTheOneGoing() throws Exception {
        RunGuard runs = new RunGuard(context, Duration.ofHours(1), Clock.systemUTC(), counters);
        runs.start();
        try (LogLines log = new LogLines()) {
            runEndedWithFailedCalls(runs, "event", "2494000");
            assertEquals(1, log.containing("feed event: run done in", ": 1 calls failed, 1 of them retried once at").size());
            assertEquals(1, counters.get("event", "calls_failed"));

            Exchange nextNight = run("event");
            assertTrue(runs.begin(nextNight), "the waiting retry is not a run going");
            assertEquals(1, log.containing("feed event: the run-level retry of its previous run is dropped: a new run starts").size());
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> runs.awaitRetries(List.of("event")), "nothing left to wait for");

            Exchange fired = run("event");
            assertFalse(runs.begin(fired), "the next night's run is still going");
            assertTrue(fired.getProperty(RunGuard.RUN_SKIPPED, false, Boolean.class));
            assertEquals(1, counters.get("event", "skipped_run_still_running"));
            assertEquals(1, log.containing("feed event: run skipped: its previous run (started", "is still going").size());

            runs.end(nextNight);
            assertEquals(1, log.containing("feed event: run done in", ": 0 calls failed").size(), "the last line of the clean run");
            assertTrue(runs.begin(run("event")), "free again once the run ended");
        } finally {
            runs.stop();
        }
    }

    @Test
    void waitingForARunLevelRetrySaysWhatItWaitsForAndUntilWhen() throws Exception {
        // ./stack demo --once and run-feed wait for the retries of the calls that failed (30 min by default): not silently
        RunGuard runs = new RunGuard(context, Duration.ofMinutes(30), Clock.systemUTC(), counters);
        runs.start();
        try (LogLines log = new LogLines()) {
            runEndedWithFailedCalls(runs, "event", "2494000", "2494001");
            String due = log.containing("feed event: run done in", "retried once at").get(0).replaceAll(".* at (\\S+ UTC).*", "$1");

            Thread waiting = new Thread(() -> {
                try {
                    runs.awaitRetries(List.of("event"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiting.start();
            Eventually.await("the line saying what the wait is for", Duration.ofSeconds(30), () -> !log.containing(
                    "feed event: waiting for the run-level retry of 2 failed calls, due at " + due + " (in 30 min;").isEmpty());
            assertEquals(1, log.containing("feed event: waiting for", "FEEDS_RETRY_AFTER_MINUTES sets the delay").size());

            assertTrue(runs.begin(run("event")), "a new run drops the retry, and the wait ends");
            waiting.join(5000);
            assertFalse(waiting.isAlive());
        } finally {
            runs.stop();
        }
    }

    /** A run of the feed whose nightly calls for these events gave up, ended: their run-level retry is due. */
    private void runEndedWithFailedCalls(RunGuard runs, String feed, String... idEvents) {
        Exchange night = run(feed);
        assertTrue(runs.begin(night));
        for (String idEvent : idEvents) {
            failedCall(night, idEvent);
            runs.callFailed(night);
        }
        runs.end(night);
    }

    private Exchange run(String feed) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RunGuard.RUN_FEED, feed);
        return exchange;
    }

    /** What the shared API route leaves on the exchange of a nightly call that gave up. */
    private static void failedCall(Exchange exchange, String idEvent) {
        exchange.setProperty(ExchangeKeys.ENDPOINT, "/lookup/event/{idEvent}");
        exchange.setProperty("idEvent", idEvent);
        exchange.setProperty(ExchangeKeys.REQUEST_PATH, "/lookup/event/" + idEvent);
        exchange.setProperty(ExchangeKeys.RETRY_AT, "event-lookup");
        exchange.setProperty(ExchangeKeys.API_ATTEMPTS, 5);
        exchange.setProperty(ExchangeKeys.API_FAILURE, "RetryableApiException: HTTP 500 from /lookup/event/" + idEvent);
        exchange.setProperty(ExchangeKeys.CALL_INPUT, java.util.Map.of("idEvent", idEvent));
    }
}
