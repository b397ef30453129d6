package org.sportsdb.stack.ops.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.sportsdb.stack.api.ApiGiveUpRecorder;

/**
 * Listens to the API calls given up after their retries and mails them per feed under the no-storm
 * rule ({@link FeedFailureWindow}); failures held back are mailed when their feed's window ends.
 * Runs on the feed's thread only to count and decide: sending is the {@link AlertMailer}'s job.
 */
public final class FeedFailureAlerts extends ServiceSupport implements ApiGiveUpRecorder.Listener {

    private final CamelContext context;
    private final FeedFailureWindow window;
    private final AlertMailer mailer;
    private final AlertStats stats;
    private final String subjectPrefix;
    private final Clock clock;
    private final Set<String> flushScheduled = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    public FeedFailureAlerts(CamelContext context, FeedFailureWindow window, AlertMailer mailer, AlertStats stats,
                             String subjectPrefix, Clock clock) {
        this.context = context;
        this.window = window;
        this.mailer = mailer;
        this.stats = stats;
        this.subjectPrefix = subjectPrefix;
        this.clock = clock;
    }

    @Override
    public void gaveUp(String feed, String path, String error) {
        stats.failureSeen();
        window.failed(feed, path, error, clock.instant()).ifPresentOrElse(this::mail, () -> {
            stats.failureHeldBack();
            mailWhenDue(feed);
        });
    }

    private void mail(FeedFailureAlert alert) {
        mailer.send(alert.toMail(subjectPrefix, window.window()), () -> {
            // carried into the feed's next mail: at the end of the window, or with the next failure when there is no window
            window.notDelivered(alert);
            if (!window.window().isZero()) {
                mailWhenDue(alert.feed());
            }
        });
    }

    private void mailWhenDue(String feed) {
        window.dueAt(feed).ifPresent(at -> {
            if (timer != null && flushScheduled.add(feed)) {
                long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
                timer.schedule(() -> {
                    flushScheduled.remove(feed);
                    Instant now = clock.instant();
                    window.due(feed, now).ifPresentOrElse(this::mail, () -> mailWhenDue(feed));
                }, delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "alert-window");
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
            timer = null;
        }
    }
}
