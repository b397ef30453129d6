package org.sportsdb.stack.feeds;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sportsdb.stack.api.FeedName;

/**
 * The league feed's memory of each league's {@code strCurrentSeason}, kept in a compacted Kafka
 * topic (key idLeague, value the season) so it survives restarts and moves with the cluster, not
 * the machine. Read once, from the beginning, at the first use; written (acks=all, synchronously)
 * after the league record was published.
 */
public final class LeagueSeasonMemory extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LeagueSeasonMemory.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientProperties;
    private final String topic;
    private final FeedCounters counters;
    private Map<String, String> seasons;
    private KafkaProducer<String, String> producer;

    public LeagueSeasonMemory(Map<String, Object> clientProperties, String topic, FeedCounters counters) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.counters = counters;
    }

    public String topic() {
        return topic;
    }

    /** True when the body row (a /lookup/league row) carries a season other than the remembered one, or the league is new. */
    public boolean changed(Exchange exchange) {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        boolean changed = league.isEmpty() || !Objects.equals(remembered().get(league), text(row.get("strCurrentSeason")));
        if (!changed) {
            counters.count(FeedName.of(exchange), "skipped_season_unchanged");
        }
        return changed;
    }

    /** Remembers the body row's season for its league. */
    public void remember(Exchange exchange) throws ExecutionException, InterruptedException {
        Map<String, Object> row = FeedRunSteps.row(exchange);
        String league = text(row.get("idLeague"));
        if (league.isEmpty()) {
            return;
        }
        String season = text(row.get("strCurrentSeason"));
        producer().send(new ProducerRecord<>(topic, league, season)).get();
        remembered().put(league, season);
    }

    /** The remembered seasons, league → season, read from the topic at the first use. */
    public synchronized Map<String, String> remembered() {
        if (seasons == null) {
            seasons = load();
        }
        return seasons;
    }

    private Map<String, String> load() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("isolation.level", "read_committed");
        Map<String, String> loaded = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, LOAD_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LOAD_TIMEOUT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + LOAD_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        loaded.remove(record.key());
                    } else {
                        loaded.put(record.key(), record.value());
                    }
                }
            }
        }
        LOG.info("league seasons: {} remembered in {}", loaded.size(), topic);
        return loaded;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put("key.serializer", StringSerializer.class.getName());
            props.put("value.serializer", StringSerializer.class.getName());
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    protected synchronized void doStop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
