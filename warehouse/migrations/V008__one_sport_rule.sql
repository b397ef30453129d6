-- applied earlier with checksum 3af1184e7f450438798da7df7a610453bcf1152cd2df94a8b700bc0a9c226a13
--   (only comments of this file changed since)
-- V008: one sport rule with the validator. The rule is written once, in the validator's contracts
-- (spark-validator/src/main/resources/contracts): the sport is checked where a record has one, and a missing sport
-- is a defect only where the contract requires it (every feed whose rows always carry it: event, highlights, live
-- score, live event lookup, schedule, broadcast, league, venue). /list/teams rows carry no sport; the validator
-- validates them, and V005's sportsdb_is_soccer(NULL) = false then dropped them here without a word. Now every view
-- keeps a row unless its sport is named and is not soccer (sportsdb_not_soccer, the validator's sport:not_soccer),
-- so a validated record reaches dw or is excluded by a named rule, counted in dw.v_excluded_from_dw.
-- Views are dropped and created again (a materialized view's query cannot be altered); the migrations run before
-- ingestion starts. The live feed's `updated` stays Europe/London (V001 sportsdb_uk_local): the contract's zone,
-- checked against the real samples in the validator's ContractRulesTest.

-- Named rule sport:not_soccer: a sport is given and it is not soccer (blank or missing is no sport).
CREATE OR REPLACE FUNCTION sportsdb_not_soccer AS (s) -> sportsdb_text(s) IS NOT NULL AND NOT sportsdb_is_soccer(s);

DROP VIEW IF EXISTS dw.mv_fact_event;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_fact_event_snapshot;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_fact_broadcast;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL
  AND sportsdb_int(r.id) IS NOT NULL AND ifNull(sportsdb_int(r.idChannel), 0) > 0;

DROP VIEW IF EXISTS dw.mv_fact_highlight;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idEvent) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_dim_league;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idLeague) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_dim_team;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idTeam) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_dim_player;

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
  AND NOT sportsdb_not_soccer(sportsdb_json_text(r.lookup_player, 'strSport'));

DROP VIEW IF EXISTS dw.mv_dim_venue;

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
WHERE NOT sportsdb_not_soccer(r.strSport) AND sportsdb_int(r.idVenue) IS NOT NULL;

DROP VIEW IF EXISTS dw.mv_dim_channel;

CREATE MATERIALIZED VIEW IF NOT EXISTS dw.mv_dim_channel TO dw.dim_channel AS
SELECT
    assumeNotNull(sportsdb_sk(r.idChannel)) AS channel_sk,
    assumeNotNull(sportsdb_int(r.idChannel)) AS idChannel,
    sportsdb_text(r.strChannel) AS strChannel,
    sportsdb_text(r.strCountry) AS strCountry,
    sportsdb_text(r.strLogo) AS logo_url,
    r.ingested_at AS updated_at
FROM default.raw_broadcast AS r
WHERE NOT sportsdb_not_soccer(r.strSport) AND ifNull(sportsdb_int(r.idChannel), 0) > 0;

-- Backfill: the raw rows V005 dropped for a missing sport go through the new views (re-inserted into their own raw
-- table, as V007 does: raw and dw are ReplacingMergeTree, a rerun collapses).

INSERT INTO default.raw_event SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_event_highlights SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event_highlights WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_live_score SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_live_score WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_live_event_lookup SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_live_event_lookup WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_schedule SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_schedule WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_broadcast SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_broadcast WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_league SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_league WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_team SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_team WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_venue SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_venue WHERE sportsdb_text(strSport) IS NULL;

INSERT INTO default.raw_player SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_player
WHERE JSONHas(ifNull(lookup_player, '{}'), 'strSport') AND sportsdb_json_text(lookup_player, 'strSport') IS NULL;

-- What does not reach dw, by raw table and named rule (the only rules besides sport are the keys the contracts
-- require and the broadcast listings without a channel). Count a raw table with FINAL for exact figures.
CREATE OR REPLACE VIEW dw.v_excluded_from_dw AS
SELECT 'raw_event' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_event WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_event_highlights' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_event_highlights WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_live_score' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_live_score WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_live_event_lookup' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_live_event_lookup WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_schedule' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_schedule WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_broadcast' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_broadcast WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_league' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_league WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_team' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_team WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_venue' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_venue WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_player' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_player
    WHERE sportsdb_not_soccer(sportsdb_json_text(lookup_player, 'strSport'))
UNION ALL
SELECT 'raw_broadcast' AS raw_table, 'channel:none' AS rule, count() AS rows FROM default.raw_broadcast
    WHERE NOT sportsdb_not_soccer(strSport) AND ifNull(sportsdb_int(idChannel), 0) <= 0;
