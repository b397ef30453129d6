package org.sportsdb.stack.ops.alerts;

/** One mail to send: subject and plain-text body. */
public record AlertMail(String subject, String body) {
}
