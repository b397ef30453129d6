package org.sportsdb.stack.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The tests' one wait: what it returns, how it fails, what ends it early. */
class EventuallyTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void returnsTheFirstAcceptedValue() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        assertEquals(3, Eventually.awaitValue("three reads", Duration.ofSeconds(10), reads::incrementAndGet, n -> n >= 3));
        assertEquals(3, reads.get(), "read until accepted, not after");
    }

    @Test
    void aConditionThatThrowsIsNotYet() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        Eventually.await("the second check", Duration.ofSeconds(10), () -> {
            if (checks.incrementAndGet() == 1) {
                throw new IOException("not listening yet");
            }
            return true;
        });
        assertEquals(2, checks.get());
    }

    @Test
    void theTimeoutNamesWhatAndTheLastValue() {
        AtomicInteger reads = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Eventually.awaitValue("a value above 1000", SHORT, reads::incrementAndGet, n -> n > 1000));
        assertEquals("not within 0.3 s: a value above 1000; last value: " + reads.get(), e.getMessage());
        assertNull(e.getCause());
        assertTrue(reads.get() >= 2 && reads.get() <= 10, "polled every 50 ms: " + reads.get() + " reads in 300 ms");
    }

    @Test
    void theTimeoutOfAConditionNamesWhatOnly() {
        AssertionError e = assertThrows(AssertionError.class, () -> Eventually.await("never", Duration.ofSeconds(0), () -> false));
        assertEquals("not within 0 s: never", e.getMessage());
    }

    @Test
    void theLastExceptionIsTheTimeoutsCause() {
        IOException refused = new IOException("connection refused");
        AssertionError e = assertThrows(AssertionError.class, () -> Eventually.await("a server", SHORT, () -> {
            throw refused;
        }));
        assertEquals("not within 0.3 s: a server; last attempt threw java.io.IOException: connection refused", e.getMessage());
        assertSame(refused, e.getCause());
    }

    @Test
    void anErrorEndsTheWaitAtOnce() {
        AtomicInteger checks = new AtomicInteger();
        AssertionError exited = new AssertionError("the process exited");
        assertSame(exited, assertThrows(AssertionError.class, () -> Eventually.await("a process", Duration.ofSeconds(30), () -> {
            checks.incrementAndGet();
            throw exited;
        })));
        assertEquals(1, checks.get());
    }
}
