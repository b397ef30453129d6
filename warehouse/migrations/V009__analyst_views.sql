-- V009: views for people who look at the football rather than query it (the Grafana dashboard
-- infra/grafana/dashboards/football.json reads nothing else). Each rule is written once, here:
-- what a finished match is, who won, how many points a result is worth, which timeline rows are goals and
-- for which side. Dimensions and detail facts are read with FINAL (exact before background merges).
-- Names come from the dimensions; a team missing from dim_team falls back to its side of strEvent
-- ("Home vs Away"), else to its id; a league missing from dim_league to its id.

-- One row per event: its latest state (dw.v_fact_event_latest) with league, team and venue names.
-- finished: a final status (full time, after extra time, on penalties, awarded, walkover: the statuses the
-- event-details feed fetches details for) and both scores known; only finished matches count in results and tables.
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
    e.status IN ('FT', 'AET', 'PEN', 'AWD', 'WO', 'Match Finished') AND e.home_score IS NOT NULL AND e.away_score IS NOT NULL AS finished,
    e.idHomeTeam AS idHomeTeam,
    coalesce(h.strTeam, nullIf(trimBoth(splitByString(' vs ', ifNull(e.strEvent, ''))[1]), ''), toString(e.idHomeTeam)) AS home_team,
    e.home_score AS home_score,
    e.away_score AS away_score,
    coalesce(a.strTeam, nullIf(trimBoth(arrayElement(splitByString(' vs ', ifNull(e.strEvent, '')), 2)), ''), toString(e.idAwayTeam)) AS away_team,
    e.idAwayTeam AS idAwayTeam,
    e.idVenue AS idVenue,
    v.strVenue AS venue,
    e.spectators AS spectators,
    e.strEvent AS strEvent
FROM dw.v_fact_event_latest AS e
LEFT JOIN (SELECT idLeague, strLeague FROM dw.dim_league FINAL) AS l ON l.idLeague = e.idLeague
LEFT JOIN (SELECT idTeam, strTeam FROM dw.dim_team FINAL) AS h ON h.idTeam = e.idHomeTeam
LEFT JOIN (SELECT idTeam, strTeam FROM dw.dim_team FINAL) AS a ON a.idTeam = e.idAwayTeam
LEFT JOIN (SELECT idVenue, strVenue FROM dw.dim_venue FINAL) AS v ON v.idVenue = e.idVenue;

-- One row per finished match and side: the match as that team played it (result W/D/L, 3 points for a
-- win, 1 for a draw). Results, form and the league table read this view.
CREATE OR REPLACE VIEW dw.v_team_result AS
SELECT
    m.idEvent AS idEvent,
    m.idLeague AS idLeague,
    m.league AS league,
    m.season AS season,
    m.round AS round,
    m.kickoff_utc AS kickoff_utc,
    side.1 = 1 AS is_home,
    assumeNotNull(side.2) AS idTeam,
    side.3 AS team,
    side.4 AS idOpponent,
    side.5 AS opponent,
    assumeNotNull(side.6) AS goals_for,
    assumeNotNull(side.7) AS goals_against,
    multiIf(goals_for > goals_against, 'W', goals_for = goals_against, 'D', 'L') AS result,
    multiIf(goals_for > goals_against, 3, goals_for = goals_against, 1, 0) AS points
FROM dw.v_match AS m
ARRAY JOIN [
    tuple(1, m.idHomeTeam, m.home_team, m.idAwayTeam, m.away_team, m.home_score, m.away_score),
    tuple(0, m.idAwayTeam, m.away_team, m.idHomeTeam, m.home_team, m.away_score, m.home_score)
] AS side
WHERE m.finished AND side.2 IS NOT NULL;

-- The league table per league and season, from finished matches: played, won, drawn, lost, goals for and
-- against, goal difference, points; position by points, then goal difference, then goals scored, then name.
CREATE OR REPLACE VIEW dw.v_standings AS
SELECT
    idLeague,
    league,
    season,
    row_number() OVER (PARTITION BY idLeague, season ORDER BY points DESC, goal_difference DESC, goals_for DESC, team ASC) AS position,
    idTeam,
    team,
    played,
    won,
    drawn,
    lost,
    goals_for,
    goals_against,
    goal_difference,
    points
FROM
(
    SELECT
        r.idLeague AS idLeague,
        any(r.league) AS league,
        r.season AS season,
        r.idTeam AS idTeam,
        any(r.team) AS team,
        count() AS played,
        countIf(r.result = 'W') AS won,
        countIf(r.result = 'D') AS drawn,
        countIf(r.result = 'L') AS lost,
        sum(r.goals_for) AS goals_for,
        sum(r.goals_against) AS goals_against,
        toInt64(goals_for) - toInt64(goals_against) AS goal_difference,
        sum(r.points) AS points
    FROM dw.v_team_result AS r
    GROUP BY r.idLeague, r.season, r.idTeam
);

-- A team: its league, its home venue (from dim_venue, else the team's own stadium fields).
CREATE OR REPLACE VIEW dw.v_team AS
SELECT
    t.idTeam AS idTeam,
    t.strTeam AS team,
    t.strTeamShort AS team_short,
    t.strCountry AS country,
    t.idLeague AS idLeague,
    t.league_ids AS league_ids,
    t.intFormedYear AS formed,
    t.idVenue AS idVenue,
    ifNull(v.strVenue, t.strStadium) AS venue,
    v.strLocation AS venue_location,
    ifNull(v.intCapacity, t.intStadiumCapacity) AS venue_capacity,
    v.strTimezone AS venue_timezone,
    t.website AS website,
    t.badge_url AS badge_url
FROM dw.dim_team AS t FINAL
LEFT JOIN (SELECT idVenue, strVenue, strLocation, intCapacity, strTimezone FROM dw.dim_venue FINAL) AS v ON v.idVenue = t.idVenue;

-- The players of a team (dim_player keeps each player's current team).
CREATE OR REPLACE VIEW dw.v_squad AS
SELECT
    p.idTeam AS idTeam,
    p.idPlayer AS idPlayer,
    p.strPlayer AS player,
    p.strNumber AS number,
    p.strPosition AS position,
    p.nationality AS nationality,
    p.dateBorn AS born
FROM dw.dim_player AS p FINAL
WHERE p.idTeam IS NOT NULL;

-- A match's statistics, home and away side by side.
CREATE OR REPLACE VIEW dw.v_match_statistic AS
SELECT idEvent, idStatistic, stat_code AS statistic, home_value AS home, away_value AS away
FROM dw.fact_event_stat FINAL;

-- A match's timeline (goals, cards, substitutions) with the side each row belongs to and, for goals, the
-- side that scored: a goal is a 'Goal' row that is not a missed penalty; an own goal counts for the other
-- side than the player's (strHome is the side of the player named in the row).
CREATE OR REPLACE VIEW dw.v_match_timeline AS
SELECT
    t.idEvent AS idEvent,
    t.idTimeline AS idTimeline,
    t.minute AS minute,
    t.timeline_type AS type,
    t.detail AS detail,
    if(t.is_home = 1, 'home', 'away') AS side,
    t.player_name AS player,
    t.assist_name AS assist,
    t.comment AS comment,
    lower(t.timeline_type) = 'goal' AND positionCaseInsensitive(ifNull(t.detail, ''), 'missed') = 0 AS is_goal,
    if(is_goal, if(positionCaseInsensitive(ifNull(t.detail, ''), 'own goal') > 0, if(t.is_home = 1, 'away', 'home'), side), NULL) AS scoring_side
FROM dw.fact_timeline AS t FINAL;

-- A match's lineups: side, starter or substitute, position, squad number.
CREATE OR REPLACE VIEW dw.v_match_lineup AS
SELECT
    idEvent,
    idLineup,
    if(is_home = 1, 'home', 'away') AS side,
    is_substitute = 1 AS substitute,
    squad_number AS number,
    player_name AS player,
    position,
    formation
FROM dw.fact_lineup FINAL;

-- Where a match is broadcast: channel and the country of the listing.
CREATE OR REPLACE VIEW dw.v_match_broadcast AS
SELECT
    b.idEvent AS idEvent,
    c.strChannel AS channel,
    b.country AS country,
    b.broadcast_utc AS broadcast_utc
FROM dw.fact_broadcast AS b FINAL
LEFT JOIN (SELECT channel_sk, strChannel FROM dw.dim_channel FINAL) AS c ON c.channel_sk = b.channel_sk;
