package org.sportsdb.stack.feeds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.EndpointTemplate;
import org.sportsdb.stack.api.ExchangeKeys;
import org.sportsdb.stack.api.FeedName;

/**
 * The nightly feeds' shared answers: the rows of a nightly request (same resolved path) that
 * another feed got less than {@code keepFor} ago are reused instead of calling the API again;
 * a feed asking while the first call is still running waits for it (at most {@code waitAtMost}).
 * <p>
 * A call that failed (gave up after its retries, or its answer was rejected) is kept as a failure,
 * never as an empty answer: every feed waiting for it is told at once, and a feed asking later within
 * {@code keepFor} gets the failure without calling (both count and log it as a failed call of their
 * own and retry it in their run-level retry). A run-level retry never takes a failure (of a first pass or of
 * another feed's retry, kept or waited for): it asks the API again, and its answer (or failure) replaces the kept one. A feed never reuses an answer it
 * got itself. Used by {@code kamelet:sportsdb-api-call} with {@code reuse: true}: {@link #reuse} before the call (sets
 * {@code sportsdbReused}, or {@code sportsdbFailed} for a failure of another feed), {@link #keep}
 * after an answer, {@link #failed} after a failure.
 */
public final class ReusedApiAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ReusedApiAnswers.class);
    public static final String REUSED = ExchangeKeys.REUSED;
    private static final String CLAIM = "sportsdbReuseClaim";

    /** The rows of an answer, or why there is none. */
    private record Outcome(List<Map<String, Object>> rows, String failure) {
    }

    private static final class Answer {
        final Instant fetchedAt;
        final String feed;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Answer(Instant fetchedAt, String feed) {
            this.fetchedAt = fetchedAt;
            this.feed = feed;
        }

        boolean failed() {
            return outcome.isDone() && outcome.join().failure() != null;
        }
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Duration keepFor;
    private final Duration waitAtMost;
    private final Clock clock;
    private final FeedCounters counters;

    public ReusedApiAnswers(Duration keepFor, Duration waitAtMost, Clock clock, FeedCounters counters) {
        this.keepFor = keepFor;
        this.waitAtMost = waitAtMost;
        this.clock = clock;
        this.counters = counters;
    }

    public void reuse(Exchange exchange) throws InterruptedException, ExecutionException {
        EndpointTemplate endpoint = EndpointTemplate.of(exchange.getProperty(ExchangeKeys.ENDPOINT, String.class));
        String path = endpoint.resolve(endpoint.values(exchange::getProperty));
        exchange.removeProperty(ExchangeKeys.API_FAILED);
        exchange.removeProperty(ExchangeKeys.API_FAILURE);
        exchange.removeProperty(CLAIM);
        exchange.setProperty(REUSED, false);
        Instant now = clock.instant();
        answers.values().removeIf(a -> a.outcome.isDone() && expired(a, now));
        String feed = FeedName.of(exchange);
        boolean retryPass = RunGuard.isRetryPass(exchange);
        Answer mine = new Answer(now, feed);
        // a feed never reuses its own earlier answer: running it again means asking again;
        // a run-level retry never takes a failure, whichever feed or pass got it: it asks again
        Answer answer = answers.compute(path, (k, old) -> old == null || expired(old, now)
                || (old.feed.equals(feed) && old.outcome.isDone()) || (retryPass && old.failed()) ? mine : old);
        if (answer == mine || keepFor.isZero()) {
            exchange.setProperty(CLAIM, mine);
            return;
        }
        Outcome outcome;
        try {
            outcome = answer.outcome.get(waitAtMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: waited {} for another feed's answer; asking the API itself", path, waitAtMost);
            return;
        }
        if (outcome.failure() != null && retryPass) {
            // the call this retry waited for failed (another feed's retry): ask again, and keep this answer instead
            if (answers.replace(path, answer, mine)) {
                exchange.setProperty(CLAIM, mine);
            }
            return;
        }
        exchange.setProperty(ExchangeKeys.REQUEST_PATH, path);
        if (outcome.failure() != null) {
            exchange.setProperty(ExchangeKeys.API_FAILED, true);
            exchange.setProperty(ExchangeKeys.API_FAILURE, "feed " + answer.feed + ": " + outcome.failure());
            exchange.setProperty(REUSED, true);
            exchange.getIn().setBody(List.of());
            return;
        }
        exchange.getIn().setBody(new ArrayList<>(outcome.rows()));
        exchange.setProperty(REUSED, true);
        counters.count(feed, "reused_answers");
    }

    /** After an answer: the feeds waiting for it, and those asking within keepFor, get its rows. */
    @SuppressWarnings("unchecked")
    public void keep(Exchange exchange) {
        Answer claim = claim(exchange);
        if (claim != null) {
            Object body = exchange.getIn().getBody();
            claim.outcome.complete(new Outcome(body instanceof List ? List.copyOf((List<Map<String, Object>>) body) : List.of(), null));
        }
    }

    /** After a call without an answer: the feeds waiting for it, and those asking within keepFor, get the failure at once. */
    public void failed(Exchange exchange) {
        Answer claim = claim(exchange);
        if (claim != null) {
            Integer attempts = exchange.getProperty(ExchangeKeys.API_ATTEMPTS, Integer.class);
            claim.outcome.complete(new Outcome(null, exchange.getProperty(ExchangeKeys.API_FAILURE, "failed", String.class)
                    + " after " + RunGuard.attempts(attempts == null ? 0 : attempts)));
        }
    }

    /** Forgets every kept answer, as a restart does (a test starts each of its nights afresh with it). */
    void forgetAll() {
        answers.clear();
    }

    private static Answer claim(Exchange exchange) {
        Answer claim = exchange.getProperty(CLAIM, Answer.class);
        exchange.removeProperty(CLAIM);
        return claim;
    }

    private boolean expired(Answer answer, Instant now) {
        return !answer.fetchedAt.plus(keepFor).isAfter(now);
    }
}
