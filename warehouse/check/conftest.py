"""A real ClickHouse engine (chdb, in process) with every warehouse migration applied and the
sample records of data/ loaded into the raw tables the way the ingestion route inserts them."""
import json
from pathlib import Path

import pytest
from chdb import session as chdb_session

from warehouse_sql import migrations, split_statements

CHECK_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = CHECK_DIR.parent / "migrations"
DATA_DIR = CHECK_DIR / "data"
NATURAL_KEYS = {
    "live_score": ["idLiveScore"], "live.event.lookup": ["idEvent"], "broadcast": ["id", "strTimeStamp"],
    "schedule": ["idEvent", "strTimestamp"], "event": ["idEvent"], "event.stats": ["idEvent", "idStatistic"],
    "event.timeline": ["idTimeline"], "event.lineup": ["idLineup"], "event.highlights": ["idEvent", "strFilename"],
    "team": ["idTeam"], "player": ["idPlayer"], "venue": ["idVenue"], "league": ["idLeague"],
}


def raw_table(topic):
    return "default.raw_" + topic.replace(".", "_")


class Warehouse:
    def __init__(self, path):
        self.session = chdb_session.Session(str(path))
        self.offsets = {}

    def execute(self, sql):
        self.session.query(sql)

    def rows(self, sql):
        text = str(self.session.query(sql, "JSONEachRow"))
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def value(self, sql):
        rows = self.rows(sql)
        assert len(rows) == 1, rows
        return next(iter(rows[0].values()))

    def apply_migration(self, path):
        for statement in split_statements(path.read_text(encoding="utf-8")):
            self.execute(statement)

    def load(self, file_name):
        """Inserts a data file, one JSONEachRow batch per topic, with the columns the route adds."""
        batches = {}
        for line in (DATA_DIR / file_name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            batches.setdefault(item["topic"], []).append(item["record"])
        for topic, records in batches.items():
            self.execute(f"INSERT INTO {raw_table(topic)} FORMAT JSONEachRow\n"
                         + "\n".join(json.dumps(self.route_row(topic, r), ensure_ascii=False) for r in records))

    def route_row(self, topic, record):
        offset = self.offsets.get(topic, 0)
        self.offsets[topic] = offset + 1
        key = "|".join("" if record.get(k) is None else str(record[k]) for k in NATURAL_KEYS[topic])
        return {**record, "kafka_topic": "validated.soccer." + topic, "kafka_partition": 0,
                "kafka_offset": offset, "kafka_key": key, "record_json": json.dumps(record, ensure_ascii=False)}

    def close(self):
        self.session.close()


LOAD_ORDER = [
    "reference_feeds.jsonl",
    "hand_shaped.jsonl",
    "live_score_other_sports.jsonl",
    "live_score_poll_1930.jsonl",
    "live_score_poll_1930.jsonl",   # a re-delivery of the same poll
    "live_score_poll_1905.jsonl",   # an older poll replayed after the newer one
]


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    wh = Warehouse(tmp_path_factory.mktemp("chdb") / "session")
    for _version, _name, path, _sha in migrations(MIGRATIONS_DIR):
        wh.apply_migration(path)
    for file_name in LOAD_ORDER:
        wh.load(file_name)
    yield wh
    wh.close()


@pytest.fixture(scope="session")
def records():
    """Every sample record by topic, as in data/ (for expected values)."""
    by_topic = {}
    for path in sorted(DATA_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            by_topic.setdefault(item["topic"], []).append((path.name, item["record"]))
    return by_topic
