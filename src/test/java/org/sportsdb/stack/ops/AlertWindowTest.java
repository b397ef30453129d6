package org.sportsdb.stack.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sportsdb.stack.ops.alerts.AlertMail;
import org.sportsdb.stack.ops.alerts.WindowedFailures;
import org.sportsdb.stack.ops.alerts.AlertWindow;

/** The no-storm rule on its own, with explicit times. */
class AlertWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");
    private final AlertWindow window = new AlertWindow(Duration.ofMinutes(30));

    @Test
    void theFirstFailureOfAQuietFeedIsMailedAtOnce() {
        WindowedFailures alert = window.failed("live-score", "/livescore/4328", "HTTP 503", T0).orElseThrow();
        assertEquals(1, alert.failures());
        assertEquals(Map.of("/livescore/4328", 1), alert.failuresByDetail());
        AlertMail mail = alert.toMail("[test]", window.window());
        assertTrue(mail.subject().startsWith("[test] feed live-score: 1 API call given up"), mail.subject());
        assertTrue(mail.body().contains("Endpoint:  /livescore/4328"), mail.body());
        assertTrue(mail.body().contains("Error:     HTTP 503"), mail.body());
        assertTrue(mail.body().contains("Count:     1 failure since the last mail"), mail.body());
        assertTrue(mail.body().contains("every 30 min"), mail.body());
    }

    @Test
    void failuresWithinTheWindowAreHeldBackAndMailedTogetherWhenItEnds() {
        window.failed("live-score", "/livescore/4328", "HTTP 503", T0).orElseThrow();
        assertEquals(Optional.empty(), window.failed("live-score", "/livescore/4328", "HTTP 503", T0.plusSeconds(60)));
        assertEquals(Optional.empty(), window.failed("live-score", "/livescore/4335", "timeout", T0.plusSeconds(120)));
        assertEquals(Optional.of(T0.plus(Duration.ofMinutes(30))), window.dueAt("live-score"));
        assertEquals(Optional.empty(), window.due("live-score", T0.plus(Duration.ofMinutes(30)).minusMillis(1)));

        WindowedFailures second = window.due("live-score", T0.plus(Duration.ofMinutes(30))).orElseThrow();
        assertEquals(2, second.failures());
        assertEquals(Map.of("/livescore/4328", 1, "/livescore/4335", 1), second.failuresByDetail());
        assertEquals("/livescore/4335", second.lastDetail());
        assertEquals("timeout", second.lastError());
        assertEquals(T0.plusSeconds(60), second.first());
        assertEquals(Optional.empty(), window.dueAt("live-score"), "nothing left once mailed");
        assertEquals(Optional.empty(), window.failed("live-score", "/livescore/4328", "HTTP 503",
                T0.plus(Duration.ofMinutes(31))), "the flush mail opened a new window");
    }

    @Test
    void aFailureAfterTheWindowIsMailedAtOnceWithWhatWasHeldBack() {
        window.failed("team", "/list/teams/4328", "HTTP 500", T0).orElseThrow();
        window.failed("team", "/list/teams/4328", "HTTP 500", T0.plusSeconds(10));
        WindowedFailures alert = window.failed("team", "/list/teams/4480", "HTTP 502", T0.plus(Duration.ofMinutes(45))).orElseThrow();
        assertEquals(2, alert.failures());
    }

    @Test
    void feedsHaveAWindowEach() {
        assertTrue(window.failed("live-score", "/livescore/4328", "HTTP 503", T0).isPresent());
        assertTrue(window.failed("player", "/lookup/player/1", "HTTP 503", T0.plusSeconds(1)).isPresent());
        assertTrue(window.failed("live-score", "/livescore/4328", "HTTP 503", T0.plusSeconds(2)).isEmpty());
    }

    @Test
    void aMailTheServerDidNotTakeIsCountedIntoTheNextOne() {
        WindowedFailures lost = window.failed("event", "/lookup/event/1", "HTTP 503", T0).orElseThrow();
        window.notDelivered(lost);
        window.failed("event", "/lookup/event/2", "HTTP 503", T0.plusSeconds(5));
        WindowedFailures next = window.due("event", T0.plus(Duration.ofMinutes(30))).orElseThrow();
        assertEquals(2, next.failures());
        assertEquals(Map.of("/lookup/event/1", 1, "/lookup/event/2", 1), next.failuresByDetail());
        assertEquals(T0, next.first());
        assertEquals("/lookup/event/2", next.lastDetail());
    }

    @Test
    void aZeroWindowMailsEveryFailure() {
        AlertWindow none = new AlertWindow(Duration.ZERO);
        assertTrue(none.failed("venue", "/lookup/venue/1", "x", T0).isPresent());
        assertTrue(none.failed("venue", "/lookup/venue/1", "x", T0).isPresent());
    }
}
