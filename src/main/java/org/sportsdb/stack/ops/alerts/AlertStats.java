package org.sportsdb.stack.ops.alerts;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the alerting did, for tests, logs and metrics: failures seen, mails sent, held back, failed, dropped. */
public final class AlertStats {

    private final AtomicLong failuresSeen = new AtomicLong();
    private final AtomicLong failuresHeldBack = new AtomicLong();
    private final AtomicLong mailsQueued = new AtomicLong();
    private final AtomicLong mailsSent = new AtomicLong();
    private final AtomicLong mailsFailed = new AtomicLong();
    private final AtomicLong mailsDropped = new AtomicLong();

    private final Map<AlertKind, AtomicLong> failuresByKind = new EnumMap<>(AlertKind.class);

    {
        for (AlertKind kind : AlertKind.values()) {
            failuresByKind.put(kind, new AtomicLong());
        }
    }

    void failureSeen(AlertKind kind) {
        failuresSeen.incrementAndGet();
        failuresByKind.get(kind).incrementAndGet();
    }

    /** Failures raised of one kind (each raise counts once, whatever its count of records). */
    public long failuresSeen(AlertKind kind) {
        return failuresByKind.get(kind).get();
    }

    void failureHeldBack() {
        failuresHeldBack.incrementAndGet();
    }

    void mailQueued() {
        mailsQueued.incrementAndGet();
    }

    void mailSent() {
        mailsSent.incrementAndGet();
    }

    void mailFailed() {
        mailsFailed.incrementAndGet();
    }

    void mailDropped() {
        mailsDropped.incrementAndGet();
    }

    /** Failures raised (API calls given up, failed triage runs, warehouse and validator checks, skipped runs). */
    public long failuresSeen() {
        return failuresSeen.get();
    }

    /** Failures that did not trigger a mail because their source had one within the window (they are in the next). */
    public long failuresHeldBack() {
        return failuresHeldBack.get();
    }

    public long mailsQueued() {
        return mailsQueued.get();
    }

    public long mailsSent() {
        return mailsSent.get();
    }

    /** Mails the SMTP server did not take (down, refused, timed out); their failures are carried into the next mail. */
    public long mailsFailed() {
        return mailsFailed.get();
    }

    /** Mails not queued because alerts.mail-queue-size mails already waited for the SMTP server; their failures are carried into the next mail. */
    public long mailsDropped() {
        return mailsDropped.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("failures_seen", failuresSeen());
        out.put("failures_held_back", failuresHeldBack());
        out.put("mails_queued", mailsQueued());
        out.put("mails_sent", mailsSent());
        out.put("mails_failed", mailsFailed());
        out.put("mails_dropped", mailsDropped());
        return out;
    }
}
