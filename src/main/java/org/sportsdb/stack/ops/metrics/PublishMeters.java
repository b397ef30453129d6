package org.sportsdb.stack.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.sportsdb.stack.feeds.FeedCounters;
import org.sportsdb.stack.publish.PublishedRecords;

/**
 * Records Kafka acknowledged per topic ({@code publishedRecords}) and what the feeds decided not to call
 * or not to publish ({@code feedCounters}: per feed and decision, e.g. {@code reused_answers}).
 */
final class PublishMeters implements MeterSet {

    private final PublishedRecords published;
    private final KeyedCounters perTopic;
    private final KeyedCounters feedDecisions;

    PublishMeters(PublishedRecords published, FeedCounters feeds) {
        this.published = published;
        this.perTopic = new KeyedCounters("sportsdb.published.records", "Records acknowledged by Kafka per topic",
                published::snapshot, topic -> Tags.of("topic", topic));
        this.feedDecisions = new KeyedCounters("sportsdb.feed.decisions", "Calls or records a feed skipped or reused, per feed and decision",
                feeds::snapshot, KeyedCounters.splitAtFirstSpace("feed", "decision"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("sportsdb.published.records.without.key", published, PublishedRecords::withoutKey)
                .description("Records published without any of their key fields").register(registry);
    }

    @Override
    public void refresh(MeterRegistry registry) {
        perTopic.refresh(registry);
        feedDecisions.refresh(registry);
    }
}
