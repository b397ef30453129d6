package org.sportsdb.stack.dev;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.camel.main.Main;
import org.sportsdb.stack.App;

/**
 * What the integration tests run against: one real KRaft broker for the whole test JVM, and the
 * real application (its beans, settings and YAML routes) started with test overrides.
 */
public final class TestStack {

    public static final Path DEFAULT_CORPUS = Path.of("src/test/resources/replay");
    public static final String TEST_API_KEY = "test-premium-key-0000";

    private TestStack() {
    }

    public static KafkaBroker broker() {
        return KafkaBroker.shared();
    }

    /** Settings for an app under test: the shared broker, the given API, no schedules, fast retries, every record polled. */
    public static Map<String, String> settings(String apiBaseUrl) {
        Map<String, String> props = new HashMap<>();
        props.put("kafka.bootstrap", broker().bootstrap());
        props.put("sportsdb.base-url", apiBaseUrl);
        props.put("sportsdb.api.key", TEST_API_KEY);
        props.put("sportsdb.api.retry-delay-ms", "20");
        props.put("sportsdb.api.max-retry-delay-ms", "5000");
        props.put("camel.component.quartz.auto-start-scheduler", "false");
        props.put("camel.management.enabled", "false");
        // every run of a nightly feed asks for every record and the live score asks each league, as the tests of a
        // feed's calls, records and faults expect (LiveScoreFeedTest and PollingRulesTest turn the rules on), with a
        // polling memory of its own all the same
        props.put("feeds.polling.full", "true");
        props.put("feeds.live-score.sport", "");
        props.put("feeds.polling.state-topic", "sportsdb.state.polling.test-" + System.nanoTime());
        return props;
    }

    /**
     * {@link #settings} for a test that runs the feeds: no request budget (the replay server answers at once) and a
     * league-season memory of its own ({@code feeds.league.state-topic}: the league feed remembers seasons on a
     * compacted topic of the shared broker, which another test class would otherwise read).
     */
    public static Map<String, String> feedSettings(String apiBaseUrl, String name) {
        Map<String, String> props = settings(apiBaseUrl);
        props.put("sportsdb.api.requests-per-minute", "100000");
        props.put("feeds.league.state-topic", "sportsdb.state.league-seasons." + name + "-" + System.nanoTime());
        return props;
    }

    public static Main startApp(Map<String, String> settings) throws Exception {
        Main main = App.newMain(settings);
        main.start();
        return main;
    }
}
