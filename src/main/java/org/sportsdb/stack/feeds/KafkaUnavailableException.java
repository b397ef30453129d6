package org.sportsdb.stack.feeds;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Kafka did not answer for a topic within its timeout (the broker gone or unreachable, the topic missing): a record not
 * taken, a state topic not read or not written. The message names the topic. Within a run, {@link RunGuard} then fails
 * the run's later work on that topic at once with this exception instead of waiting for Kafka again.
 */
public class KafkaUnavailableException extends RuntimeException {

    private final String topic;

    public KafkaUnavailableException(String topic, String message, Throwable cause) {
        super(message, cause);
        this.topic = topic;
    }

    /** Without a stack trace ({@link KafkaNotTriedException}). */
    KafkaUnavailableException(String topic, String message) {
        super(message, null, false, false);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /**
     * True when the failure (or one of its causes) is Kafka not answering: a {@link KafkaUnavailableException}, or one
     * of Kafka's retriable errors (a timeout waiting for metadata or an acknowledgement, a lost connection), which the
     * clients only give up on once their timeout has passed. A record Kafka refused (too large, not authorized) is not.
     */
    public static boolean isKafkaUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaUnavailableException || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
