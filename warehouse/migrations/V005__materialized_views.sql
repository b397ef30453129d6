-- V005: materialised views raw -> dw (soccer only: sportsdb_is_soccer on the record's own sport field).
-- Every view versions its rows with the record's ingested_at (never now64()).
-- Detail feeds (stats, timeline, lineup) have no sport field and are read on their own: no JOIN with
-- raw_event (a view fires only on inserts into its FROM table, so a JOIN dropped details that arrived
-- before their event, and re-read all of raw_event on every insert). They come from soccer.* topics,
-- which the poller fills for soccer events only.
-- Four feeds describe an event's state (event, live.event.lookup, schedule, live_score). Each is
-- forwarded as is into dw.stage_event_state (Null engine: stores nothing) tagged with its source,
-- and ONE view converts that stage into dw.fact_event, so the conversion exists once.
-- The stage holds the union of the four raw tables' columns: a column added to one of those raw
-- tables must be added to the stage in the same migration.

CREATE TABLE IF NOT EXISTS dw.stage_event_state
(
    `source` LowCardinality(String),
    `idEvent` Nullable(String),
    `idAPIfootball` Nullable(String),
    `strTimestamp` Nullable(String),
    `strEvent` Nullable(String),
    `strEventAlternate` Nullable(String),
    `strFilename` Nullable(String),
    `strSport` Nullable(String),
    `idLeague` Nullable(String),
    `strLeague` Nullable(String),
    `strLeagueBadge` Nullable(String),
    `strSeason` Nullable(String),
    `strDescriptionEN` Nullable(String),
    `strHomeTeam` Nullable(String),
    `strAwayTeam` Nullable(String),
    `intHomeScore` Nullable(String),
    `intHomeScoreExtra` Nullable(String),
    `intAwayScoreExtra` Nullable(String),
    `intRound` Nullable(String),
    `intAwayScore` Nullable(String),
    `intSpectators` Nullable(String),
    `strOfficial` Nullable(String),
    `strWeather` Nullable(String),
    `dateEvent` Nullable(String),
    `dateEventLocal` Nullable(String),
    `strTime` Nullable(String),
    `strTimeLocal` Nullable(String),
    `strGroup` Nullable(String),
    `idHomeTeam` Nullable(String),
    `strHomeTeamBadge` Nullable(String),
    `idAwayTeam` Nullable(String),
    `strAwayTeamBadge` Nullable(String),
    `intScore` Nullable(String),
    `intScoreVotes` Nullable(String),
    `strResult` Nullable(String),
    `idVenue` Nullable(String),
    `strVenue` Nullable(String),
    `strCountry` Nullable(String),
    `strCity` Nullable(String),
    `strPoster` Nullable(String),
    `strSquare` Nullable(String),
    `strFanart` Nullable(String),
    `strThumb` Nullable(String),
    `strBanner` Nullable(String),
    `strMap` Nullable(String),
    `strTweet1` Nullable(String),
    `strVideo` Nullable(String),
    `strStatus` Nullable(String),
    `strPostponed` Nullable(String),
    `strLocked` Nullable(String),
    `strEventTime` Nullable(String),
    `ingested_at` DateTime64(3, 'UTC'),
    `payload_hash` Nullable(String),
    `kafka_topic` Nullable(String),
    `kafka_partition` Int32,
    `kafka_offset` Int64,
    `kafka_key` Nullable(String),
    `record_json` Nullable(String),
    `loaded_at` DateTime64(3, 'UTC'),
    `strTweet2` Nullable(String),
    `strTweet3` Nullable(String),
    `idLiveScore` Nullable(String),
    `intDivision` Nullable(String),
    `strProgress` Nullable(String),
    `updated` Nullable(String),
    `intEventScore` Nullable(String),
    `intEventScoreTotal` Nullable(String)
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_stage_event_from_event TO dw.stage_event_state AS
SELECT *, 'event' AS source FROM default.raw_event;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_stage_event_from_live_event_lookup TO dw.stage_event_state AS
SELECT *, 'live_event_lookup' AS source FROM default.raw_live_event_lookup;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_stage_event_from_schedule TO dw.stage_event_state AS
SELECT *, 'schedule' AS source FROM default.raw_schedule;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_stage_event_from_live_score TO dw.stage_event_state AS
SELECT *, 'live_score' AS source FROM default.raw_live_score;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_event TO dw.fact_event AS
SELECT
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    r.source AS source,
    ifNull(sportsdb_sk(r.idLeague), 0) AS league_sk,
    sportsdb_sk(r.idHomeTeam) AS home_team_sk,
    sportsdb_sk(r.idAwayTeam) AS away_team_sk,
    sportsdb_sk(r.idVenue) AS venue_sk,
    sportsdb_int(r.idLeague) AS idLeague,
    sportsdb_int(r.idHomeTeam) AS idHomeTeam,
    sportsdb_int(r.idAwayTeam) AS idAwayTeam,
    sportsdb_int(r.idVenue) AS idVenue,
    sportsdb_text(r.strEvent) AS strEvent,
    sportsdb_text(r.strSeason) AS season,
    sportsdb_int(r.intRound) AS round,
    sportsdb_text(r.strStatus) AS status,
    sportsdb_text(r.strProgress) AS progress,
    if(sportsdb_text(r.strPostponed) IS NULL, NULL, sportsdb_flag(r.strPostponed)) AS postponed,
    sportsdb_text(r.strResult) AS result,
    ifNull(sportsdb_date(r.dateEvent), toDate32(ifNull(sportsdb_utc(r.strTimestamp), r.ingested_at))) AS event_date,
    sportsdb_utc(r.strTimestamp) AS scheduled_utc,
    sportsdb_int(r.intHomeScore) AS home_score,
    sportsdb_int(r.intAwayScore) AS away_score,
    sportsdb_int(r.intSpectators) AS spectators,
    sportsdb_text(r.strVideo) AS video_url,
    sportsdb_text(r.strThumb) AS thumb_url,
    sportsdb_uk_local(r.updated) AS source_updated_at,
    r.ingested_at AS updated_at
FROM dw.stage_event_state AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

-- One row per live-feed state; the feed's `updated` (UK local time) is converted to UTC.
-- A finished game lingering in the feed with the same `updated` collapses into one snapshot.
CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_event_snapshot TO dw.fact_event_snapshot AS
SELECT
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    ifNull(sportsdb_uk_local(r.updated), r.ingested_at) AS snapshot_ts,
    ifNull(sportsdb_sk(r.idLeague), 0) AS league_sk,
    sportsdb_sk(r.idHomeTeam) AS home_team_sk,
    sportsdb_sk(r.idAwayTeam) AS away_team_sk,
    sportsdb_text(r.strStatus) AS status,
    sportsdb_text(r.strProgress) AS progress,
    sportsdb_int(r.intHomeScore) AS home_score,
    sportsdb_int(r.intAwayScore) AS away_score,
    r.ingested_at AS ingested_at
FROM default.raw_live_score AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_event_stat TO dw.fact_event_stat AS
SELECT
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    ifNull(sportsdb_int(r.idStatistic), 0) AS idStatistic,
    ifNull(sportsdb_text(r.strStat), concat('statistic ', r.idStatistic)) AS stat_code,
    sportsdb_number(r.intHome) AS home_value,
    sportsdb_number(r.intAway) AS away_value,
    r.ingested_at AS asof_ts
FROM default.raw_event_stats AS r
WHERE sportsdb_int(r.idEvent) IS NOT NULL;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_timeline TO dw.fact_timeline AS
SELECT
    assumeNotNull(sportsdb_int(r.idTimeline)) AS idTimeline,
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    sportsdb_int(r.intTime) AS minute,
    ifNull(sportsdb_text(r.strTimeline), '') AS timeline_type,
    sportsdb_text(r.strTimelineDetail) AS detail,
    sportsdb_flag(r.strHome) AS is_home,
    sportsdb_sk(r.idTeam) AS team_sk,
    sportsdb_sk(r.idPlayer) AS player_sk,
    sportsdb_sk(r.idAssist) AS assist_player_sk,
    sportsdb_text(r.strPlayer) AS player_name,
    sportsdb_text(r.strAssist) AS assist_name,
    sportsdb_text(r.strComment) AS comment,
    sportsdb_date(r.dateEvent) AS event_date,
    r.ingested_at AS asof_ts
FROM default.raw_event_timeline AS r
WHERE sportsdb_int(r.idEvent) IS NOT NULL AND sportsdb_int(r.idTimeline) IS NOT NULL;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_lineup TO dw.fact_lineup AS
SELECT
    assumeNotNull(sportsdb_int(r.idLineup)) AS idLineup,
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    sportsdb_sk(r.idTeam) AS team_sk,
    sportsdb_sk(r.idPlayer) AS player_sk,
    sportsdb_text(r.strPlayer) AS player_name,
    sportsdb_text(r.strPosition) AS position,
    sportsdb_text(r.strPositionShort) AS position_short,
    sportsdb_text(r.strFormation) AS formation,
    sportsdb_flag(r.strHome) AS is_home,
    sportsdb_flag(r.strSubstitute) AS is_substitute,
    sportsdb_int(r.intSquadNumber) AS squad_number,
    r.ingested_at AS asof_ts
FROM default.raw_event_lineup AS r
WHERE sportsdb_int(r.idEvent) IS NOT NULL AND sportsdb_int(r.idLineup) IS NOT NULL;

-- idChannel is a string: the old filter compared it with the number 0; here it must parse as a positive id.
CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_broadcast TO dw.fact_broadcast AS
SELECT
    assumeNotNull(sportsdb_int(r.id)) AS idListing,
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    assumeNotNull(sportsdb_sk(r.idChannel)) AS channel_sk,
    sportsdb_text(r.strCountry) AS country,
    sportsdb_text(r.strEventCountry) AS event_country,
    sportsdb_utc(r.strTimeStamp) AS broadcast_utc,
    sportsdb_date(r.dateEvent) AS event_date,
    r.ingested_at AS asof_ts
FROM default.raw_broadcast AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL
  AND sportsdb_int(r.id) IS NOT NULL AND ifNull(sportsdb_int(r.idChannel), 0) > 0;

-- One row per media link of a highlights record (empty links skipped).
CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_fact_highlight TO dw.fact_highlight AS
SELECT
    assumeNotNull(sportsdb_int(r.idEvent)) AS idEvent,
    media.1 AS media_type,
    media.2 AS url,
    r.ingested_at AS asof_ts
FROM default.raw_event_highlights AS r
ARRAY JOIN arrayFilter(m -> m.2 != '', [
    tuple('video', ifNull(sportsdb_text(r.strVideo), '')),
    tuple('thumb', ifNull(sportsdb_text(r.strThumb), '')),
    tuple('poster', ifNull(sportsdb_text(r.strPoster), '')),
    tuple('banner', ifNull(sportsdb_text(r.strBanner), '')),
    tuple('square', ifNull(sportsdb_text(r.strSquare), '')),
    tuple('fanart', ifNull(sportsdb_text(r.strFanart), ''))
]) AS media
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_league TO dw.dim_league AS
SELECT
    assumeNotNull(sportsdb_sk(r.idLeague)) AS league_sk,
    assumeNotNull(sportsdb_int(r.idLeague)) AS idLeague,
    ifNull(sportsdb_text(r.strLeague), '') AS strLeague,
    sportsdb_text(r.strLeagueAlternate) AS strLeagueAlternate,
    ifNull(sportsdb_text(r.strSport), '') AS strSport,
    sportsdb_text(r.strCountry) AS strCountry,
    sportsdb_text(r.strGender) AS strGender,
    sportsdb_text(r.strCurrentSeason) AS strCurrentSeason,
    sportsdb_int(r.intFormedYear) AS intFormedYear,
    sportsdb_text(r.strBadge) AS badge_url,
    sportsdb_text(r.strLogo) AS logo_url,
    sportsdb_text(r.strBanner) AS banner_url,
    r.ingested_at AS updated_at
FROM default.raw_league AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idLeague) IS NOT NULL;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_team TO dw.dim_team AS
SELECT
    assumeNotNull(sportsdb_sk(r.idTeam)) AS team_sk,
    assumeNotNull(sportsdb_int(r.idTeam)) AS idTeam,
    sportsdb_text(r.strTeam) AS strTeam,
    sportsdb_text(r.strTeamShort) AS strTeamShort,
    sportsdb_text(r.strCountry) AS strCountry,
    sportsdb_int(r.idLeague) AS idLeague,
    arrayMap(x -> assumeNotNull(x), arrayFilter(x -> ifNull(x, 0) > 0, [
        sportsdb_int(r.idLeague), sportsdb_int(r.idLeague2), sportsdb_int(r.idLeague3), sportsdb_int(r.idLeague4),
        sportsdb_int(r.idLeague5), sportsdb_int(r.idLeague6), sportsdb_int(r.idLeague7)])) AS league_ids,
    sportsdb_int(r.idVenue) AS idVenue,
    sportsdb_text(r.strStadium) AS strStadium,
    sportsdb_int(r.intStadiumCapacity) AS intStadiumCapacity,
    sportsdb_int(r.intFormedYear) AS intFormedYear,
    sportsdb_text(r.strWebsite) AS website,
    sportsdb_text(r.strBadge) AS badge_url,
    sportsdb_text(r.strLogo) AS logo_url,
    sportsdb_text(r.strBanner) AS banner_url,
    r.ingested_at AS updated_at
FROM default.raw_team AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idTeam) IS NOT NULL;

-- Sport comes from lookup_player.strSport. A record whose lookup came back empty ({}) has no sport
-- field; it was listed by a team of a soccer feed and is kept. A lookup naming another sport is dropped.
CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_player TO dw.dim_player AS
SELECT
    assumeNotNull(sportsdb_sk(r.idPlayer)) AS player_sk,
    assumeNotNull(sportsdb_int(r.idPlayer)) AS idPlayer,
    sportsdb_int(r.idTeam) AS idTeam,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strPlayer') AS strPlayer,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strNumber') AS strNumber,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strPosition') AS strPosition,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strNationality') AS nationality,
    sportsdb_date(sportsdb_player_text(r.lookup_player, r.list_player, 'dateBorn')) AS dateBorn,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strThumb') AS thumb_url,
    sportsdb_player_text(r.lookup_player, r.list_player, 'strCutout') AS cutout_url,
    r.ingested_at AS updated_at
FROM default.raw_player AS r
WHERE sportsdb_int(r.idPlayer) IS NOT NULL
  AND (sportsdb_is_soccer(sportsdb_json_text(r.lookup_player, 'strSport'))
       OR NOT JSONHas(ifNull(r.lookup_player, '{}'), 'strSport'));

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_venue TO dw.dim_venue AS
SELECT
    assumeNotNull(sportsdb_sk(r.idVenue)) AS venue_sk,
    assumeNotNull(sportsdb_int(r.idVenue)) AS idVenue,
    sportsdb_text(r.strVenue) AS strVenue,
    sportsdb_text(r.strLocation) AS strLocation,
    sportsdb_text(r.strCountry) AS strCountry,
    sportsdb_int(r.intCapacity) AS intCapacity,
    sportsdb_text(r.strTimezone) AS strTimezone,
    sportsdb_text(r.strMap) AS map_coordinates,
    sportsdb_text(r.strThumb) AS thumb_url,
    sportsdb_text(r.strLogo) AS logo_url,
    r.ingested_at AS updated_at
FROM default.raw_venue AS r
WHERE sportsdb_is_soccer(r.strSport) AND sportsdb_int(r.idVenue) IS NOT NULL;

-- No aggregation inside the view (it would only aggregate one insert block): ReplacingMergeTree dedups.
CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_channel TO dw.dim_channel AS
SELECT
    assumeNotNull(sportsdb_sk(r.idChannel)) AS channel_sk,
    assumeNotNull(sportsdb_int(r.idChannel)) AS idChannel,
    sportsdb_text(r.strChannel) AS strChannel,
    sportsdb_text(r.strCountry) AS strCountry,
    sportsdb_text(r.strLogo) AS logo_url,
    r.ingested_at AS updated_at
FROM default.raw_broadcast AS r
WHERE sportsdb_is_soccer(r.strSport) AND ifNull(sportsdb_int(r.idChannel), 0) > 0;
