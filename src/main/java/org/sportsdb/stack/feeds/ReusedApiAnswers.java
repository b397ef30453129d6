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
 * Answers of calls that gave up are not kept, and a feed never reuses an answer it got itself. Used by {@code direct:sportsdb-api-reused}:
 * {@link #reuse} before the call (sets {@code sportsdbReused}), {@link #keep} after it.
 */
public final class ReusedApiAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ReusedApiAnswers.class);
    public static final String REUSED = "sportsdbReused";
    private static final String CLAIM = "sportsdbReuseClaim";

    private static final class Answer {
        final Instant fetchedAt;
        final String feed;
        final CompletableFuture<List<Map<String, Object>>> rows = new CompletableFuture<>();

        Answer(Instant fetchedAt, String feed) {
            this.fetchedAt = fetchedAt;
            this.feed = feed;
        }
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Duration keepFor;
    private final Duration waitAtMost;
    private final Clock clock;
    private final FeedCounters counters;
    private final FeedProgress progress;

    public ReusedApiAnswers(Duration keepFor, Duration waitAtMost, Clock clock, FeedCounters counters, FeedProgress progress) {
        this.keepFor = keepFor;
        this.waitAtMost = waitAtMost;
        this.clock = clock;
        this.counters = counters;
        this.progress = progress;
    }

    public void reuse(Exchange exchange) throws InterruptedException, ExecutionException {
        EndpointTemplate endpoint = EndpointTemplate.of(exchange.getProperty(ExchangeKeys.ENDPOINT, String.class));
        String path = endpoint.resolve(endpoint.values(exchange::getProperty));
        exchange.removeProperty(ExchangeKeys.API_FAILED);
        exchange.removeProperty(CLAIM);
        exchange.setProperty(REUSED, false);
        Instant now = clock.instant();
        answers.values().removeIf(a -> a.rows.isDone() && expired(a, now));
        String feed = FeedName.of(exchange);
        Answer mine = new Answer(now, feed);
        // a feed never reuses its own earlier answer: running it again means asking again
        Answer answer = answers.compute(path, (k, old) -> old == null || expired(old, now)
                || (old.feed.equals(feed) && old.rows.isDone()) ? mine : old);
        if (answer == mine || keepFor.isZero()) {
            exchange.setProperty(CLAIM, mine);
            return;
        }
        try {
            List<Map<String, Object>> rows = answer.rows.get(waitAtMost.toMillis(), TimeUnit.MILLISECONDS);
            exchange.setProperty(ExchangeKeys.REQUEST_PATH, path);
            exchange.getIn().setBody(new ArrayList<>(rows));
            exchange.setProperty(REUSED, true);
            counters.count(FeedName.of(exchange), "reused_answers");
            progress.notNeeded(1);
        } catch (TimeoutException e) {
            LOG.warn("{}: waited {} for another feed's answer; asking the API itself", path, waitAtMost);
        }
    }

    @SuppressWarnings("unchecked")
    public void keep(Exchange exchange) {
        Answer claim = exchange.getProperty(CLAIM, Answer.class);
        exchange.removeProperty(CLAIM);
        if (claim == null) {
            return;
        }
        boolean failed = Boolean.TRUE.equals(exchange.getProperty(ExchangeKeys.API_FAILED, Boolean.class));
        Object body = exchange.getIn().getBody();
        List<Map<String, Object>> rows = body instanceof List ? List.copyOf((List<Map<String, Object>>) body) : List.of();
        if (failed) {
            answers.values().remove(claim);
        }
        claim.rows.complete(rows);
    }

    private boolean expired(Answer answer, Instant now) {
        return !answer.fetchedAt.plus(keepFor).isAfter(now);
    }
}
