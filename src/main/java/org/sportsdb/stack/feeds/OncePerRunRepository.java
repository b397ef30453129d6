package org.sportsdb.stack.feeds;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.FeedName;

/**
 * The memory repository of the feeds' {@code idempotentConsumer} steps (bean {@code oncePerRun}): the ids each
 * feed run has handled, keyed {@code <run>/<field>/<id>}, e.g.
 * <pre>
 *   - idempotentConsumer:
 *       simple: "${exchangeProperty.feedRun.id}/idTeam/${body[idTeam]}"
 *       idempotentRepository: oncePerRun
 * </pre>
 * It also counts, per feed, what it turned away ({@code skipped_<field>_seen_or_capped}, the decision counter the caps
 * share). A row without the id is never a duplicate: it goes on (counted {@code without_<field>}) and is published with
 * an empty key for the validator to reject with its reason, never dropped here.
 * <p>
 * It holds the ids of the runs still going, at most {@code feeds.run-ids.capacity} of them: a run's ids (each id is kept
 * with the {@link FeedRun} of the exchange that added it) leave when {@link RunGuard} says the run is over
 * ({@link #runOver}: the run ended and its run-level retry, if one was due, ended or was dropped; the retry pass's own
 * ids leave with it). The nightly feeds all start at the same time, so several runs share the memory: when an id
 * comes in while it is full, the least recently used id leaves, and that is always an id of a run still going. One
 * met again is handled (API called, record published) a second time in that run, so each id lost is counted
 * ({@value #PAST_CAPACITY}, under the feed of the run that lost it) and the run is named in one WARN line, whichever
 * run's id filled the memory: one run with more ids than the capacity, or several runs together.
 * Ids added by an exchange without a run ({@code feedRun}) are kept until they are the least recently used, and not
 * counted when they leave.
 */
public final class OncePerRunRepository extends ServiceSupport implements IdempotentRepository, RunGuard.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(OncePerRunRepository.class);
    /** The decision counted for each id a run going loses because the memory is full. */
    static final String PAST_CAPACITY = "run_ids_past_capacity";

    private final FeedCounters counters;
    private final int capacity;
    /** Each id and the run that handled it (null: none), least recently used first. Guarded by {@code this}. */
    private final LinkedHashMap<String, FeedRun> ids = new LinkedHashMap<>(16, 0.75f, true);
    /** How many ids of each run the memory holds. Guarded by {@code this}. */
    private final Map<FeedRun, Integer> idsOfRun = new HashMap<>();
    /** The runs already named in the WARN line. */
    private final Set<FeedRun> reported = ConcurrentHashMap.newKeySet();

    public OncePerRunRepository(FeedCounters counters, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("feeds.run-ids.capacity must be at least 1, was " + capacity);
        }
        this.counters = counters;
        this.capacity = capacity;
    }

    /** An id lost to the full memory: its run, and how many runs the memory held ids of then. */
    private record Lost(FeedRun run, int runsGoing) {
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        int idAt = key.lastIndexOf('/');
        int fieldAt = key.lastIndexOf('/', idAt - 1);
        String field = idAt > fieldAt && fieldAt >= 0 ? key.substring(fieldAt + 1, idAt) : key;
        if (idAt < 0 || key.substring(idAt + 1).isBlank()) {
            counters.count(FeedName.of(exchange), "without_" + field);
            return true;
        }
        if (!add(key, exchange.getProperty(FeedRunSteps.FEED_RUN, FeedRun.class))) {
            counters.count(FeedName.of(exchange), "skipped_" + field + "_seen_or_capped");
            return false;
        }
        return true;
    }

    @Override
    public boolean add(String key) {
        return add(key, null);
    }

    @Override
    public synchronized boolean contains(String key) {
        return ids.containsKey(key);
    }

    @Override
    public synchronized boolean remove(String key) {
        if (!ids.containsKey(key)) {
            return false;
        }
        forget(ids.remove(key));
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public synchronized void clear() {
        ids.clear();
        idsOfRun.clear();
        reported.clear();
    }

    /** The run is over for good (told by {@link RunGuard}): its ids leave the memory. */
    @Override
    public void runOver(FeedRun run) {
        synchronized (this) {
            if (idsOfRun.remove(run) != null) {
                ids.values().removeIf(holder -> holder == run);
            }
        }
        reported.remove(run);
    }

    /** The ids the memory holds. */
    synchronized int size() {
        return ids.size();
    }

    @Override
    protected void doStart() {
        // nothing to open: the memory lives as long as the bean, across route reloads
    }

    @Override
    protected void doStop() {
        // the ids stay: a route stopped or reloaded does not end the runs going
    }

    /** False if the memory holds the key (now its most recently used); otherwise holds it, for {@code run}. */
    private boolean add(String key, FeedRun run) {
        Lost lost = null;
        synchronized (this) {
            if (ids.containsKey(key)) {
                ids.get(key);
                return false;
            }
            ids.put(key, run);
            if (run != null) {
                idsOfRun.merge(run, 1, Integer::sum);
            }
            if (ids.size() > capacity) {
                Iterator<FeedRun> eldest = ids.values().iterator();
                FeedRun loser = eldest.next();
                eldest.remove();
                forget(loser);
                lost = new Lost(loser, idsOfRun.size());
            }
        }
        if (lost != null && lost.run() != null) {
            reportLost(lost);
        }
        return true;
    }

    private void forget(FeedRun run) {
        if (run != null) {
            idsOfRun.computeIfPresent(run, (r, n) -> n > 1 ? n - 1 : null);
        }
    }

    private void reportLost(Lost lost) {
        FeedRun run = lost.run();
        counters.count(run.getFeed(), PAST_CAPACITY);
        if (reported.add(run)) {
            LOG.warn("feed {}: run {} lost ids it had handled: the once-per-run memory is full (feeds.run-ids.capacity: {} ids,"
                    + " of {} runs going): one met again is handled (and published) a second time; raise the capacity",
                    run.getFeed(), run, capacity, lost.runsGoing());
        }
    }
}
