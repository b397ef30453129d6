package org.sportsdb.stack.warehouse;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Makes a refused row ready for its rejected topic: the original value and key, headers
 * {@code warehouse.error}, {@code warehouse.table} and the original topic/partition/offset.
 */
public final class WarehouseRejects {

    public static final String TOPIC_PROPERTY = "warehouseRejectedTopic";

    private final RawTableNames names;

    public WarehouseRejects(RawTableNames names) {
        this.names = names;
    }

    public void prepare(Exchange exchange) {
        RefusedRow row = exchange.getIn().getBody(RefusedRow.class);
        Message out = exchange.getIn();
        out.removeHeaders("*");
        out.setBody(row.record().value() == null ? null : new String(row.record().value(), java.nio.charset.StandardCharsets.UTF_8));
        if (row.record().key() != null) {
            out.setHeader(KafkaConstants.KEY, row.record().key());
        }
        out.setHeader("warehouse.error", row.error() == null ? "" : row.error());
        out.setHeader("warehouse.table", row.table());
        out.setHeader("warehouse.source.topic", row.record().topic());
        out.setHeader("warehouse.source.partition", Integer.toString(row.record().partition()));
        out.setHeader("warehouse.source.offset", Long.toString(row.record().offset()));
        exchange.setProperty(TOPIC_PROPERTY, names.rejectedTopicOf(row.record().topic()));
    }
}
