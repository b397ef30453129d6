package org.sportsdb.stack.dev.world;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The world's simulated time as a {@link Clock}: an application under test reads the instant the world is at. */
public final class WorldClock extends Clock {

    private final SeasonWorld world;

    public WorldClock(SeasonWorld world) {
        this.world = world;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(world.now(), zone);
    }

    @Override
    public Instant instant() {
        return world.now();
    }
}
