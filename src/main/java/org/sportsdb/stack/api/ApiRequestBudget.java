package org.sportsdb.stack.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one request budget that every feed shares: at most {@code requestsPerWindow} requests in any
 * sliding window (60 s for TheSportsDB's per-minute limits). Live requests may use the whole budget
 * and are served before any waiting nightly request; nightly requests may use the budget minus
 * {@code liveReserve}, so a burst of nightly lookups never makes a live poll wait.
 */
public final class ApiRequestBudget {

    private final int requestsPerWindow;
    private final int liveReserve;
    private final long windowNanos;
    private final Deque<Long> sentAt = new ArrayDeque<>();
    private int liveWaiting;
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

    /** Blocks until this request may be sent; returns how long it waited, in milliseconds. */
    public long acquire(RequestPriority priority) throws InterruptedException {
        long start = System.nanoTime();
        synchronized (this) {
            boolean live = priority == RequestPriority.LIVE;
            if (live) {
                liveWaiting++;
            }
            try {
                while (true) {
                    long now = System.nanoTime();
                    forgetOlderThanWindow(now);
                    int cap = live ? requestsPerWindow : requestsPerWindow - liveReserve;
                    boolean yieldToLive = !live && liveWaiting > 0;
                    if (sentAt.size() < cap && !yieldToLive) {
                        sentAt.addLast(now);
                        granted.incrementAndGet();
                        break;
                    }
                    long untilOldestLeaves = sentAt.isEmpty() ? windowNanos : sentAt.peekFirst() + windowNanos - now;
                    TimeUnit.NANOSECONDS.timedWait(this, Math.max(TimeUnit.MILLISECONDS.toNanos(1), untilOldestLeaves));
                }
            } finally {
                if (live) {
                    liveWaiting--;
                }
                notifyAll();
            }
        }
        long waited = System.nanoTime() - start;
        waitedNanos.addAndGet(waited);
        return TimeUnit.NANOSECONDS.toMillis(waited);
    }

    private void forgetOlderThanWindow(long now) {
        while (!sentAt.isEmpty() && now - sentAt.peekFirst() >= windowNanos) {
            sentAt.removeFirst();
        }
    }

    public int requestsPerWindow() {
        return requestsPerWindow;
    }

    /** Requests sent in the current window. */
    public synchronized int inUse() {
        forgetOlderThanWindow(System.nanoTime());
        return sentAt.size();
    }

    public long totalWaitMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.get());
    }

    public long granted() {
        return granted.get();
    }
}
