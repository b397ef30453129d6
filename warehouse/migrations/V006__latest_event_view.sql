-- V006: the hub view: one row per event, its latest known state across all event feeds.
-- Each column is the value of the row with the highest updated_at (= record ingestion time) among the
-- rows where that column is known: the live feed's newer score wins, while season, venue and round,
-- which the live feed does not carry, still come from the schedule or event lookup.
-- A replayed older record has an older updated_at and cannot win.
-- No 'first seen' column: fact_event keeps only the newest row per (event, feed) once merged, so a
-- min(updated_at) here would change with background merges; first-seen times live in the raw tables.

CREATE OR REPLACE VIEW dw.v_fact_event_latest AS
SELECT
    f.idEvent AS idEvent,
    argMax(f.league_sk, f.updated_at) AS league_sk,
    argMaxIf(f.home_team_sk, f.updated_at, f.home_team_sk IS NOT NULL) AS home_team_sk,
    argMaxIf(f.away_team_sk, f.updated_at, f.away_team_sk IS NOT NULL) AS away_team_sk,
    argMaxIf(f.venue_sk, f.updated_at, f.venue_sk IS NOT NULL) AS venue_sk,
    argMaxIf(f.idLeague, f.updated_at, f.idLeague IS NOT NULL) AS idLeague,
    argMaxIf(f.idHomeTeam, f.updated_at, f.idHomeTeam IS NOT NULL) AS idHomeTeam,
    argMaxIf(f.idAwayTeam, f.updated_at, f.idAwayTeam IS NOT NULL) AS idAwayTeam,
    argMaxIf(f.idVenue, f.updated_at, f.idVenue IS NOT NULL) AS idVenue,
    argMaxIf(f.strEvent, f.updated_at, f.strEvent IS NOT NULL) AS strEvent,
    argMaxIf(f.season, f.updated_at, f.season IS NOT NULL) AS season,
    argMaxIf(f.round, f.updated_at, f.round IS NOT NULL) AS round,
    argMaxIf(f.status, f.updated_at, f.status IS NOT NULL) AS status,
    argMaxIf(f.progress, f.updated_at, f.progress IS NOT NULL) AS progress,
    argMaxIf(f.postponed, f.updated_at, f.postponed IS NOT NULL) AS postponed,
    argMaxIf(f.result, f.updated_at, f.result IS NOT NULL) AS result,
    argMaxIf(f.scheduled_utc, f.updated_at, f.scheduled_utc IS NOT NULL) AS scheduled_utc,
    argMaxIf(f.home_score, f.updated_at, f.home_score IS NOT NULL) AS home_score,
    argMaxIf(f.away_score, f.updated_at, f.away_score IS NOT NULL) AS away_score,
    argMaxIf(f.spectators, f.updated_at, f.spectators IS NOT NULL) AS spectators,
    argMaxIf(f.video_url, f.updated_at, f.video_url IS NOT NULL) AS video_url,
    argMaxIf(f.thumb_url, f.updated_at, f.thumb_url IS NOT NULL) AS thumb_url,
    argMaxIf(f.source_updated_at, f.updated_at, f.source_updated_at IS NOT NULL) AS source_updated_at,
    argMax(f.event_date, f.updated_at) AS event_date,
    toDate32(argMaxIf(f.scheduled_utc, f.updated_at, f.scheduled_utc IS NOT NULL)) AS scheduled_date,
    arraySort(groupUniqArray(f.source)) AS sources,
    max(f.updated_at) AS updated_at_latest
FROM dw.fact_event AS f
GROUP BY f.idEvent;
