package org.sportsdb.stack.dev;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The tests' one way to wait for what happens in its own time (a row inserted, a mail sent, a counter moved): the
 * condition is checked at once, then every 50 ms, until it holds or the timeout passes; then an
 * {@link AssertionError} "not within N s: what" with the last value observed or the last exception thrown. The
 * assertion is the condition, never the wait. A condition (or a probe) that throws an {@link Exception} has not
 * held yet; the wait goes on, and the last such exception is the cause of the timeout's error. An {@link Error}
 * (an assertion of the condition failing) ends the wait at once.
 */
public final class Eventually {

    /** Between two checks. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** What the timeout's message shows of the last value at most. */
    private static final int SHOWN_CHARS = 2000;

    private Eventually() {
    }

    /** A condition that may not hold yet, or not be checkable yet (it throws). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Reads what the test waits for: a count, the mails received, rows. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** Waits until the condition holds; fails with "not within N s: what" once the timeout has passed. */
    public static void await(String what, Duration timeout, Condition condition) throws InterruptedException {
        poll(what, timeout, condition::holds, Boolean::booleanValue, false);
    }

    /**
     * Reads the probe until the value it returns is accepted, and returns that value (for the test's assertions on
     * it); fails with "not within N s: what" and the last value read once the timeout has passed.
     */
    public static <T> T awaitValue(String what, Duration timeout, Probe<T> probe, Predicate<? super T> accepted)
            throws InterruptedException {
        return poll(what, timeout, probe, accepted, true);
    }

    private static <T> T poll(String what, Duration timeout, Probe<T> probe, Predicate<? super T> accepted, boolean showValue)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        boolean read = false;
        Exception failure = null;
        while (true) {
            try {
                T value = probe.read();
                if (accepted.test(value)) {
                    return value;
                }
                last = value;
                read = true;
                failure = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                String message = "not within " + seconds(timeout) + ": " + what;
                if (failure != null) {
                    message += "; last attempt threw " + failure;
                } else if (showValue && read) {
                    message += "; last value: " + shown(last);
                }
                throw new AssertionError(message, failure);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() / 1000.0 + " s";
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "… (" + text.length() + " chars)";
    }
}
