package org.sportsdb.stack.feeds;

import org.apache.camel.Exchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.sportsdb.stack.api.FeedName;

/**
 * The memory repository of the feeds' {@code idempotentConsumer} steps (bean {@code feedRunIds}): the ids each
 * feed run has handled, keyed {@code <run>/<field>/<id>}, e.g.
 * <pre>
 *   - idempotentConsumer:
 *       simple: "${exchangeProperty.feedRun.id}/idTeam/${body[idTeam]}"
 *       idempotentRepository: feedRunIds
 * </pre>
 * A memory repository (least recently used keys leave first, {@value #CAPACITY} keys: a whole night of every feed's
 * ids) that also counts, per feed, what it turned away ({@code skipped_<field>_seen_or_capped}, the decision
 * counter the caps share). A row without the id is never a duplicate: it goes on (counted {@code without_<field>})
 * and is published with an empty key for the validator to reject with its reason, never dropped here.
 */
public final class FeedRunIds extends MemoryIdempotentRepository {

    static final int CAPACITY = 200_000;

    private final FeedCounters counters;

    public FeedRunIds(FeedCounters counters) {
        this.counters = counters;
        setCacheSize(CAPACITY);
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
        }
        return added;
    }
}
