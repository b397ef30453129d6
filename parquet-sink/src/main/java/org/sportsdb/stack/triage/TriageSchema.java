package org.sportsdb.stack.triage;

import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** The columns of a triage Parquet file (one row per rejected Kafka record). */
public final class TriageSchema {

    /** Payload fields analysts group by, copied out of the JSON when present. */
    public static final List<String> ANALYST_FIELDS = List.of("idEvent", "idLeague", "strSport", "strStatus");

    public static final Schema SCHEMA = build();

    private TriageSchema() {
    }

    private static Schema build() {
        Schema timestamp = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("RejectedRecord")
                .namespace("org.sportsdb.stack.triage")
                .doc("A record from a rejected.soccer.* topic, as triaged to Parquet")
                .fields()
                .requiredString("topic")
                .requiredInt("partition")
                .requiredLong("offset")
                .name("kafka_timestamp").type(timestamp).noDefault()
                .optionalString("key")
                .name("reasons").type().array().items().stringType().noDefault()
                .optionalString("payload")
                .optionalDouble("ingested_at");
        for (String field : ANALYST_FIELDS) {
            fields = fields.optionalString(field);
        }
        return fields.name("triaged_at").type(timestamp).noDefault().endRecord();
    }
}
