package org.sportsdb.stack.warehouse;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One polled batch: every record in it (for the commit) and those the warehouse refused (for the rejected topics). */
public record IngestBatch(List<ConsumerRecord<String, byte[]>> records, List<RefusedRow> refused) {
}
