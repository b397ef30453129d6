-- V011: dw.v_excluded_from_dw counts records, not rows. A raw table holds a record twice until a background merge
-- collapses the copies (a re-delivery after a crash between insert and commit, a retried insert, a backfill that
-- re-inserts raw into itself); V008's plain count() counted each copy. Each raw table is now read with FINAL, which
-- collapses the copies on the table's own dedup key (natural key, payload_hash) at read time: the same count before
-- and after the merges. The rules and rows are V008's.

CREATE OR REPLACE VIEW dw.v_excluded_from_dw AS
SELECT 'raw_event' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_event FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_event_highlights' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_event_highlights FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_live_score' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_live_score FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_live_event_lookup' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_live_event_lookup FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_schedule' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_schedule FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_broadcast' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_broadcast FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_league' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_league FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_team' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_team FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_venue' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_venue FINAL WHERE sportsdb_not_soccer(strSport)
UNION ALL
SELECT 'raw_player' AS raw_table, 'sport:not_soccer' AS rule, count() AS rows FROM default.raw_player FINAL
    WHERE sportsdb_not_soccer(sportsdb_json_text(lookup_player, 'strSport'))
UNION ALL
SELECT 'raw_broadcast' AS raw_table, 'channel:none' AS rule, count() AS rows FROM default.raw_broadcast FINAL
    WHERE NOT sportsdb_not_soccer(strSport) AND ifNull(sportsdb_int(idChannel), 0) <= 0;
