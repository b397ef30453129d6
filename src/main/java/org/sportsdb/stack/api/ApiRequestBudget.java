package org.sportsdb.stack.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one request budget that every feed shares: at most {@code requestsPerWindow} requests in any
 * sliding window (60 s for TheSportsDB's per-minute limits). Live requests may use the whole budget
 * and are served before any waiting nightly request; nightly requests may use the budget minus
 * {@code liveReserve}, so a burst of nightly lookups never makes a live poll wait.
 * <p>
 * A slot is taken when a request is granted and dated when its answer is in ({@link #done}): the
 * window counts from the latest moment the server can have seen the request, so a request that
 * leaves late (a slow connect, a loaded machine) can never put more requests into the server's
 * window than the budget. A slot whose request never reports back is dated after {@code STALE_SLOT}.
 */
public final class ApiRequestBudget {

    private final int requestsPerWindow;
    private final int liveReserve;
    private final long windowNanos;
    private static final long STALE_SLOT_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** Granted requests: [granted at, done at or IN_FLIGHT]. */
    private final List<long[]> slots = new ArrayList<>();
    private static final long IN_FLIGHT = Long.MAX_VALUE;
    private int liveWaiting;
    private int waiting;
    private final AtomicLong waitedNanos = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();

    public ApiRequestBudget(int requestsPerWindow, int liveReserve, long windowMillis) {
        if (requestsPerWindow < 1) {
            throw new IllegalArgumentException("sportsdb.api.requests-per-minute must be at least 1, was " + requestsPerWindow);
        }
        if (liveReserve < 0 || liveReserve >= requestsPerWindow) {
            throw new IllegalArgumentException("sportsdb.api.live-reserve must be between 0 and requests-per-minute - 1, was " + liveReserve);
        }
        this.requestsPerWindow = requestsPerWindow;
        this.liveReserve = liveReserve;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /** A granted request; give it back with {@link #done} when its answer is in (or it failed). */
    public static final class Slot {
        private final long[] slot;
        private final long waitedNanos;

        private Slot(long[] slot, long waitedNanos) {
            this.slot = slot;
            this.waitedNanos = waitedNanos;
        }

        public long waitedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(waitedNanos);
        }
    }

    /** Marks the request of this slot as answered (or failed): the window counts from now. */
    public synchronized void done(Slot slot) {
        if (slot != null && slot.slot[1] == IN_FLIGHT) {
            slot.slot[1] = System.nanoTime();
            notifyAll();
        }
    }

    /** Blocks until this request may be sent. */
    public Slot grant(RequestPriority priority) throws InterruptedException {
        long[] slot = null;
        long start = System.nanoTime();
        synchronized (this) {
            boolean live = priority == RequestPriority.LIVE;
            if (live) {
                liveWaiting++;
            }
            waiting++;
            try {
                while (true) {
                    long now = System.nanoTime();
                    forgetOlderThanWindow(now);
                    int cap = live ? requestsPerWindow : requestsPerWindow - liveReserve;
                    boolean yieldToLive = !live && liveWaiting > 0;
                    if (slots.size() < cap && !yieldToLive) {
                        slot = new long[] {now, IN_FLIGHT};
                        slots.add(slot);
                        granted.incrementAndGet();
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilASlotFrees(now)));
                }
            } finally {
                waiting--;
                if (live) {
                    liveWaiting--;
                }
                notifyAll();
            }
        }
        long waited = System.nanoTime() - start;
        waitedNanos.addAndGet(waited);
        return new Slot(slot, waited);
    }

    private void forgetOlderThanWindow(long now) {
        slots.removeIf(s -> now - doneAt(s) >= windowNanos);
    }

    private long doneAt(long[] slot) {
        return slot[1] != IN_FLIGHT ? slot[1] : slot[0] + STALE_SLOT_NANOS;
    }

    private long untilASlotFrees(long now) {
        long earliest = Long.MAX_VALUE;
        for (long[] s : slots) {
            earliest = Math.min(earliest, doneAt(s) + windowNanos - now);
        }
        return earliest == Long.MAX_VALUE ? windowNanos : earliest;
    }

    public int requestsPerWindow() {
        return requestsPerWindow;
    }

    /** Requests sent in the current window. */
    public synchronized int inUse() {
        forgetOlderThanWindow(System.nanoTime());
        return slots.size();
    }

    /** Requests waiting for a slot right now. */
    public synchronized int waiting() {
        return waiting;
    }

    public long totalWaitMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.get());
    }

    public long granted() {
        return granted.get();
    }
}
