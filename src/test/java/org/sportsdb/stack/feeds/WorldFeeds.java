package org.sportsdb.stack.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.sportsdb.stack.App;
import org.sportsdb.stack.dev.TestStack;
import org.sportsdb.stack.dev.world.SeasonWorld;
import org.sportsdb.stack.dev.world.WorldClock;
import org.sportsdb.stack.dev.world.WorldServer;

/**
 * A season world served over HTTP and the application whose feeds poll it on the world's clock, with the polling rules
 * of a night without full refresh (whatever the day the test runs on); closed after each test.
 */
final class WorldFeeds implements AutoCloseable {

    WorldServer server;
    Main app;

    /** The world of {@code leagues} at {@code now}, served; {@code otherLiveMatchesPerDay} matches of other leagues. */
    SeasonWorld serve(List<String> leagues, Instant now, int otherLiveMatchesPerDay) throws Exception {
        SeasonWorld world = new SeasonWorld(TestStack.DEFAULT_CORPUS, leagues, 1, now, otherLiveMatchesPerDay);
        server = new WorldServer(world, 0);
        return world;
    }

    /** Starts the application on the world (the feeds' settings named {@code name}, then {@code extra}). */
    OnDemandRuns start(SeasonWorld world, String name, String leagues, Map<String, String> extra) throws Exception {
        Map<String, String> settings = TestStack.feedSettings(server.baseUrl(), name);
        settings.put("feeds.leagues", leagues);
        settings.put("feeds.live-event-lookup.enabled", "false");
        settings.put("feeds.polling.full", "false");
        settings.put("feeds.polling.full-days", "");
        settings.putAll(extra);
        app = App.newMain(settings);
        app.bind("feedClock", new WorldClock(world));
        app.start();
        return new OnDemandRuns(app.getCamelContext());
    }

    /** Calls the world answered so far to the endpoint (e.g. {@code lookup/event}). */
    long calls(String endpoint) {
        return server.calls().getOrDefault(endpoint, 0L);
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (server != null) {
            server.close();
        }
    }
}
