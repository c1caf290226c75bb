package com.rostergate.core.ingest.memory;

import com.rostergate.core.ingest.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told; as a {@link Sleeper} a wait advances it and is recorded, nobody sleeps. */
public final class ManualClock extends Clock implements Sleeper {

    private Instant now;
    private final List<Long> waits = new ArrayList<>();
    private Runnable duringNextSleep;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** What happens while the next wait lasts: the writes another thread lands in the meantime. */
    public synchronized void duringNextSleep(Runnable action) {
        duringNextSleep = action;
    }

    @Override
    public void sleep(long millis) {
        Runnable action;
        synchronized (this) {
            waits.add(millis);
            now = now.plusMillis(millis);
            action = duringNextSleep;
            duringNextSleep = null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** Every wait asked for, in milliseconds. */
    public synchronized List<Long> waits() {
        return List.copyOf(waits);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
