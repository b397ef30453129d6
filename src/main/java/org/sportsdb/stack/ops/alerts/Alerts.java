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
 * The one alert path (bean {@code alerts}): every failing part raises here ({@link #raise}) with its kind,
 * source, detail and error; the no-storm rule ({@link AlertWindow}) decides per source and kind whether a
 * mail goes now, and failures held back are mailed when their window ends. Raising only counts and decides
 * on the caller's thread: sending is the {@link AlertMailer}'s job. Also listens to the API calls given up
 * after their retries (kind {@link AlertKind#API_GIVE_UP}).
 */
public final class Alerts extends ServiceSupport implements ApiGiveUpRecorder.Listener {

    private record Source(AlertKind kind, String name) {
    }

    private final CamelContext context;
    private final AlertWindow window;
    private final AlertMailer mailer;
    private final AlertStats stats;
    private final String subjectPrefix;
    private final Clock clock;
    private final Set<Source> flushScheduled = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    public Alerts(CamelContext context, AlertWindow window, AlertMailer mailer, AlertStats stats,
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
        raise(AlertKind.API_GIVE_UP, feed, path, error, 1);
    }

    /** A scheduled run of the feed was skipped because its previous run, started at {@code runningSince}, was still running. */
    public void feedRunSkipped(String feed, Instant runningSince) {
        raise(AlertKind.FEED_RUN_SKIPPED, feed, "previous run started " + runningSince + " still running",
                "run skipped (the feed runs one run at a time)", 1);
    }

    /** A run of the feed ended with {@code records} records Kafka did not take, for {@code topics}. */
    public void recordsNotPublished(String feed, String topics, long records, String failure) {
        raise(AlertKind.FEED_RECORDS_NOT_PUBLISHED, feed, topics, failure, (int) Math.min(Integer.MAX_VALUE, records));
    }

    /** Counts {@code count} failures of one kind for a source; mails now, or later when the source's window ends. */
    public void raise(AlertKind kind, String source, String detail, String error, int count) {
        stats.failureSeen(kind);
        window.failed(kind, source, detail, error, count, clock.instant()).ifPresentOrElse(this::mail, () -> {
            stats.failureHeldBack();
            mailWhenDue(new Source(kind, source));
        });
    }

    private void mail(WindowedFailures alert) {
        mailer.send(alert.toMail(subjectPrefix, window.window()), () -> {
            // carried into the source's next mail: at the end of the window, or with the next failure when there is no window
            window.notDelivered(alert);
            if (!window.window().isZero()) {
                mailWhenDue(new Source(alert.kind(), alert.source()));
            }
        });
    }

    private void mailWhenDue(Source source) {
        window.dueAt(source.kind(), source.name()).ifPresent(at -> {
            if (timer != null && flushScheduled.add(source)) {
                long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
                timer.schedule(() -> {
                    flushScheduled.remove(source);
                    Instant now = clock.instant();
                    window.due(source.kind(), source.name(), now).ifPresentOrElse(this::mail, () -> mailWhenDue(source));
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
