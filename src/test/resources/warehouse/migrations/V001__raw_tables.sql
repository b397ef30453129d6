-- H2 stand-ins for two of the raw tables of warehouse/migrations/V002__raw_tables.sql: API fields as text
-- (natural key NOT NULL), the pipeline columns the ingest route fills, loaded_at filled by the database.
-- "intRound" is an INT on purpose: a record whose round is not a number is refused by the database.
CREATE TABLE IF NOT EXISTS raw_event (
    "idEvent" VARCHAR(32) NOT NULL,
    "strEvent" VARCHAR(400),
    "strSport" VARCHAR(100),
    "intRound" INT,
    "intHomeScore" VARCHAR(16),
    "ingested_at" TIMESTAMP(3) NOT NULL,
    "payload_hash" VARCHAR(64) NOT NULL,
    "kafka_topic" VARCHAR(200) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "kafka_key" VARCHAR(200) NOT NULL,
    "record_json" CLOB NOT NULL,
    "loaded_at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS raw_player (
    "idPlayer" VARCHAR(32) NOT NULL,
    "idTeam" VARCHAR(32),
    "list_player" CLOB,
    "lookup_player" CLOB,
    "ingested_at" TIMESTAMP(3) NOT NULL,
    "payload_hash" VARCHAR(64) NOT NULL,
    "kafka_topic" VARCHAR(200) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "kafka_key" VARCHAR(200) NOT NULL,
    "record_json" CLOB NOT NULL,
    "loaded_at" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP
);
