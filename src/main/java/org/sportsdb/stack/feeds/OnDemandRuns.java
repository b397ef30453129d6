package org.sportsdb.stack.feeds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.sportsdb.stack.StackProperties;
import org.sportsdb.stack.publish.PublishedRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs feeds once, on demand, through the same routes their schedules trigger: a feed {@code X} is
 * declared by a route stamped from the {@value #FEED_TEMPLATE} template with {@code feed: X}, which
 * runs {@code direct:X} on its trigger.
 * Used by {@code ./stack demo --once} and {@code ./stack run-feed}.
 */
public final class OnDemandRuns {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandRuns.class);
    /** The route template every feed's trigger is stamped from (feeds-shared.camel.yaml): what makes a route a feed. */
    public static final String FEED_TEMPLATE = "feed-trigger";
    /** The template parameter that names the feed. */
    static final String FEED_PARAMETER = "feed";

    private final CamelContext context;
    private final StackProperties settings;

    public OnDemandRuns(CamelContext context) {
        this.context = context;
        this.settings = new StackProperties(context);
    }

    /**
     * Every feed: the {@code feed} parameter of each route stamped from the {@value #FEED_TEMPLATE} template (one
     * {@code templatedRoute} per feed file in {@code routes/}), in the order of {@code feeds.run-order}, then alphabetically.
     */
    public List<String> allFeeds() {
        List<String> found = new ArrayList<>();
        ModelCamelContext model = (ModelCamelContext) context;
        for (Route route : context.getRoutes()) {
            RouteDefinition definition = model.getRouteDefinition(route.getRouteId());
            // Camel keeps a templated route's parameters, not its template's id: "feed" is the feed-trigger template's
            if (definition != null && definition.isCreatedFromTemplate() && definition.getTemplateParameters() != null
                    && definition.getTemplateParameters().get(FEED_PARAMETER) != null) {
                found.add(definition.getTemplateParameters().get(FEED_PARAMETER).toString());
            }
        }
        List<String> ordered = new ArrayList<>();
        String order = settings.get("feeds.run-order");
        if (order != null) {
            Arrays.stream(order.split(",")).map(String::trim).filter(found::contains).forEach(ordered::add);
        }
        found.stream().sorted().filter(f -> !ordered.contains(f)).forEach(ordered::add);
        return ordered;
    }

    public boolean isEnabled(String feed) {
        return settings.isTrue("feeds." + feed + ".enabled", true);
    }

    /**
     * Runs the given feeds one after the other through {@code direct:feed-run} (a feed whose run is
     * still going is skipped there, counted and logged), waits for the run-level retries of their
     * failed calls, and returns the records each topic received.
     */
    public Map<String, Long> runOnce(List<String> feeds) {
        PublishedRecords published = context.getRegistry().lookupByNameAndType("publishedRecords", PublishedRecords.class);
        RunGuard runs = context.getRegistry().lookupByNameAndType("runGuard", RunGuard.class);
        Map<String, Long> before = published.snapshot();
        ProducerTemplate template = context.createProducerTemplate();
        try {
            for (String feed : feeds) {
                if (context.getRoute(feed) == null) {
                    throw new IllegalArgumentException("no feed named '" + feed + "'; feeds: " + String.join(", ", allFeeds()));
                }
                LOG.info("feed {}: running once", feed);
                Exchange done;
                try (FeedProgressReporter progress = new FeedProgressReporter(context, feed,
                        Integer.parseInt(settings.require("feeds.progress-seconds")), line -> LOG.info("{}", line))) {
                    done = template.send("direct:feed-run", exchange -> exchange.setProperty(RunGuard.RUN_FEED, feed));
                }
                if (done.getException() != null) {
                    throw new IllegalStateException("feed " + feed + " failed: " + done.getException().getMessage(), done.getException());
                }
            }
            runs.awaitRetries(feeds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run-level retries of " + feeds, e);
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // nothing left to release
            }
        }
        Map<String, Long> delta = new TreeMap<>();
        published.snapshot().forEach((topic, n) -> {
            long diff = n - before.getOrDefault(topic, 0L);
            if (diff > 0) {
                delta.put(topic, diff);
            }
        });
        return delta;
    }

    /** The summary table printed by {@code --once}: topic → records. */
    public static String table(Map<String, Long> perTopic) {
        int width = Math.max(5, perTopic.keySet().stream().mapToInt(String::length).max().orElse(5));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-" + width + "s  %9s%n", "topic", "records"));
        long total = 0;
        for (Map.Entry<String, Long> e : perTopic.entrySet()) {
            out.append(String.format("%-" + width + "s  %9d%n", e.getKey(), e.getValue()));
            total += e.getValue();
        }
        out.append(String.format("%-" + width + "s  %9d%n", "total", total));
        return out.toString();
    }

    /** The same summary as JSON: {@code {"topics": {"soccer.live_score": 12}}}. */
    public static Map<String, Object> json(Map<String, Long> perTopic) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topics", new TreeMap<>(perTopic));
        return out;
    }
}
