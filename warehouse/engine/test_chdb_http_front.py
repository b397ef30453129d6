"""The embedded warehouse's HTTP front, over HTTP as a driver sees it: a real front process on a free port.
(The real driver, clickhouse-jdbc, is exercised by the Java tests: EmbeddedWarehouseTest.)"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import chdb_http_front as front  # noqa: E402


def start_front(tmp_path_factory, *options, env=None):
    """A front process on a free port; yields its URL, stops it (it must exit cleanly)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("front") / "front.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WAREHOUSE_JDBC_")}
    environment.update(env or {})
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, str(HERE / "chdb_http_front.py"), "--port", str(port),
                                    "--data", str(tmp_path_factory.mktemp("data")), *options],
                                   stdout=out, stderr=subprocess.STDOUT, env=environment)
    deadline = time.monotonic() + 60
    while "warehouse front ready on http://127.0.0.1:%d" % port not in log.read_text():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    yield "http://127.0.0.1:%d" % port
    process.terminate()
    assert process.wait(20) == 0, log.read_text()  # SIGTERM closes the session and exits cleanly


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    """The front as the tests of the application start it: fault injection on, the default account."""
    yield from start_front(tmp_path_factory, "--faults")


@pytest.fixture(scope="module")
def guarded_url(tmp_path_factory):
    """The front as ./stack demo starts it: no fault injection, the application's account (a password)."""
    yield from start_front(tmp_path_factory, env={"WAREHOUSE_JDBC_USER": "app", "WAREHOUSE_JDBC_PASSWORD": "front-test-pw"})


def call(url, path="/", body=None, headers=None, method=None):
    request = urllib.request.Request(url + path, data=body.encode() if isinstance(body, str) else body,
                                     headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_ping_and_get_query(url):
    status, _, body = call(url, "/ping")
    assert (status, body) == (200, b"Ok.\n")
    status, headers, body = call(url, "/?query=SELECT%201%2B1")
    assert (status, body) == (200, b"2\n")
    assert headers["X-ClickHouse-Format"] == "TabSeparated"
    assert headers["X-ClickHouse-Timezone"]


def test_server_settings_not_clickhouse_local_ones(url):
    sql = "SELECT getSetting('implicit_select'), getSetting('allow_introspection_functions'), getSetting('storage_file_read_method')"
    assert call(url, body=sql)[2] == b"false\tfalse\tpread\n"


def test_settings_from_the_url_apply_to_that_request_only(url):
    assert call(url, "/?max_threads=1&session_id=x&wait_end_of_query=1", "SELECT getSetting('max_threads')")[2] == b"1\n"
    assert call(url, body="SELECT getSetting('max_threads')")[2] != b"1\n"
    assert call(url, "/?implicit_select=1", "SELECT getSetting('implicit_select')")[2] == b"true\n"
    assert call(url, body="SELECT getSetting('implicit_select')")[2] == b"false\n"
    status, headers, body = call(url, "/?no_such_setting=1", "SELECT 1")
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (404, "115")


def test_headers_count_like_url_parameters(url):
    call(url, body="CREATE DATABASE IF NOT EXISTS hdr")
    call(url, body="CREATE TABLE IF NOT EXISTS hdr.t (a UInt8) ENGINE = Memory")
    status, headers, body = call(url, body="SELECT currentDatabase(), 7 AS a",
                                 headers={"X-ClickHouse-Database": "hdr", "X-ClickHouse-Format": "JSONEachRow",
                                          "X-ClickHouse-Query-Id": "q-42"})
    assert json.loads(body) == {"currentDatabase()": "hdr", "a": 7}
    assert (headers["X-ClickHouse-Query-Id"], headers["X-ClickHouse-Format"]) == ("q-42", "JSONEachRow")
    assert call(url, "/?database=hdr", "SELECT currentDatabase()")[2] == b"hdr\n"
    assert call(url, body="SELECT currentDatabase()")[2] == b"default\n"
    # a FORMAT in the statement wins, and the answer says which
    assert call(url, body="SELECT 1 FORMAT CSVWithNames", headers={"X-ClickHouse-Format": "RowBinary"})[1]["X-ClickHouse-Format"] == "CSVWithNames"


def test_query_parameter_then_body_as_insert_data_and_written_rows_in_the_summary(url):
    call(url, body="CREATE TABLE IF NOT EXISTS ins (a UInt32, s String) ENGINE = MergeTree ORDER BY a")
    status, headers, _ = call(url, "/?query=INSERT%20INTO%20ins%20FORMAT%20JSONEachRow", '{"a":1,"s":"x;y"}\n{"a":2,"s":"z"}')
    assert status == 200
    assert json.loads(headers["X-ClickHouse-Summary"])["written_rows"] == "2"
    assert call(url, "/?param_n=1", "SELECT s FROM ins WHERE a = {n:UInt32}")[2] == b"x;y\n"


def test_compressed_answer_and_request(url):
    status, headers, body = call(url, "/?compress=1", "SELECT number FROM numbers(300000) FORMAT RowBinary")
    assert status == 200
    data = front.decompress_blocks(body)
    assert len(data) == 8 * 300000 and data[8:16] == (1).to_bytes(8, "little")
    assert body[16] == 0x82 and len(body) < len(data)
    corrupted = bytearray(body)
    corrupted[40] ^= 0xFF
    with pytest.raises(front.ClickHouseError) as bad:
        front.decompress_blocks(bytes(corrupted))
    assert bad.value.code == 40
    status, _, body = call(url, "/?decompress=1", front.compress_blocks(b"SELECT 'sent compressed'"))
    assert (status, body) == (200, b"sent compressed\n")
    # the checksum is CityHash128 v1.0.2 of the frame, high 64 bits first (what the driver checks)
    frame = front.compress_blocks(b"abc")
    high, low = int.from_bytes(frame[0:8], "little"), int.from_bytes(frame[8:16], "little")
    assert front.CityHash128(frame[16:]) == high << 64 | low


def test_errors_as_a_server_gives_them(url):
    status, headers, body = call(url, body="SELECT * FROM no_such_table")
    assert status == 404 and headers["X-ClickHouse-Exception-Code"] == "60"
    assert body.startswith(b"Code: 60. DB::Exception: ") and b"(UNKNOWN_TABLE)" in body
    status, headers, body = call(url, body="SELEC 1")
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (400, "62")
    # one statement per request; a ';' inside a string or a comment is not a second statement
    status, headers, body = call(url, body="SELECT 1; SELECT 2")
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (400, "62") and b"Multi-statements are not allowed" in body
    assert call(url, body="SELECT 'a;b'; -- trailing ; comment\n")[2] == b"a;b\n"
    assert call(url, body="SELECT 1 /* ; */ ;")[2] == b"1\n"
    assert call(url, path="/nope", body="SELECT 1")[0] == 404


def test_faults_fail_the_next_matching_statements_then_stop(url):
    call(url, body="CREATE TABLE IF NOT EXISTS f (a UInt8) ENGINE = MergeTree ORDER BY a")
    status, _, rule = call(url, "/__faults", json.dumps({"code": 252, "count": 2, "match": "insert into f"}))
    assert status == 200 and json.loads(rule)["name"] == "TOO_MANY_PARTS"
    assert call(url, body="SELECT count() FROM f")[2] == b"0\n"  # not matching: runs
    for remaining in (1, 0):
        status, headers, body = call(url, body="INSERT INTO f VALUES (1)")
        assert (status, headers["X-ClickHouse-Exception-Code"]) == (500, "252")
        assert body.startswith(b"Code: 252. DB::Exception: Too many parts") and b"in table 'f'" in body
        assert [r["count"] for r in json.loads(call(url, "/__faults")[2])] == ([remaining] if remaining else [])
    assert call(url, body="INSERT INTO f VALUES (1)")[0] == 200
    assert call(url, body="SELECT count() FROM f")[2] == b"1\n"  # the failed inserts wrote nothing
    # after: the statement runs, then the error
    call(url, "/__faults", json.dumps({"code": 241, "count": 1, "match": "INSERT INTO f", "when": "after"}))
    status, headers, body = call(url, body="INSERT INTO f VALUES (2)")
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (500, "241") and b"(MEMORY_LIMIT_EXCEEDED)" in body
    assert call(url, body="SELECT count() FROM f")[2] == b"2\n"
    call(url, "/__faults", json.dumps({"code": 209, "count": 5}))
    assert call(url, "/__faults", method="DELETE")[0] == 200
    assert call(url, body="SELECT 1")[0] == 200
    assert call(url, "/__faults", json.dumps({"code": 252, "count": 0}))[0] == 400
    assert call(url, "/__faults", "not json")[0] == 400


def test_a_web_page_can_neither_post_sql_nor_reach_the_front_through_a_rebound_name(url):
    port = url.rsplit(":", 1)[1]
    call(url, body="CREATE TABLE IF NOT EXISTS kept (a UInt8) ENGINE = MergeTree ORDER BY a")
    # a page of another site posting plain text (no preflight): its Origin is its own
    status, headers, body = call(url, body="DROP TABLE kept", headers={"Origin": "https://attacker.example"})
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (403, "497") and b"cross-origin" in body
    # DNS rebinding: the browser addresses attacker.example, now resolving to 127.0.0.1 (same-origin for the page)
    status, headers, body = call(url, body="DROP TABLE kept", headers={"Host": "attacker.example:" + port,
                                                                        "Origin": "http://attacker.example:" + port})
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (403, "497") and b"addressed to it" in body
    assert call(url, "/?query=SELECT%201", headers={"Sec-Fetch-Site": "cross-site"})[0] == 403  # an <img src=...>
    assert call(url, "/__faults", method="DELETE", headers={"Origin": "https://attacker.example"})[0] == 403
    assert call(url, body="EXISTS TABLE kept")[2] == b"1\n"
    # the front's own names and origin are served
    for host in ("127.0.0.1", "localhost"):
        assert call(url, body="SELECT 1", headers={"Host": "%s:%s" % (host, port), "Origin": "http://%s:%s" % (host, port),
                                                  "Sec-Fetch-Site": "same-origin"})[:3:2] == (200, b"1\n")


def test_readonly_requests_and_gets_only_read(url):
    call(url, body="CREATE TABLE IF NOT EXISTS ro (a UInt8) ENGINE = MergeTree ORDER BY a")
    for path, sql in (("/?readonly=1", "INSERT INTO ro VALUES (1)"), ("/?readonly=1", "DROP TABLE ro"),
                      ("/?readonly=2", "TRUNCATE TABLE ro"), ("/?readonly=1", "SET max_threads = 1"),
                      ("/?readonly=1", "SELECT * FROM file('/etc/hostname', 'LineAsString')"),
                      ("/?query=" + urllib.parse.quote("DROP TABLE ro"), None)):
        status, headers, body = call(url, path, sql)
        assert (status, headers["X-ClickHouse-Exception-Code"]) == (403, "164"), (path, sql, body)
    assert call(url, "/?readonly=1", "SELECT count() FROM ro FORMAT TSV;")[2] == b"0\n"
    assert call(url, "/?readonly=1", "-- the rows\nWITH 1 AS x SELECT x")[2] == b"1\n"
    assert call(url, "/?query=" + urllib.parse.quote("SHOW TABLES LIKE 'ro'"))[2] == b"ro\n"
    # readonly was the request's only: the session still writes
    assert call(url, body="INSERT INTO ro VALUES (1)")[0] == 200
    assert call(url, body="SELECT count() FROM ro")[2] == b"1\n"


def test_the_guarded_front_takes_the_applications_account_and_has_no_fault_injection(guarded_url):
    basic = "Basic " + base64.b64encode(b"app:front-test-pw").decode()
    assert call(guarded_url, body="SELECT 1", headers={"Authorization": basic})[:3:2] == (200, b"1\n")
    assert call(guarded_url, body="SELECT 1", headers={"X-ClickHouse-User": "app", "X-ClickHouse-Key": "front-test-pw"})[0] == 200
    for headers in ({}, {"Authorization": "Basic " + base64.b64encode(b"app:wrong").decode()},
                    {"Authorization": "Basic " + base64.b64encode(b"default:").decode()},
                    {"X-ClickHouse-User": "app", "X-ClickHouse-Key": "front-test-pw-"}):
        status, response_headers, body = call(guarded_url, body="SELECT 1", headers=headers)
        assert (status, response_headers["X-ClickHouse-Exception-Code"]) == (401, "516"), headers
        assert b"AUTHENTICATION_FAILED" in body
    assert call(guarded_url, "/?user=app&password=front-test-pw", "SELECT 1")[0] == 200
    assert call(guarded_url, "/ping")[:3:2] == (200, b"Ok.\n")  # probes need no account, as on a server
    rule = json.dumps({"code": 252, "count": 1})
    assert call(guarded_url, "/__faults", rule, headers={"Authorization": basic})[0] == 404
    assert call(guarded_url, "/__faults")[0] == 404
    assert call(guarded_url, "/__faults", method="DELETE")[0] == 404


def test_an_insert_with_its_rows_as_the_body_is_streamed_and_a_bad_row_fails_it_alone(url):
    call(url, body="CREATE TABLE IF NOT EXISTS streamed (a UInt32, s String) ENGINE = MergeTree ORDER BY a")
    rows = b"".join(b'{"a":%d,"s":"x;y\\u00e9 FORMAT Values"}\n' % i for i in range(50000))
    status, headers, _ = call(url, "/?query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow&async_insert=0", rows)
    assert status == 200 and json.loads(headers["X-ClickHouse-Summary"])["written_rows"] == "50000"
    assert call(url, body="SELECT count(), any(s) FROM streamed")[2] == "50000\tx;yé FORMAT Values\n".encode()
    # a malformed row: the engine's code, nothing of that INSERT written, the connection usable for the next request
    status, headers, body = call(url, "/?query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow", b'{"a":1}\n{"a":tru}\n')
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (400, "27") and body.startswith(b"Code: 27. DB::Exception: ")
    assert call(url, body="SELECT count() FROM streamed")[2] == b"50000\n"
    # faults look at the statement only, before or after the rows went in
    call(url, "/__faults", json.dumps({"code": 252, "count": 1, "match": "INSERT INTO streamed"}))
    status, headers, _ = call(url, "/?query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow", b'{"a":7}\n')
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (500, "252")
    call(url, "/__faults", json.dumps({"code": 319, "count": 1, "match": "INSERT INTO streamed", "when": "after"}))
    status, headers, _ = call(url, "/?query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow", b'{"a":7}\n')
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (500, "319")
    assert call(url, body="SELECT count() FROM streamed")[2] == b"50001\n"


def test_settings_set_once_for_requests_that_repeat_them_and_still_per_request(url):
    for _ in range(3):
        assert call(url, "/?max_threads=1&async_insert=0", "SELECT getSetting('max_threads'), getSetting('async_insert')")[2] == b"1\tfalse\n"
    assert call(url, "/?async_insert=0", "SELECT getSetting('max_threads') != 1")[2] == b"1\n"
    assert call(url, body="SELECT getSetting('implicit_select')")[2] == b"false\n"
    status, headers, _ = call(url, "/?max_block_size=12345&no_such_setting=1", "SELECT 1")
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (404, "115")
    assert call(url, body="SELECT getSetting('max_block_size') != 12345")[2] == b"1\n"
    # a streamed INSERT is admitted as any request: addressed to the front, and no write in a read-only request
    status, headers, body = call(url, "/?query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow", b'{"a":8}\n',
                                 headers={"Origin": "https://attacker.example"})
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (403, "497")
    status, headers, body = call(url, "/?readonly=1&query=INSERT%20INTO%20streamed%20FORMAT%20JSONEachRow", b'{"a":8}\n')
    assert (status, headers["X-ClickHouse-Exception-Code"]) == (403, "164")
    assert call(url, body="SELECT count() FROM streamed")[2] == b"50001\n"
