-- V010: which feed's word counts for a match's status, and which matches are not going to be played.
-- The four event feeds (event, live_event_lookup, schedule, live_score) each keep one row per event in dw.fact_event,
-- versioned by the record's ingested_at (the poller's whole second). V006 took the status from the newest of them;
-- but the live event lookup runs right after every live score poll and can still say '2H' (or the schedule's 'NS')
-- when the live score already says 'FT': the lagging row was the newest, the match was not finished and left the
-- league table, and rows of the same second were picked at random. Now:
--   1. a status says how far a match got: over (finished, or abandoned) > under way > not started (scheduled,
--      postponed, cancelled); the status of the row that got furthest wins, from whichever feed it comes;
--   2. among rows that got equally far, the newest wins (a postponed match rescheduled, 1H then HT then 2H);
--   3. rows of the same second: live_score, then live_event_lookup, then event, then schedule (the feed polled for
--      the live state first).
-- Minute and score follow the same order, so they come from the row whose status is shown when it carries them
-- (an 'FT' row's 90 and final score, not a lagging '2H' row's minute and score). The other columns keep V006's rule
-- (newest row where known), with the same feed order for rows of the same second.
-- Only views and functions change: nothing stored, nothing to backfill.

-- A final status: the match has a result (full time, after extra time, on penalties, awarded, walkover; the statuses
-- the event-details feed fetches details for, and the legacy 'Match Finished'). Never NULL.
CREATE OR REPLACE FUNCTION sportsdb_status_finished AS (s) -> ifNull(s, '') IN ('FT', 'AET', 'PEN', 'AWD', 'WO', 'Match Finished');

-- Not going to be played as scheduled: postponed, cancelled, abandoned. Never NULL.
CREATE OR REPLACE FUNCTION sportsdb_status_called_off AS (s) -> ifNull(s, '') IN ('PST', 'CANC', 'ABD');

-- How far a match got by its status: 3 over (a final status or abandoned), 2 under way (any other status: 1H, HT, 2H,
-- ET, P, suspended, interrupted, ...), 1 not started (NS, TBD, postponed, cancelled), 0 no status.
CREATE OR REPLACE FUNCTION sportsdb_status_rank AS (s) ->
    multiIf(s IS NULL, 0, sportsdb_status_finished(s) OR s = 'ABD', 3, s IN ('NS', 'TBD', 'PST', 'CANC'), 1, 2);

-- Which feed's row wins between rows of the same second and the same status rank.
CREATE OR REPLACE FUNCTION sportsdb_source_rank AS (src) ->
    multiIf(src = 'live_score', 4, src = 'live_event_lookup', 3, src = 'event', 2, src = 'schedule', 1, 0);

-- The hub view again (V006's columns, in V006's order): status, minute and score by the match-state order above,
-- the rest from the newest row where known.
CREATE OR REPLACE VIEW dw.v_fact_event_latest AS
SELECT
    f.idEvent AS idEvent,
    argMax(f.league_sk, (f.updated_at, sportsdb_source_rank(f.source))) AS league_sk,
    argMaxIf(f.home_team_sk, (f.updated_at, sportsdb_source_rank(f.source)), f.home_team_sk IS NOT NULL) AS home_team_sk,
    argMaxIf(f.away_team_sk, (f.updated_at, sportsdb_source_rank(f.source)), f.away_team_sk IS NOT NULL) AS away_team_sk,
    argMaxIf(f.venue_sk, (f.updated_at, sportsdb_source_rank(f.source)), f.venue_sk IS NOT NULL) AS venue_sk,
    argMaxIf(f.idLeague, (f.updated_at, sportsdb_source_rank(f.source)), f.idLeague IS NOT NULL) AS idLeague,
    argMaxIf(f.idHomeTeam, (f.updated_at, sportsdb_source_rank(f.source)), f.idHomeTeam IS NOT NULL) AS idHomeTeam,
    argMaxIf(f.idAwayTeam, (f.updated_at, sportsdb_source_rank(f.source)), f.idAwayTeam IS NOT NULL) AS idAwayTeam,
    argMaxIf(f.idVenue, (f.updated_at, sportsdb_source_rank(f.source)), f.idVenue IS NOT NULL) AS idVenue,
    argMaxIf(f.strEvent, (f.updated_at, sportsdb_source_rank(f.source)), f.strEvent IS NOT NULL) AS strEvent,
    argMaxIf(f.season, (f.updated_at, sportsdb_source_rank(f.source)), f.season IS NOT NULL) AS season,
    argMaxIf(f.round, (f.updated_at, sportsdb_source_rank(f.source)), f.round IS NOT NULL) AS round,
    argMaxIf(f.status, (sportsdb_status_rank(f.status), f.updated_at, sportsdb_source_rank(f.source)), f.status IS NOT NULL) AS status,
    argMaxIf(f.progress, (sportsdb_status_rank(f.status), f.updated_at, sportsdb_source_rank(f.source)), f.progress IS NOT NULL) AS progress,
    argMaxIf(f.postponed, (f.updated_at, sportsdb_source_rank(f.source)), f.postponed IS NOT NULL) AS postponed,
    argMaxIf(f.result, (f.updated_at, sportsdb_source_rank(f.source)), f.result IS NOT NULL) AS result,
    argMaxIf(f.scheduled_utc, (f.updated_at, sportsdb_source_rank(f.source)), f.scheduled_utc IS NOT NULL) AS scheduled_utc,
    argMaxIf(f.home_score, (sportsdb_status_rank(f.status), f.updated_at, sportsdb_source_rank(f.source)), f.home_score IS NOT NULL) AS home_score,
    argMaxIf(f.away_score, (sportsdb_status_rank(f.status), f.updated_at, sportsdb_source_rank(f.source)), f.away_score IS NOT NULL) AS away_score,
    argMaxIf(f.spectators, (f.updated_at, sportsdb_source_rank(f.source)), f.spectators IS NOT NULL) AS spectators,
    argMaxIf(f.video_url, (f.updated_at, sportsdb_source_rank(f.source)), f.video_url IS NOT NULL) AS video_url,
    argMaxIf(f.thumb_url, (f.updated_at, sportsdb_source_rank(f.source)), f.thumb_url IS NOT NULL) AS thumb_url,
    argMaxIf(f.source_updated_at, (f.updated_at, sportsdb_source_rank(f.source)), f.source_updated_at IS NOT NULL) AS source_updated_at,
    argMax(f.event_date, (f.updated_at, sportsdb_source_rank(f.source))) AS event_date,
    toDate32(argMaxIf(f.scheduled_utc, (f.updated_at, sportsdb_source_rank(f.source)), f.scheduled_utc IS NOT NULL)) AS scheduled_date,
    arraySort(groupUniqArray(f.source)) AS sources,
    max(f.updated_at) AS updated_at_latest
FROM dw.fact_event AS f
GROUP BY f.idEvent;

-- V009's match view again, its rules now the functions above: finished = a final status and both scores known;
-- called_off (new, last column) = postponed, cancelled or abandoned, so not a fixture still to come.
CREATE OR REPLACE VIEW dw.v_match AS
SELECT
    e.idEvent AS idEvent,
    e.idLeague AS idLeague,
    ifNull(nullIf(l.strLeague, ''), toString(e.idLeague)) AS league,
    e.season AS season,
    e.round AS round,
    e.scheduled_utc AS kickoff_utc,
    e.event_date AS event_date,
    e.status AS status,
    e.progress AS progress,
    sportsdb_status_finished(e.status) AND e.home_score IS NOT NULL AND e.away_score IS NOT NULL AS finished,
    e.idHomeTeam AS idHomeTeam,
    coalesce(h.strTeam, nullIf(trimBoth(splitByString(' vs ', ifNull(e.strEvent, ''))[1]), ''), toString(e.idHomeTeam)) AS home_team,
    e.home_score AS home_score,
    e.away_score AS away_score,
    coalesce(a.strTeam, nullIf(trimBoth(arrayElement(splitByString(' vs ', ifNull(e.strEvent, '')), 2)), ''), toString(e.idAwayTeam)) AS away_team,
    e.idAwayTeam AS idAwayTeam,
    e.idVenue AS idVenue,
    v.strVenue AS venue,
    e.spectators AS spectators,
    e.strEvent AS strEvent,
    sportsdb_status_called_off(e.status) AS called_off
FROM dw.v_fact_event_latest AS e
LEFT JOIN (SELECT idLeague, strLeague FROM dw.dim_league FINAL) AS l ON l.idLeague = e.idLeague
LEFT JOIN (SELECT idTeam, strTeam FROM dw.dim_team FINAL) AS h ON h.idTeam = e.idHomeTeam
LEFT JOIN (SELECT idTeam, strTeam FROM dw.dim_team FINAL) AS a ON a.idTeam = e.idAwayTeam
LEFT JOIN (SELECT idVenue, strVenue FROM dw.dim_venue FINAL) AS v ON v.idVenue = e.idVenue;
