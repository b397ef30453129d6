package org.sportsdb.stack.feeds;

/**
 * The failure of work not tried because Kafka did not answer for the topic earlier in the same run: its message says
 * so and repeats the first failure; it has no stack trace. Each of a run's later records for the topic fails with one;
 * {@link RunGuard} counts them and names them in the run's last line, so the routes' error handler does not log them
 * one by one (the route configuration without an id in routes.yaml, which every route gets).
 */
public final class KafkaNotTriedException extends KafkaUnavailableException {

    KafkaNotTriedException(String topic, String message) {
        super(topic, message);
    }
}
