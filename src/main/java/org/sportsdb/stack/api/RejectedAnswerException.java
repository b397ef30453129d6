package org.sportsdb.stack.api;

/** An answer the shared API route rejects before its schema is asked: a non-2xx status other than 429/5xx (e.g. HTTP 400). */
public final class RejectedAnswerException extends Exception {
    public RejectedAnswerException(String message) {
        super(message);
    }
}
