"""The warehouse SQL on a real ClickHouse engine (chdb): raw dedup, dimensions, facts, the latest
event view, the soccer-only filter and the backfill. Tests run in file order; the backfill tests,
which rebuild dw from raw, come last."""
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from conftest import CHECK_DIR, LOAD_ORDER, MIGRATIONS_DIR, raw_table
from warehouse_sql import migrations, split_statements

DW_TABLES = ["dim_league", "dim_team", "dim_player", "dim_venue", "dim_channel", "fact_event",
             "fact_event_snapshot", "fact_event_stat", "fact_timeline", "fact_lineup", "fact_broadcast", "fact_highlight"]


def soccer(record):
    return (record.get("strSport") or "").strip().lower() == "soccer"


def not_other_sport(record):
    """The contracts' sport rule (V008): a row is kept unless its sport is named and is not soccer."""
    return not (record.get("strSport") or "").strip() or soccer(record)


def ids(records, topic, field, keep=lambda r: True):
    return {int(r[field]) for _f, r in records[topic] if keep(r)}


def test_every_migration_created_its_objects(warehouse):
    names = {(r["database"], r["name"]) for r in warehouse.rows(
        "SELECT database, name FROM system.tables WHERE database IN ('default', 'dw')")}
    assert {("dw", t) for t in DW_TABLES} <= names
    assert ("dw", "v_fact_event_latest") in names
    assert len([n for db, n in names if db == "default" and n.startswith("raw_")]) == 13
    engines = {r["engine"] for r in warehouse.rows("SELECT engine FROM system.tables WHERE database IN ('default', 'dw')")}
    assert engines == {"ReplacingMergeTree", "MaterializedView", "View", "Null"}


def test_raw_tables_hold_each_distinct_record_once_despite_redelivery(warehouse, records):
    for topic, items in records.items():
        distinct = {r["payload_hash"] for _f, r in items}
        assert warehouse.value(f"SELECT count() FROM {raw_table(topic)} FINAL") == len(distinct), topic
    poll = [r for f, r in records["live_score"] if f == "live_score_poll_1930.jsonl"]
    assert LOAD_ORDER.count("live_score_poll_1930.jsonl") == 2
    assert warehouse.value("SELECT count() FROM default.raw_live_score") > warehouse.value(
        "SELECT count() FROM default.raw_live_score FINAL")
    assert poll and warehouse.value("SELECT count() FROM default.raw_live_score FINAL WHERE "
                                    "ingested_at = toDateTime64('2026-10-05 19:30:40', 3, 'UTC') AND strSport = 'Soccer'") == len(poll)


def test_raw_keeps_the_whole_record_and_kafka_coordinates(warehouse):
    row = warehouse.rows("SELECT record_json, kafka_topic, kafka_key FROM default.raw_league FINAL WHERE idLeague = '4328'")[0]
    assert row["kafka_topic"] == "validated.soccer.league" and row["kafka_key"] == "4328"
    assert '"strNaming":"{strHomeTeam} vs {strAwayTeam}"' in row["record_json"].replace(": ", ":")


def test_dim_league_has_the_soccer_league_only(warehouse):
    rows = warehouse.rows("SELECT idLeague, strLeague, strCurrentSeason, intFormedYear, league_sk = cityHash64(toInt64(4328)) AS sk_ok "
                          "FROM dw.dim_league FINAL")
    assert rows == [{"idLeague": 4328, "strLeague": "English Premier League", "strCurrentSeason": "2026-2027",
                     "intFormedYear": 1992, "sk_ok": 1}]


def test_dim_team_newest_record_wins_and_soccer_manager_is_not_soccer(warehouse, records):
    expected = ids(records, "team", "idTeam", not_other_sport)
    assert 990001 not in expected | {r["idTeam"] for r in warehouse.rows("SELECT idTeam FROM dw.dim_team FINAL")}
    assert {r["idTeam"] for r in warehouse.rows("SELECT idTeam FROM dw.dim_team FINAL")} == expected
    arsenal = warehouse.rows("SELECT strStadium, idVenue, league_ids, website FROM dw.dim_team FINAL WHERE idTeam = 133604")
    # the lookup record (18:00) is newer than the list record (17:00): its stadium and leagues win
    assert arsenal == [{"strStadium": "Emirates Stadium", "idVenue": 15528, "website": "www.arsenal.com",
                        "league_ids": [4328, 4482, 4570, 4480, 5648, 4569, 4571]}]


def test_a_validated_team_row_without_sport_reaches_dw(warehouse, records):
    listed = [r for f, r in records["team"] if f == "hand_shaped.jsonl" and "strSport" not in r]
    assert len(listed) == 20, "the /list/teams rows, as the API sends them"
    brentford = [r for r in listed if r["strTeam"] == "Brentford"][0]
    assert warehouse.rows(f"SELECT idTeam, strTeam FROM dw.dim_team FINAL WHERE idTeam = {brentford['idTeam']}") == [
        {"idTeam": int(brentford["idTeam"]), "strTeam": "Brentford"}]
    assert {r["idTeam"] for r in warehouse.rows("SELECT idTeam FROM dw.dim_team FINAL")} >= {int(r["idTeam"]) for r in listed}


def test_what_does_not_reach_dw_is_named_and_counted(warehouse, records):
    excluded = {(r["raw_table"], r["rule"]): int(r["rows"]) for r in warehouse.rows("SELECT * FROM dw.v_excluded_from_dw")}
    assert excluded[("raw_team", "sport:not_soccer")] == 1  # 990001 "Soccer Manager"
    assert excluded[("raw_player", "sport:not_soccer")] == 1  # 990005 "Ice Hockey"
    other_live = [r for f, r in records["live_score"] if not not_other_sport(r)]
    assert excluded[("raw_live_score", "sport:not_soccer")] == len(other_live) > 0
    for (table, rule), n in excluded.items():
        assert rule in ("sport:not_soccer", "channel:none"), rule
    # everything else of raw reaches dw: every team and venue of raw that no rule excludes is a dimension row
    kept_teams = warehouse.value("SELECT count() FROM (SELECT DISTINCT idTeam FROM default.raw_team WHERE NOT sportsdb_not_soccer(strSport))")
    assert warehouse.value("SELECT count() FROM dw.dim_team FINAL") == kept_teams


def test_the_live_updated_zone_is_the_contracts(warehouse):
    contract = json.loads((CHECK_DIR.parent.parent / "spark-validator/src/main/resources/contracts/live_score.json")
                          .read_text(encoding="utf-8"))
    zone = contract["fields"]["updated"]["zone"]
    assert zone == "Europe/London"
    local = datetime(2026, 10, 5, 20, 30, 31, tzinfo=ZoneInfo(zone))
    utc = local.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
    assert warehouse.value("SELECT toString(sportsdb_uk_local('2026-10-05 20:30:31'))") == utc == "2026-10-05 19:30:31.000"
    winter = datetime(2026, 12, 1, 15, 0, 0, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
    assert warehouse.value("SELECT toString(sportsdb_uk_local('2026-12-01T15:00:00'))") == winter == "2026-12-01 15:00:00.000"


def test_dim_venue_keeps_soccer_venues(warehouse):
    assert warehouse.rows("SELECT idVenue, strVenue, intCapacity, map_coordinates FROM dw.dim_venue FINAL") == [
        {"idVenue": 16163, "strVenue": "Wembley Stadium", "intCapacity": 90000, "map_coordinates": "51.555556, -0.279444"}]


def test_dim_player_birth_dates_and_sport(warehouse, records):
    players = {r["idPlayer"]: r for r in warehouse.rows(
        "SELECT idPlayer, strPlayer, nationality, toString(dateBorn) AS born FROM dw.dim_player FINAL")}
    assert set(players) == ids(records, "player", "idPlayer") - {990005}
    assert players[34145937] == {"idPlayer": 34145937, "strPlayer": "Mario Balotelli", "nationality": "Italy", "born": "1990-08-12"}
    assert players[990003]["born"] is None
    assert players[990004]["born"] == "1955-02-01"
    assert players[34145406]["strPlayer"] == "Mikel Arteta"


def test_dim_channel_from_soccer_listings_only(warehouse, records):
    expected = ids(records, "broadcast", "idChannel", lambda r: soccer(r) and int(r["idChannel"]) > 0)
    assert {r["idChannel"] for r in warehouse.rows("SELECT idChannel FROM dw.dim_channel FINAL")} == expected


def test_latest_score_wins_and_an_older_replayed_poll_does_not_overwrite(warehouse, records):
    newest = {int(r["idEvent"]): r for f, r in records["live_score"] if f == "live_score_poll_1930.jsonl"}
    older = {int(r["idEvent"]): r for f, r in records["live_score"] if f == "live_score_poll_1905.jsonl"}
    changed = [e for e in newest if e in older and older[e]["intHomeScore"] + older[e]["intAwayScore"]
               != newest[e]["intHomeScore"] + newest[e]["intAwayScore"]]
    assert len(changed) >= 4
    latest = {r["idEvent"]: r for r in warehouse.rows(
        "SELECT idEvent, home_score, away_score, status, progress FROM dw.v_fact_event_latest")}
    for event, row in newest.items():
        assert latest[event] == {"idEvent": event, "home_score": int(row["intHomeScore"]), "away_score": int(row["intAwayScore"]),
                                 "status": row["strStatus"], "progress": row["strProgress"]}, event
    in_both = ",".join(str(e) for e in newest if e in older)
    versions = warehouse.rows("SELECT DISTINCT toString(updated_at) AS v FROM dw.fact_event FINAL "
                              f"WHERE source = 'live_score' AND idEvent IN ({in_both})")
    assert versions == [{"v": "2026-10-05 19:30:40.000"}]


def test_latest_view_merges_the_feeds_of_one_event(warehouse):
    row = warehouse.rows("SELECT season, round, status, home_score, venue_sk = cityHash64(toInt64(16373)) AS venue_ok, "
                         "toString(scheduled_date) AS day, sources FROM dw.v_fact_event_latest WHERE idEvent = 2494042")
    assert row == [{"season": "2026-2027", "round": 5, "status": "FT", "home_score": 1, "venue_ok": 1,
                    "day": "2026-09-20", "sources": ["schedule"]}]
    both = warehouse.rows("SELECT sources, spectators FROM dw.v_fact_event_latest WHERE idEvent = 441613")
    assert sorted(both[0]["sources"]) == ["event", "live_event_lookup"] and both[0]["spectators"] == 44621


def test_snapshots_one_per_feed_update_in_utc(warehouse):
    rows = warehouse.rows("SELECT toString(snapshot_ts) AS ts, home_score, away_score FROM dw.fact_event_snapshot FINAL "
                          "WHERE idEvent = 2406575 ORDER BY snapshot_ts")
    assert rows == [{"ts": "2026-10-05 19:05:32.000", "home_score": 0, "away_score": 0},
                    {"ts": "2026-10-05 19:30:31.000", "home_score": 1, "away_score": 2}]
    # a finished game lingering in the feed with the same `updated` is one snapshot
    assert warehouse.value("SELECT count() FROM dw.fact_event_snapshot FINAL WHERE idEvent = 2407903") == 1


def test_non_soccer_rows_never_reach_dw(warehouse, records):
    other_events = set()
    for topic in ("live_score", "broadcast", "schedule", "event"):
        other_events |= ids(records, topic, "idEvent", lambda r: not soccer(r))
    assert len(other_events) >= 20
    listed = ",".join(map(str, sorted(other_events)))
    for table in ("fact_event", "fact_event_snapshot", "fact_broadcast", "fact_highlight"):
        assert warehouse.value(f"SELECT count() FROM dw.{table} WHERE idEvent IN ({listed})") == 0, table
    assert warehouse.value("SELECT count() FROM dw.dim_league WHERE idLeague = 4380") == 0
    assert warehouse.value("SELECT count() FROM dw.dim_venue WHERE idVenue = 990002") == 0
    assert warehouse.value("SELECT count() FROM dw.dim_player WHERE idPlayer = 990005") == 0
    assert warehouse.value("SELECT count() FROM default.raw_live_score WHERE strSport != 'Soccer'") > 0


def test_details_land_without_their_event(warehouse, records):
    assert warehouse.value("SELECT count() FROM dw.fact_event WHERE idEvent IN (1032723, 1032718)") == 0
    assert warehouse.value("SELECT count() FROM dw.fact_event_stat FINAL") == len(records["event.stats"])
    possession = warehouse.rows("SELECT home_value, away_value FROM dw.fact_event_stat FINAL WHERE stat_code = 'Ball Possession'")
    assert possession == [{"home_value": 30, "away_value": 70}]
    assert warehouse.value("SELECT count() FROM dw.fact_timeline FINAL") == len(records["event.timeline"])
    goal = warehouse.rows("SELECT minute, is_home, player_name, assist_name FROM dw.fact_timeline FINAL WHERE idTimeline = 871251")
    assert goal == [{"minute": 88, "is_home": 0, "player_name": "Patrick Bamford", "assist_name": "Jack Harrison"}]
    assert warehouse.value("SELECT count() FROM dw.fact_lineup FINAL") == len(records["event.lineup"]) == 22
    assert warehouse.value("SELECT countIf(is_home = 1) FROM dw.fact_lineup FINAL") == 11


def test_broadcasts_and_highlights(warehouse, records):
    soccer_listings = {(int(r["idEvent"]), int(r["idChannel"]), int(r["id"])) for _f, r in records["broadcast"]
                       if soccer(r) and int(r["idChannel"]) > 0}
    assert warehouse.value("SELECT count() FROM dw.fact_broadcast FINAL") == len(soccer_listings)
    assert warehouse.value("SELECT toString(broadcast_utc) FROM dw.fact_broadcast FINAL WHERE idListing = 1218715") == \
        "2026-10-10 11:30:00.000"
    media = warehouse.rows("SELECT media_type, url FROM dw.fact_highlight FINAL WHERE idEvent = 2494042 ORDER BY media_type")
    assert [m["media_type"] for m in media] == ["poster", "thumb", "video"]
    assert media[2]["url"] == "https://www.youtube.com/watch?v=Iw-n4AhB960"


def counts(warehouse):
    result = {t: warehouse.value(f"SELECT count() FROM dw.{t} FINAL") for t in DW_TABLES}
    result["latest"] = warehouse.rows("SELECT * FROM dw.v_fact_event_latest ORDER BY idEvent")
    return result


def backfill_statements():
    path = [p for _v, name, p, _s in migrations(MIGRATIONS_DIR) if name == "backfill_dw_from_raw"][0]
    return split_statements(path.read_text())


def test_the_league_table_counts_finished_matches_three_points_a_win_one_a_draw(warehouse, records):
    finished = [r for _f, r in records["schedule"] if r.get("strStatus") == "FT" and r.get("strSeason") == "2026-2027"
                and r.get("idLeague") == "4328"]
    table = warehouse.rows("SELECT * FROM dw.v_standings WHERE idLeague = 4328 AND season = '2026-2027' ORDER BY position")
    assert finished and table
    assert sum(r["played"] for r in table) == 2 * len({r["idEvent"] for r in finished})
    for row in table:
        assert row["points"] == 3 * row["won"] + row["drawn"], row
        assert row["played"] == row["won"] + row["drawn"] + row["lost"], row
        assert row["goal_difference"] == row["goals_for"] - row["goals_against"], row
    assert [r["position"] for r in table] == list(range(1, len(table) + 1))
    assert [r["points"] for r in table] == sorted((r["points"] for r in table), reverse=True)


def test_backfill_rebuilds_dw_from_raw(warehouse):
    before = counts(warehouse)
    assert all(before[t] > 0 for t in DW_TABLES), before
    for table in DW_TABLES:
        warehouse.execute(f"TRUNCATE TABLE dw.{table}")
    assert warehouse.value("SELECT count() FROM dw.fact_event") == 0
    for statement in backfill_statements():
        warehouse.execute(statement)
    assert counts(warehouse) == before


def test_backfill_run_twice_does_not_double_any_row(warehouse):
    before = counts(warehouse)
    for statement in backfill_statements():
        warehouse.execute(statement)
    assert counts(warehouse) == before
    for table in DW_TABLES:
        warehouse.execute(f"OPTIMIZE TABLE dw.{table} FINAL")
        assert warehouse.value(f"SELECT count() FROM dw.{table}") == before[table], table
