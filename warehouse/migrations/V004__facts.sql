-- V004: facts. All are ReplacingMergeTree keyed on what identifies one fact, versioned by the
-- record's ingestion time: a re-delivered record, a replayed raw table or a backfill run twice
-- collapses instead of doubling rows (the old MergeTree facts doubled).
-- fact_event keeps one row per (event, source feed): feeds carry different column subsets
-- (the live feed has no season or venue); dw.v_fact_event_latest merges them per event.

CREATE TABLE IF NOT EXISTS dw.fact_event
(
    idEvent Int64,
    source LowCardinality(String),
    league_sk UInt64,
    home_team_sk Nullable(UInt64),
    away_team_sk Nullable(UInt64),
    venue_sk Nullable(UInt64),
    idLeague Nullable(Int64),
    idHomeTeam Nullable(Int64),
    idAwayTeam Nullable(Int64),
    idVenue Nullable(Int64),
    strEvent Nullable(String),
    season LowCardinality(Nullable(String)),
    round Nullable(Int32),
    status LowCardinality(Nullable(String)),
    progress LowCardinality(Nullable(String)),
    postponed Nullable(UInt8),
    result Nullable(String),
    event_date Date32,
    scheduled_utc Nullable(DateTime64(3, 'UTC')),
    home_score Nullable(Int32),
    away_score Nullable(Int32),
    spectators Nullable(Int32),
    video_url Nullable(String),
    thumb_url Nullable(String),
    source_updated_at Nullable(DateTime64(3, 'UTC')),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(event_date)
ORDER BY (league_sk, idEvent, source);

CREATE TABLE IF NOT EXISTS dw.fact_event_snapshot
(
    idEvent Int64,
    snapshot_ts DateTime64(3, 'UTC'),
    league_sk UInt64,
    home_team_sk Nullable(UInt64),
    away_team_sk Nullable(UInt64),
    status LowCardinality(Nullable(String)),
    progress LowCardinality(Nullable(String)),
    home_score Nullable(Int32),
    away_score Nullable(Int32),
    ingested_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(snapshot_ts)
ORDER BY (idEvent, snapshot_ts);

CREATE TABLE IF NOT EXISTS dw.fact_event_stat
(
    idEvent Int64,
    idStatistic Int64,
    stat_code LowCardinality(String),
    home_value Nullable(Float64),
    away_value Nullable(Float64),
    asof_ts DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(asof_ts)
ORDER BY (idEvent, stat_code);

CREATE TABLE IF NOT EXISTS dw.fact_timeline
(
    idTimeline Int64,
    idEvent Int64,
    minute Nullable(Int32),
    timeline_type LowCardinality(String),
    detail Nullable(String),
    is_home UInt8,
    team_sk Nullable(UInt64),
    player_sk Nullable(UInt64),
    assist_player_sk Nullable(UInt64),
    player_name Nullable(String),
    assist_name Nullable(String),
    comment Nullable(String),
    event_date Nullable(Date32),
    asof_ts DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(asof_ts)
ORDER BY (idEvent, idTimeline);

CREATE TABLE IF NOT EXISTS dw.fact_lineup
(
    idLineup Int64,
    idEvent Int64,
    team_sk Nullable(UInt64),
    player_sk Nullable(UInt64),
    player_name Nullable(String),
    position LowCardinality(Nullable(String)),
    position_short LowCardinality(Nullable(String)),
    formation LowCardinality(Nullable(String)),
    is_home UInt8,
    is_substitute UInt8,
    squad_number Nullable(Int32),
    asof_ts DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(asof_ts)
ORDER BY (idEvent, idLineup);

CREATE TABLE IF NOT EXISTS dw.fact_broadcast
(
    idListing Int64,
    idEvent Int64,
    channel_sk UInt64,
    country LowCardinality(Nullable(String)),
    event_country LowCardinality(Nullable(String)),
    broadcast_utc Nullable(DateTime64(3, 'UTC')),
    event_date Nullable(Date32),
    asof_ts DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(asof_ts)
ORDER BY (idEvent, channel_sk, idListing);

CREATE TABLE IF NOT EXISTS dw.fact_highlight
(
    idEvent Int64,
    media_type LowCardinality(String),
    url String,
    asof_ts DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(asof_ts)
ORDER BY (idEvent, media_type, url);
