package org.sportsdb.stack.warehouse;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A validated record the warehouse would not take, with the table and the error. */
public record RefusedRow(ConsumerRecord<String, String> record, String table, String error) {
}
