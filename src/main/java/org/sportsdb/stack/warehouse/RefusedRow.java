package org.sportsdb.stack.warehouse;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A validated record the warehouse would not take, with the table and the error. */
public record RefusedRow(ConsumerRecord<String, byte[]> record, String table, String error) {
}
