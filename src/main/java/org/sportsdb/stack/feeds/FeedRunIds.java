package org.sportsdb.stack.feeds;

import org.apache.camel.Exchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.FeedName;

/**
 * The memory repository of the feeds' {@code idempotentConsumer} steps (bean {@code feedRunIds}): the ids each
 * feed run has handled, keyed {@code <run>/<field>/<id>}, e.g.
 * <pre>
 *   - idempotentConsumer:
 *       simple: "${exchangeProperty.feedRun.id}/idTeam/${body[idTeam]}"
 *       idempotentRepository: feedRunIds
 * </pre>
 * A memory repository of {@code feeds.run-ids.capacity} keys (the ids of every run, least recently used leave
 * first; the default holds a whole night of every feed's ids) that also counts, per feed, what it turned away
 * ({@code skipped_<field>_seen_or_capped}, the decision counter the caps share). A row without the id is never a
 * duplicate: it goes on (counted {@code without_<field>}) and is published with an empty key for the validator to
 * reject with its reason, never dropped here.
 * <p>
 * A run that has handled more ids than the capacity has had its first ones forgotten: one of them met again is handled
 * (and published) a second time. Each id past the capacity is counted ({@value #PAST_CAPACITY}) and the run is named
 * in one WARN line.
 */
public final class FeedRunIds extends MemoryIdempotentRepository implements FeedRuns.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FeedRunIds.class);
    /** The decision counted for each id a run handles past the capacity. */
    static final String PAST_CAPACITY = "run_ids_past_capacity";

    private final FeedCounters counters;
    private final int capacity;

    public FeedRunIds(FeedCounters counters, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("feeds.run-ids.capacity must be at least 1, was " + capacity);
        }
        this.counters = counters;
        this.capacity = capacity;
        setCacheSize(capacity);
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
        boolean added = add(key);
        if (!added) {
            counters.count(FeedName.of(exchange), "skipped_" + field + "_seen_or_capped");
        } else {
            FeedRun run = exchange.getProperty(RunIds.FEED_RUN, FeedRun.class);
            if (run != null) {
                countPastCapacity(FeedName.of(exchange), run, run.idHandled());
            }
        }
        return added;
    }

    /** The ids the memory holds. */
    int size() {
        return getCache() == null ? 0 : getCache().size();
    }

    private void countPastCapacity(String feed, FeedRun run, long idsOfTheRun) {
        if (idsOfTheRun <= capacity) {
            return;
        }
        counters.count(feed, PAST_CAPACITY);
        if (idsOfTheRun == capacity + 1L) {
            LOG.warn("feed {}: run {} has handled more than {} ids (feeds.run-ids.capacity): its first ids are forgotten:"
                    + " one met again is handled (and published) a second time; raise the capacity", feed, run, capacity);
        }
    }
}
