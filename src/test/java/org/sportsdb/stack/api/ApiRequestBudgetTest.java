package org.sportsdb.stack.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.dev.Eventually;

/** The shared request budget on its own: the sliding-window limit and live priority. */
class ApiRequestBudgetTest {

    @Test
    void neverGrantsMoreThanTheLimitInAnyWindow() throws Exception {
        ApiRequestBudget budget = new ApiRequestBudget(4, 1, 400);
        List<Long> grants = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                RequestPriority priority = i % 3 == 0 ? RequestPriority.LIVE : RequestPriority.NIGHTLY;
                calls.add(pool.submit(() -> {
                    take(budget, priority);
                    grants.add(System.nanoTime());
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(grants);
        Collections.sort(sorted);
        assertEquals(12, sorted.size());
        for (int i = 0; i + 4 < sorted.size(); i++) {
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(sorted.get(i + 4) - sorted.get(i));
            assertTrue(spanMillis >= 399, "5 grants within " + spanMillis + " ms: more than 4 in a 400 ms window");
        }
    }

    @Test
    void nightlyRequestsLeaveTheReserveToLiveOnes() throws Exception {
        ApiRequestBudget budget = new ApiRequestBudget(3, 1, 1000);
        take(budget, RequestPriority.NIGHTLY);
        take(budget, RequestPriority.NIGHTLY);
        long liveWait = take(budget, RequestPriority.LIVE);
        assertTrue(liveWait < 200, "the live request used the reserved slot at once, waited " + liveWait + " ms");
        long nightlyWait = take(budget, RequestPriority.NIGHTLY);
        assertTrue(nightlyWait >= 700, "the third nightly request waited for the window to move, " + nightlyWait + " ms");
    }

    @Test
    void aWaitingLiveRequestGoesBeforeWaitingNightlyOnes() throws Exception {
        ApiRequestBudget budget = new ApiRequestBudget(1, 0, 800);
        take(budget, RequestPriority.NIGHTLY);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> nightly = pool.submit(() -> {
                take(budget, RequestPriority.NIGHTLY);
                order.add("nightly");
                return null;
            });
            awaitWaiting(budget, 1);
            Future<?> live = pool.submit(() -> {
                take(budget, RequestPriority.LIVE);
                order.add("live");
                return null;
            });
            awaitWaiting(budget, 2);
            live.get(10, TimeUnit.SECONDS);
            nightly.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("live", "nightly"), order, "the nightly request queued first, the live one was served first");
    }

    private static void awaitWaiting(ApiRequestBudget budget, int requests) throws InterruptedException {
        Eventually.await(requests + " requests waiting for the budget (test set-up too slow)", Duration.ofSeconds(5),
                () -> budget.waiting() >= requests);
    }

    /** One request sent and answered at once; returns how long it waited for its slot. */
    private static long take(ApiRequestBudget budget, RequestPriority priority) throws InterruptedException {
        ApiRequestBudget.Slot slot = budget.grant(priority);
        budget.done(slot);
        return slot.waitedMillis();
    }

    @Test
    void aSlotCountsFromWhenItsAnswerIsIn() throws Exception {
        ApiRequestBudget budget = new ApiRequestBudget(1, 0, 300);
        ApiRequestBudget.Slot slow = budget.grant(RequestPriority.LIVE);
        long answeredAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> next = pool.submit(() -> {
                budget.grant(RequestPriority.LIVE);
                return System.nanoTime();
            });
            while (System.nanoTime() < answeredAt) {
                Thread.onSpinWait();
            }
            budget.done(slow);
            long grantedAt = next.get(10, TimeUnit.SECONDS);
            assertTrue(grantedAt - answeredAt >= TimeUnit.MILLISECONDS.toNanos(290),
                    "the next request waited a whole window after the slow answer, not after the slow request's grant");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBudgetThatCannotWorkIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new ApiRequestBudget(0, 0, 60000));
        assertThrows(IllegalArgumentException.class, () -> new ApiRequestBudget(10, 10, 60000));
    }
}
