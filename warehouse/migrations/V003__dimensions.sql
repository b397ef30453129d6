-- V003: dimensions (Type 1). ReplacingMergeTree(updated_at) keeps, per natural id, the row with the
-- highest updated_at, where updated_at = the record's own ingestion time (raw ingested_at), never the
-- time of the insert into ClickHouse: a replayed or backfilled old record cannot replace a newer one.
-- Read with FINAL (or argMax) for exact results before background merges.
-- Surrogate keys: <x>_sk = sportsdb_sk(id) = cityHash64(toInt64(id)), the same function in every fact.
-- URL columns are plain String (high cardinality), LowCardinality only for small vocabularies.

CREATE DATABASE IF NOT EXISTS dw;

CREATE TABLE IF NOT EXISTS dw.dim_league
(
    league_sk UInt64,
    idLeague Int64,
    strLeague String,
    strLeagueAlternate Nullable(String),
    strSport LowCardinality(String),
    strCountry LowCardinality(Nullable(String)),
    strGender LowCardinality(Nullable(String)),
    strCurrentSeason LowCardinality(Nullable(String)),
    intFormedYear Nullable(Int32),
    badge_url Nullable(String),
    logo_url Nullable(String),
    banner_url Nullable(String),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY idLeague;

CREATE TABLE IF NOT EXISTS dw.dim_team
(
    team_sk UInt64,
    idTeam Int64,
    strTeam Nullable(String),
    strTeamShort LowCardinality(Nullable(String)),
    strCountry LowCardinality(Nullable(String)),
    idLeague Nullable(Int64),
    league_ids Array(Int64),
    idVenue Nullable(Int64),
    strStadium Nullable(String),
    intStadiumCapacity Nullable(Int64),
    intFormedYear Nullable(Int32),
    website Nullable(String),
    badge_url Nullable(String),
    logo_url Nullable(String),
    banner_url Nullable(String),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY idTeam;

CREATE TABLE IF NOT EXISTS dw.dim_player
(
    player_sk UInt64,
    idPlayer Int64,
    idTeam Nullable(Int64),
    strPlayer Nullable(String),
    strNumber LowCardinality(Nullable(String)),
    strPosition LowCardinality(Nullable(String)),
    nationality LowCardinality(Nullable(String)),
    dateBorn Nullable(Date32),
    thumb_url Nullable(String),
    cutout_url Nullable(String),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY idPlayer;

CREATE TABLE IF NOT EXISTS dw.dim_venue
(
    venue_sk UInt64,
    idVenue Int64,
    strVenue Nullable(String),
    strLocation Nullable(String),
    strCountry LowCardinality(Nullable(String)),
    intCapacity Nullable(Int64),
    strTimezone LowCardinality(Nullable(String)),
    map_coordinates Nullable(String),
    thumb_url Nullable(String),
    logo_url Nullable(String),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY idVenue;

CREATE TABLE IF NOT EXISTS dw.dim_channel
(
    channel_sk UInt64,
    idChannel Int64,
    strChannel Nullable(String),
    strCountry LowCardinality(Nullable(String)),
    logo_url Nullable(String),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY idChannel;
