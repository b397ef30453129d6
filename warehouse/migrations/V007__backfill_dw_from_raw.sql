-- V007: one-time backfill of dw from raw rows that were loaded before the views of V005 existed.
-- Each raw table is re-inserted into itself, which fires exactly the views a live insert fires, so
-- the raw -> dw conversion is written once (in V005), not a second time here.
-- Safe to repeat: raw tables and every dw table are ReplacingMergeTree keyed on the fact and versioned
-- by the record's ingestion time, so the re-inserted rows collapse with the originals (no doubling).
-- insert_deduplicate = 0: replicated/Cloud tables would otherwise drop a block identical to a recent one.
-- On an empty warehouse (fresh install) every statement inserts nothing.

INSERT INTO default.raw_league SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_league;

INSERT INTO default.raw_team SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_team;

INSERT INTO default.raw_venue SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_venue;

INSERT INTO default.raw_player SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_player;

INSERT INTO default.raw_broadcast SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_broadcast;

INSERT INTO default.raw_schedule SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_schedule;

INSERT INTO default.raw_event SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event;

INSERT INTO default.raw_live_event_lookup SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_live_event_lookup;

INSERT INTO default.raw_live_score SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_live_score;

INSERT INTO default.raw_event_stats SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event_stats;

INSERT INTO default.raw_event_timeline SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event_timeline;

INSERT INTO default.raw_event_lineup SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event_lineup;

INSERT INTO default.raw_event_highlights SETTINGS insert_deduplicate = 0
SELECT * FROM default.raw_event_highlights;
