#!/usr/bin/env python3
"""Builds the nightly-feed part of the replay corpus from real recorded TheSportsDB v2 answers.

Run from the repository root:  python3 src/test/resources/replay/tools/shape_corpus.py SAMPLES_DIR
(SAMPLES_DIR: the recorded answers, each file named after its request, e.g. v2_lookup_event.json; see README.md)
It is deterministic and idempotent; README.md (next to api/) says which files are real copies and
which records were shaped by hand here. The livescore/ files are not touched.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[5]
if len(sys.argv) != 2:
    sys.exit("usage: python3 src/test/resources/replay/tools/shape_corpus.py SAMPLES_DIR")
SAMPLES = pathlib.Path(sys.argv[1])
CORPUS = ROOT / "src/test/resources/replay/api/v2/json"


def sample(name):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def write(path, body):
    target = CORPUS / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(body, ensure_ascii=False) + "\n", encoding="utf-8")


def copy_exact(sample_name, path):
    target = CORPUS / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((SAMPLES / sample_name).read_bytes())


# --- real answers, copied byte for byte -------------------------------------------------------
copy_exact("v2_lookup_league_4328.DESCRIPTIONS_TRUNCATED.json", "lookup/league/4328.json")
copy_exact("v2_schedule_league_4328_2026-2027.SUBSET.json", "schedule/league/4328/2026-2027.json")
copy_exact("v2_list_teams_4328.json", "list/teams/4328.json")
copy_exact("v2_lookup_team_133604.json", "lookup/team/133604.json")
copy_exact("v2_list_players_133604.json", "list/players/133604.json")
copy_exact("v2_lookup_venue_16163.json", "lookup/venue/16163.json")
copy_exact("v2_filter_tv_day_2026-10-05.SUBSET.json", "filter/tv/day/2026-10-05.json")

# --- UEFA Champions League 4480: shaped by hand from real records -----------------------------
league_4328 = sample("v2_lookup_league_4328.DESCRIPTIONS_TRUNCATED.json")["lookup"][0]
league_4480 = {k: (None if k.startswith("strDescription") and k != "strDescriptionEN" else v) for k, v in league_4328.items()}
league_4480.update({
    "idLeague": "4480", "idAPIfootball": None, "idAPIfootballv3": "2", "strLeague": "UEFA Champions League",
    "strLeagueAlternate": "Champions League, UCL", "intDivision": "99", "idCup": "1", "strCurrentSeason": "2026-2027",
    "intFormedYear": "1955", "dateFirstEvent": "1955-09-04", "strCountry": "Worldwide",
    "strDescriptionEN": "The UEFA Champions League is an annual club football competition [SHAPED-BY-HAND]",
    "strTvRights": "", "strNaming": "{strHomeTeam} vs {strAwayTeam}",
})
write("lookup/league/4480.json", {"lookup": [league_4480]})

teams_4328 = sample("v2_list_teams_4328.json")["list"]
# a team in two leagues: Arsenal and Chelsea also play the Champions League
write("list/teams/4480.json", {"list": [t for t in teams_4328 if t["idTeam"] in ("133604", "133610")]})

schedule_4328 = sample("v2_schedule_league_4328_2026-2027.SUBSET.json")["schedule"]
template_row = schedule_4328[0]
live_4480 = json.loads((CORPUS / "livescore/4480.json").read_text(encoding="utf-8"))["livescore"]
schedule_4480 = []
for live in live_4480:
    row = dict.fromkeys(template_row)
    row.update({
        "idEvent": live["idEvent"], "strEvent": live["strHomeTeam"] + " vs " + live["strAwayTeam"],
        "strEventAlternate": live["strAwayTeam"] + " @ " + live["strHomeTeam"], "strSeason": "2026-2027",
        "idLeague": "4480", "strLeague": "UEFA Champions League", "strSport": "Soccer",
        "strHomeTeam": live["strHomeTeam"], "strAwayTeam": live["strAwayTeam"],
        "idHomeTeam": live["idHomeTeam"], "idAwayTeam": live["idAwayTeam"], "intRound": "1",
        "strTimestamp": live["strTimestamp"], "dateEvent": live["dateEvent"], "strTime": live["strEventTime"] + ":00",
        "strHomeTeamBadge": live["strHomeTeamBadge"], "strAwayTeamBadge": live["strAwayTeamBadge"],
        "strPostponed": "no", "strFilename": "UEFA Champions League " + live["dateEvent"] + " " + live["strHomeTeam"] + " vs " + live["strAwayTeam"],
        "strStatus": "NS",
    })
    schedule_4480.append(row)
final = dict(schedule_4328[0])  # Arsenal's first home game, moved to Wembley as a Champions League final
final.update({
    "idEvent": "2510001", "strEvent": "Arsenal vs Chelsea", "strEventAlternate": "Chelsea @ Arsenal", "idLeague": "4480",
    "strLeague": "UEFA Champions League", "strAwayTeam": "Chelsea", "idAwayTeam": "133610", "intRound": "200",
    "strTimestamp": "2026-09-05T19:00:00", "dateEvent": "2026-09-05", "dateEventLocal": "2026-09-05",
    "strTime": "19:00:00", "strTimeLocal": "20:00:00", "idVenue": "16163", "strVenue": "Wembley Stadium",
    "strFilename": "UEFA Champions League 2026-09-05 Arsenal vs Chelsea",
    "strAwayTeamBadge": next(t["strBadge"] for t in teams_4328 if t["idTeam"] == "133610"),
})
schedule_4480.append(final)
write("schedule/league/4480/2026-2027.json", {"schedule": schedule_4480})

# --- /lookup/event/{id}: one 49-field record per event the corpus schedules or plays live -----
event_template = sample("v2_lookup_event.json")["lookup"][0]
SCHEDULE_TO_EVENT = ["idEvent", "strEvent", "strEventAlternate", "strFilename", "strSport", "idLeague", "strLeague",
                     "strLeagueBadge", "strSeason", "strHomeTeam", "strAwayTeam", "intHomeScore", "intRound", "intAwayScore",
                     "strTimestamp", "dateEvent", "dateEventLocal", "strTime", "strTimeLocal", "idHomeTeam", "strHomeTeamBadge",
                     "idAwayTeam", "strAwayTeamBadge", "idVenue", "strVenue", "strCountry", "strPoster", "strThumb", "strVideo",
                     "strStatus", "strPostponed"]


def event_record(row):
    record = {k: (None if v is not None and k not in ("strDescriptionEN", "strResult", "strTweet1") else v)
              for k, v in event_template.items()}
    record.update({"strDescriptionEN": "", "strResult": "", "strTweet1": "", "strLocked": "unlocked", "idAPIfootball": None})
    for field in SCHEDULE_TO_EVENT:
        if field in row:
            record[field] = row[field]
    return record


events = {}
for row in schedule_4328 + schedule_4480:
    events[row["idEvent"]] = event_record(row)
for live_file in sorted((CORPUS / "livescore").glob("*.json")):
    for live in json.loads(live_file.read_text(encoding="utf-8")).get("livescore") or []:
        if live["idEvent"] not in events:
            row = {k: live[k] for k in ("idEvent", "strSport", "idLeague", "strLeague", "strHomeTeam", "strAwayTeam",
                                        "idHomeTeam", "idAwayTeam", "strHomeTeamBadge", "strAwayTeamBadge", "strTimestamp",
                                        "dateEvent", "intHomeScore", "intAwayScore", "strStatus")}
            row["strEvent"] = live["strHomeTeam"] + " vs " + live["strAwayTeam"]
            row["strTime"] = live["strEventTime"] + ":00"
            events[live["idEvent"]] = event_record(row)
for id_event, record in events.items():
    write(f"lookup/event/{id_event}.json", {"lookup": [record]})

# --- event details of one finished event (2494000, Arsenal vs Coventry City): real rows, ids moved ---
DETAIL_EVENT = "2494000"
detail_name = events[DETAIL_EVENT]["strEvent"]
for endpoint, sample_name in (("event_stats", "v2_lookup_event_stats.json"),
                              ("event_timeline", "v2_lookup_event_timeline.json"),
                              ("event_lineup", "v2_lookup_event_lineup.json")):
    rows = sample(sample_name)["lookup"]
    for row in rows:
        row["idEvent"] = DETAIL_EVENT
        row["strEvent"] = detail_name
    write(f"lookup/{endpoint}/{DETAIL_EVENT}.json", {"lookup": rows})
write(f"lookup/event_highlights/{DETAIL_EVENT}.json", {"lookup": [events[DETAIL_EVENT]]})

# --- two Arsenal players with a detail record: Balotelli's real record re-labelled -------------
balotelli = sample("v2_lookup_player_34145937.json")["lookup"][0]
for listed in sample("v2_list_players_133604.json")["list"][1:3]:
    player = dict(balotelli)
    for field in ("idPlayer", "strPlayer", "idTeam", "strTeam", "strThumb", "strCutout", "strRender", "dateBorn", "strPosition"):
        player[field] = listed[field]
    player.update({"strStatus": "Active", "strNationality": None, "strDescriptionEN": "[SHAPED-BY-HAND]",
                   "strPlayerAlternate": "", "strLastName": listed["strPlayer"].split()[-1]})
    write(f"lookup/player/{listed['idPlayer']}.json", {"lookup": [player]})

# --- TV listings of soccer: the real soccer rows of two recorded TV answers --------------------
tv_day = sample("v2_filter_tv_day_2026-10-05.SUBSET.json")["filter"]
tv_event = sample("v2_lookup_event_tv.json")["lookup"]
write("filter/tv/sport/Soccer.json", {"filter": [r for r in tv_day if r["strSport"] == "Soccer"] + tv_event})
print("corpus written to", CORPUS)
