"""Developer tool: derives the check's sample records from the team fixtures.

Run once by hand (python3 make_data.py SAMPLES_DIR: a folder of recorded TheSportsDB v2 answers, see
data/README.md); the output, data/*.jsonl, is committed so the tests need no samples. Each line is
{"topic": <validated topic suffix>, "record": <validated record>}: the API row as received plus
ingested_at (epoch seconds) and payload_hash (SHA-256 hex of the JSON of the record's fields sorted
by name, without ingested_at), the shape the validator writes to validated.soccer.<topic>.
"""
import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent


def epoch(iso_utc):
    return datetime.fromisoformat(iso_utc).replace(tzinfo=timezone.utc).timestamp()


def validated(row, ingested_iso):
    body = {k: v for k, v in row.items() if k != "ingested_at"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {**body, "ingested_at": epoch(ingested_iso),
            "payload_hash": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def rows(samples, name, envelope):
    return json.loads((samples / name).read_text(encoding="utf-8"))[envelope]


def write(name, topic_rows):
    with open(HERE / "data" / name, "w", encoding="utf-8") as out:
        for topic, record in topic_rows:
            out.write(json.dumps({"topic": topic, "record": record}, ensure_ascii=False) + "\n")


def player(list_row, lookup_row, ingested_iso):
    return validated({"idPlayer": (lookup_row or list_row)["idPlayer"], "idTeam": (lookup_row or list_row)["idTeam"],
                      "list_player": list_row, "lookup_player": lookup_row}, ingested_iso)


def main(samples):
    ref_time = "2026-10-05T18:00:00"
    # Two real polls of the soccer live feed: v1 at 20:05 and v2 at 20:30 UK time (19:05 / 19:30 UTC).
    write("live_score_poll_1905.jsonl", [("live_score", validated(r, "2026-10-05T19:05:40"))
                                         for r in rows(samples, "v1_livescore_soccer_free_2026-10-05T2005.json", "livescore")])
    write("live_score_poll_1930.jsonl", [("live_score", validated(r, "2026-10-05T19:30:40"))
                                         for r in rows(samples, "v2_livescore_soccer.json", "livescore")])
    write("live_score_other_sports.jsonl", [("live_score", validated(r, "2026-10-05T19:30:40"))
                                            for r in rows(samples, "v2_livescore_all.SUBSET.json", "livescore")])
    schedule = (rows(samples, "v2_schedule_previous_league_4328.json", "schedule")
                + rows(samples, "v2_schedule_next_league_4328.json", "schedule"))
    event = rows(samples, "v2_lookup_event.json", "lookup")
    reference = [("schedule", validated(r, ref_time)) for r in schedule]
    reference += [("event", validated(r, ref_time)) for r in event]
    reference += [("live.event.lookup", validated(r, ref_time)) for r in event]
    reference += [("event.stats", validated(r, ref_time)) for r in rows(samples, "v2_lookup_event_stats.json", "lookup")]
    reference += [("event.timeline", validated(r, ref_time)) for r in rows(samples, "v2_lookup_event_timeline.json", "lookup")]
    reference += [("event.lineup", validated(r, ref_time)) for r in rows(samples, "v2_lookup_event_lineup.json", "lookup")]
    reference += [("broadcast", validated(r, ref_time)) for r in rows(samples, "v2_lookup_event_tv.json", "lookup")]
    reference += [("broadcast", validated(r, ref_time)) for r in rows(samples, "v2_filter_tv_day_2026-10-05.SUBSET.json", "filter")]
    reference += [("team", validated(r, ref_time)) for r in rows(samples, "v2_lookup_team_133604.json", "lookup")]
    reference += [("venue", validated(r, ref_time)) for r in rows(samples, "v2_lookup_venue_16163.json", "lookup")]
    reference += [("league", validated(r, ref_time)) for r in rows(samples, "v2_lookup_league_4328.DESCRIPTIONS_TRUNCATED.json", "lookup")]
    reference += [("player", player(r, {}, ref_time)) for r in rows(samples, "v2_list_players_133604.json", "list")]
    balotelli = rows(samples, "v2_lookup_player_34145937.json", "lookup")[0]
    reference += [("player", player({k: balotelli[k] for k in ("idPlayer", "strPlayer", "idTeam", "strTeam", "strThumb",
                                                                   "strCutout", "strRender", "dateBorn", "strPosition")},
                                    balotelli, ref_time))]
    write("reference_feeds.jsonl", reference)
    write("hand_shaped.jsonl", hand_shaped(samples, ref_time))


def hand_shaped(samples, ref_time):
    """Records shaped by hand from real rows; data/README.md lists what was changed."""
    shaped = []
    # list/teams rows as the API sends them: no strSport. The validator validates them (team contract: sport checked
    # when present) and the warehouse keeps them (V008).
    for r in rows(samples, "v2_list_teams_4328.json", "list"):
        shaped.append(("team", validated(r, "2026-10-05T17:00:00")))
    league = rows(samples, "v2_lookup_league_4328.DESCRIPTIONS_TRUNCATED.json", "lookup")[0]
    shaped.append(("league", validated({**league, "idLeague": "4380", "strLeague": "NHL", "strSport": "Ice Hockey",
                                        "strCountry": "USA"}, ref_time)))
    team = rows(samples, "v2_lookup_team_133604.json", "lookup")[0]
    shaped.append(("team", validated({**team, "idTeam": "990001", "strTeam": "Manager Club", "strSport": "Soccer Manager"},
                                     ref_time)))
    venue = rows(samples, "v2_lookup_venue_16163.json", "lookup")[0]
    shaped.append(("venue", validated({**venue, "idVenue": "990002", "strVenue": "Ice Arena", "strSport": "Ice Hockey"},
                                      ref_time)))
    listed = rows(samples, "v2_list_players_133604.json", "list")[0]
    shaped.append(("player", player({**listed, "idPlayer": "990003", "strPlayer": "Unknown Birthday", "dateBorn": "0000-00-00"},
                                    {}, ref_time)))
    shaped.append(("player", player({**listed, "idPlayer": "990004", "strPlayer": "Old Manager", "dateBorn": "1955-02-01"},
                                    {}, ref_time)))
    balotelli = rows(samples, "v2_lookup_player_34145937.json", "lookup")[0]
    shaped.append(("player", player({}, {**balotelli, "idPlayer": "990005", "strSport": "Ice Hockey"}, ref_time)))
    # lookup/event_highlights returns event records; the schedule's finished games carry the same fields.
    for r in rows(samples, "v2_schedule_previous_league_4328.json", "schedule")[:3]:
        shaped.append(("event.highlights", validated(r, ref_time)))
    return shaped


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 make_data.py SAMPLES_DIR (recorded TheSportsDB v2 answers, see data/README.md)")
    main(Path(sys.argv[1]))
