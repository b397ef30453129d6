"""The embedded warehouse: ClickHouse's HTTP interface (the port 8123 protocol) in front of one chdb
session, i.e. the real ClickHouse engine (chdb-core 26.9) in this process.

What a ClickHouse driver (clickhouse-jdbc 0.10.0) needs, as a server does it
(docs/warehouse-engine.md):
- POST / with the SQL as the body, GET /?query=..., the `query` parameter followed by the body;
  `X-ClickHouse-Format|Database|Query-Id` headers honoured like the `default_format|database|query_id`
  parameters; every other URL parameter is a setting for that request only (`param_<name>` are query
  parameters, the handler-only parameters a server accepts are ignored).
- `compress=1`: the answer in ClickHouse's compressed-block framing (CityHash128 v1.0.2 + LZ4);
  `decompress=1`: the request body in that framing.
- `X-ClickHouse-Summary` (its `written_rows` is what executeUpdate returns), `X-ClickHouse-Format`,
  `X-ClickHouse-Query-Id`, `X-ClickHouse-Timezone`, `X-ClickHouse-Server-Display-Name`.
- errors: the status a server gives the code, `X-ClickHouse-Exception-Code: N`, body `Code: N. DB::Exception: ...`.
- the settings in which clickhouse-local (chdb) differs from a server are set back to a server's values;
  a body with more than one statement is refused as a server does (multi-statements are not allowed).
- an `INSERT ... FORMAT X` in the `query` parameter with its rows as the body (what client-v2's `insert` sends)
  is streamed: the body goes to chdb's streaming insert chunk by chunk as it arrives, as bytes, never decoded
  or looked at by the front (only the statement is); a malformed row fails the INSERT with the engine's code.
- the settings of a request (URL parameters) are applied only when they differ from the previous request's
  (one `SET a = 1, b = 2` then, none for a driver that sends the same settings every time), and a setting the
  request does not name is set back to its default before the statement: each request still sees its own.

One session, one lock: requests are served by threads but run one at a time (what this does not
exercise of a real server is listed in warehouse/README.md).

Who may ask (checked before anything runs):
- the request must be addressed to the front itself: its Host header one of 127.0.0.1, localhost, [::1], the
  bound address or an --allow-host name, with the front's port; an Origin header, if any, the same host and port
  over http; a browser's Sec-Fetch-Site, if any, same-origin or none. So a web page in the user's browser can
  neither post SQL to the front (its Origin is its own site) nor reach it through a DNS name it rebinds to
  127.0.0.1 (the Host is that name): 403, code 497.
- the account is the application's: WAREHOUSE_JDBC_USER (default `default`) and WAREHOUSE_JDBC_PASSWORD (default
  empty) from the environment, given as HTTP basic auth, X-ClickHouse-User/X-ClickHouse-Key or user/password
  parameters (none = user `default` with an empty password, as a server takes it); anything else: 401, code 516.
- `readonly=1|2` (a parameter, as clickhouse-jdbc sends the setting) and every GET (a server makes GET readonly
  too) run the statement as a read: a statement that is not a SELECT, WITH, SHOW, DESCRIBE, EXISTS or EXPLAIN is
  refused with code 164, the others run with the query-level `SETTINGS readonly=N`, so ClickHouse itself refuses
  what a read-only account may not do (table functions, settings changes with 1).

Fault injection (tests, only when started with --faults; else /__faults does not exist): `POST /__faults` with {"code": 252, "count": 3, "match": "INSERT", "when": "before"}
makes the next `count` statements whose text contains `match` (case-insensitive; empty = any) fail with that
code and a server's message for it; "when": "after" runs the statement first and then fails (the server
wrote the rows, the client saw an error). `GET /__faults` lists what is left, `DELETE /__faults` clears.

Usage: python chdb_http_front.py --port P --data DIR [--host 127.0.0.1] [--allow-host NAME]... [--faults]
Prints `warehouse front ready on http://HOST:P` once listening.
"""
import argparse
import base64
import hmac
import json
import os
import re
import signal
import struct
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import lz4.block
from chdb import session as chdb_session
from clickhouse_cityhash.cityhash import CityHash128

# settings in which clickhouse-local differs from clickhouse-server, set back to the server's values
SERVER_SETTINGS = {
    "implicit_select": "0",
    "allow_introspection_functions": "0",
    "storage_file_read_method": "'pread'",
}
# parameters a server's HTTP handler consumes itself (not settings); the front has no use for them
HANDLER_ONLY = {"session_id", "session_timeout", "session_check", "user", "password", "quota_key", "role",
                "buffer_size", "wait_end_of_query", "stacktrace", "http_native_compression_disable_checksumming_on_decompress",
                "enable_http_compression", "http_zlib_compression_level", "send_progress_in_http_headers",
                "http_headers_progress_interval_ms", "add_http_cors_header", "cancel_http_readonly_queries_on_client_close"}
# parameters the front acts on
FRONT_PARAMS = {"query", "database", "default_format", "query_id", "compress", "decompress"}

# a server's message for the codes tests inject (the text a driver or an operator would see)
FAULT_MESSAGES = {
    159: ("TIMEOUT_EXCEEDED", "Timeout exceeded: elapsed 300.000148 seconds, maximum: 300"),
    202: ("TOO_MANY_SIMULTANEOUS_QUERIES", "Too many simultaneous queries. Maximum: 100"),
    203: ("NO_FREE_CONNECTION", "No free connection"),
    209: ("SOCKET_TIMEOUT", "Timeout exceeded while reading from socket (peer: 127.0.0.1:9000, 300000 ms)"),
    210: ("NETWORK_ERROR", "Connection reset by peer, while reading from socket (peer: 127.0.0.1:9000)"),
    241: ("MEMORY_LIMIT_EXCEEDED", "(total) memory limit exceeded: would use 9.32 GiB (attempt to allocate chunk of "
                                   "4.00 MiB bytes), current RSS: 9.30 GiB, maximum: 9.31 GiB"),
    242: ("TABLE_IS_READ_ONLY", "Table is in readonly mode: replica_path=/clickhouse/tables/01/default/table/replicas/r1"),
    252: ("TOO_MANY_PARTS", "Too many parts (3001 with average size of 1.02 MiB) in table '{table}'. "
                            "Merges are processing significantly slower than inserts"),
    319: ("UNKNOWN_STATUS_OF_INSERT", "Unknown status, client must retry. Reason: Connection loss"),
    425: ("SYSTEM_ERROR", "System error: Resource temporarily unavailable"),
    999: ("KEEPER_EXCEPTION", "Coordination error: Connection loss, path /clickhouse/tables/01/default/table/blocks"),
    53: ("TYPE_MISMATCH", "Type mismatch in IN or VALUES section. Expected: UInt32. Got: String"),
    6: ("CANNOT_PARSE_TEXT", "Cannot parse string 'x' as UInt32: syntax error at begin of string"),
}
# HTTP status of a server's answer by exception code (ClickHouse's exceptionCodeToHTTPStatus), else 500
HTTP_STATUS = {}
HTTP_STATUS.update({c: 401 for c in (194, 195, 192, 516)})          # REQUIRED_PASSWORD, WRONG_PASSWORD, UNKNOWN_USER, AUTHENTICATION_FAILED
HTTP_STATUS.update({c: 403 for c in (497, 164)})                    # ACCESS_DENIED, READONLY
HTTP_STATUS.update({c: 400 for c in (6, 25, 26, 27, 38, 41, 72, 69, 70, 53, 62, 117, 36, 43)})
HTTP_STATUS.update({c: 404 for c in (60, 46, 47, 50, 56, 81, 115, 73, 63, 64, 82)})
HTTP_STATUS.update({202: 503, 209: 503, 76: 503, 159: 500, 48: 501})

CODE_RE = re.compile(r"Code: (\d+)\.")
TRAILING_FORMAT_RE = re.compile(r"\bFORMAT\s+(\w+)\s*;?\s*$", re.IGNORECASE)
TABLE_RE = re.compile(r"^\s*INSERT\s+INTO\s+(?:TABLE\s+)?([\w.`\"]+)", re.IGNORECASE)
# an INSERT statement whose rows follow in another format: the statement, then the format's name
INSERT_FORMAT_RE = re.compile(r"^(\s*INSERT\s+INTO\s.*?)\s+FORMAT\s+(\w+)\s*;?\s*$", re.IGNORECASE | re.DOTALL)
BODY_CHUNK = 1 << 20
IDENT_RE = re.compile(r"^\w+$")
# statements a read-only request may run (their first word); ClickHouse's readonly setting does the rest
READ_STATEMENT_RE = re.compile(r"^(?:\s+|--[^\n]*\n|/\*.*?\*/|\()*(SELECT|WITH|SHOW|DESC|DESCRIBE|EXISTS|EXPLAIN)\b",
                               re.IGNORECASE | re.DOTALL)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
MAX_BLOCK = 1 << 20


class ClickHouseError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# --- ClickHouse's compressed-block framing (compress=1 / decompress=1) ----------------------------

def compress_blocks(data):
    out = bytearray()
    for start in range(0, len(data), MAX_BLOCK):
        chunk = data[start:start + MAX_BLOCK]
        compressed = lz4.block.compress(chunk, store_size=False)
        frame = struct.pack("<BII", 0x82, len(compressed) + 9, len(chunk)) + compressed
        checksum = CityHash128(frame)
        out += struct.pack("<QQ", checksum >> 64, checksum & 0xFFFFFFFFFFFFFFFF) + frame
    return bytes(out)


def decompress_blocks(data):
    out = bytearray()
    pos = 0
    while pos < len(data):
        if len(data) - pos < 25:
            raise ClickHouseError(271, "Cannot decompress: truncated block header")
        high, low = struct.unpack_from("<QQ", data, pos)
        method, size, raw_size = struct.unpack_from("<BII", data, pos + 16)
        frame = data[pos + 16:pos + 16 + size]
        if len(frame) != size:
            raise ClickHouseError(271, "Cannot decompress: truncated block")
        if CityHash128(frame) != (high << 64 | low):
            raise ClickHouseError(40, "Checksum doesn't match: corrupted data")
        body = frame[9:]
        if method == 0x82:
            out += lz4.block.decompress(body, uncompressed_size=raw_size)
        elif method == 0x02:
            out += body
        else:
            raise ClickHouseError(89, "Unknown compression method: %#x" % method)
        pos += 16 + size
    return bytes(out)


# --- statements ------------------------------------------------------------------------------------

def second_statement_at(sql):
    """Position of a second statement in the text (after a `;` outside quotes and comments), or -1.
    The data of an `INSERT ... FORMAT X` is not SQL and is not looked at."""
    i, n = 0, len(sql)
    is_insert = sql.lstrip().upper().startswith("INSERT")
    seen_semicolon = False
    while i < n:
        c = sql[i]
        if c in "'\"`":
            j = i + 1
            while j < n and sql[j] != c:
                j += 2 if sql[j] == "\\" else 1
            i = j + 1
        elif sql.startswith("--", i) or c == "#":
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == ";":
            seen_semicolon = True
            i += 1
        elif c.isspace():
            i += 1
        else:
            if seen_semicolon:
                return i
            if is_insert and sql[i:i + 6].upper() == "FORMAT" and (i + 6 >= n or not sql[i + 6].isalnum()):
                return -1
            i += 1
    return -1


def read_only_statement(sql, level):
    """The statement as a read at readonly level `level` (1 or 2), or ClickHouseError 164 when it is no read."""
    if not READ_STATEMENT_RE.match(sql):
        raise ClickHouseError(164, "default: Cannot execute query in readonly mode. (READONLY)")
    return sql.rstrip().rstrip(";") + "\nSETTINGS readonly=%d" % level


def sql_literal(value):
    if re.fullmatch(r"-?\d+(\.\d+)?", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Faults:
    """Statements to fail on purpose: rules taken in order, each for its next `count` matching statements."""

    def __init__(self):
        self.rules = []
        self.lock = threading.Lock()

    def add(self, spec):
        code = int(spec["code"])
        count = int(spec.get("count", 1))
        when = spec.get("when", "before")
        if count < 1 or when not in ("before", "after"):
            raise ValueError("count must be >= 1 and when before|after")
        name, default_message = FAULT_MESSAGES.get(code, ("INJECTED_FAULT", "Injected fault"))
        rule = {"code": code, "count": count, "match": str(spec.get("match", "")), "when": when,
                "name": spec.get("name", name), "message": spec.get("message", default_message), "failed": 0}
        with self.lock:
            self.rules.append(rule)
        return rule

    def take(self, sql):
        upper = sql.upper()
        with self.lock:
            for rule in self.rules:
                if rule["count"] > 0 and rule["match"].upper() in upper:
                    rule["count"] -= 1
                    rule["failed"] += 1
                    return rule
        return None

    def state(self):
        with self.lock:
            return [dict(r) for r in self.rules if r["count"] > 0]

    def clear(self):
        with self.lock:
            self.rules.clear()


class Engine:
    def __init__(self, data_dir):
        self.session = chdb_session.Session(data_dir)
        self.lock = threading.Lock()
        self.database = "default"
        self.settings = {}  # the settings of the previous request, as set on the session
        for name, value in SERVER_SETTINGS.items():
            self.session.query("SET %s = %s" % (name, value))
        self.timezone = self.session.query("SELECT timezone()", "TabSeparated").bytes().decode().strip()
        self.version = self.session.query("SELECT version()", "TabSeparated").bytes().decode().strip()

    def run(self, sql, fmt, database, settings, params, fault):
        with self.lock:
            self.prepare(database, settings, fault, sql)
            result = self.query(sql, fmt, params)
            if fault is not None:
                raise injected(fault, sql)
            return result

    def insert(self, statement, data_format, database, settings, chunks, fault):
        """Streams the rows (an iterable of byte chunks) into `statement` (an INSERT without FORMAT); returns rows written."""
        with self.lock:
            self.prepare(database, settings, fault, statement)
            try:
                inserter = self.session.send_insert(statement, data_format)
            except Exception as e:
                raise engine_error(e)
            try:
                for chunk in chunks:
                    inserter.append(chunk)
                written = inserter.finish().rows_written
            except Exception as e:
                inserter.cancel()
                raise engine_error(e)
            if fault is not None:
                raise injected(fault, statement)
            return written

    def prepare(self, database, settings, fault, sql):
        """Under the lock: an injected fault "before", the request's database and settings."""
        if fault is not None and fault["when"] == "before":
            raise injected(fault, sql)
        if database != self.database:
            if not IDENT_RE.match(database):
                raise ClickHouseError(81, "Database %s does not exist" % database)
            self.query("USE " + database, "TabSeparated")
            self.database = database
        if settings == self.settings:
            return
        for name in settings:
            if not IDENT_RE.match(name):
                raise ClickHouseError(115, "Unknown setting '%s'" % name)
        changes = ["%s = %s" % (name, sql_literal(value)) for name, value in settings.items() if self.settings.get(name) != value]
        changes += ["%s = %s" % (name, SERVER_SETTINGS.get(name, "DEFAULT")) for name in self.settings if name not in settings]
        try:
            self.query("SET " + ", ".join(changes), "TabSeparated")
            self.settings = dict(settings)
        except ClickHouseError:
            self.reset_settings(set(settings) | set(self.settings))
            raise

    def reset_settings(self, names):
        for name in names:
            try:
                self.session.query("SET %s = %s" % (name, SERVER_SETTINGS.get(name, "DEFAULT")))
            except Exception:  # a name the engine does not know was never set
                pass
        self.settings = {}

    def query(self, sql, fmt, params=None):
        try:
            return self.session.query(sql, fmt, params=params or None)
        except Exception as e:  # chdb raises ChdbError with the server's text
            raise engine_error(e)


def engine_error(e):
    text = str(e)
    match = CODE_RE.search(text)
    if match and not text.startswith("Code: "):
        text = text[match.start():]  # "Streaming insert append failed: Code: 27. ..." -> the server's text
    return ClickHouseError(int(match.group(1)) if match else 1001, text)


def injected(fault, sql):
    table = TABLE_RE.match(sql)
    message = fault["message"].replace("{table}", table.group(1) if table else "default.table")
    return ClickHouseError(fault["code"], "Code: %d. DB::Exception: %s. (%s)" % (fault["code"], message, fault["name"]))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "chdb-http-front"
    engine = None
    faults = None  # None: started without --faults, no /__faults
    quiet = True
    account = ("default", "")   # (user, password) the front accepts: the application's
    own_hosts = frozenset()     # Host header values addressed to the front ("127.0.0.1:8123", ...)

    def log_message(self, fmt, *args):
        if not self.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # -- plumbing
    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def body_chunks(self):
        """The request body as it arrives, in chunks of at most BODY_CHUNK bytes (no copy of the whole)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                while size > 0:
                    chunk = self.rfile.read(min(size, BODY_CHUNK))
                    if not chunk:
                        raise ConnectionError("request body cut short")
                    size -= len(chunk)
                    yield chunk
                self.rfile.readline()
        else:
            left = int(self.headers.get("Content-Length") or 0)
            while left > 0:
                chunk = self.rfile.read(min(left, BODY_CHUNK))
                if not chunk:
                    raise ConnectionError("request body cut short")
                left -= len(chunk)
                yield chunk

    def send(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, value):
        self.send(status, (json.dumps(value) + "\n").encode(), [("Content-Type", "application/json")])

    # -- who may ask
    def refuse(self, status, code, message):
        self.send(status, ("Code: %d. DB::Exception: %s\n" % (code, message)).encode(),
                  [("X-ClickHouse-Exception-Code", str(code)), ("Content-Type", "text/plain; charset=UTF-8")])
        return False

    def addressed_to_us(self):
        """The Host (and Origin, Sec-Fetch-Site when a browser sends them) name this front: no cross-origin
        request of a web page, no DNS name rebound to 127.0.0.1."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.own_hosts:
            return self.refuse(403, 497, "the front serves requests addressed to it (Host: %s), not to %r. (ACCESS_DENIED)"
                               % (", ".join(sorted(self.own_hosts)), host))
        origin = self.headers.get("Origin")
        if origin is not None and origin.strip().lower() not in {"http://" + h for h in self.own_hosts}:
            return self.refuse(403, 497, "cross-origin request refused (Origin: %r). (ACCESS_DENIED)" % origin)
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site.strip().lower() not in ("same-origin", "none"):
            return self.refuse(403, 497, "cross-site request refused (Sec-Fetch-Site: %s). (ACCESS_DENIED)" % site)
        return True

    def authenticated(self, params):
        user, password = "default", ""
        authorization = self.headers.get("Authorization") or ""
        if self.headers.get("X-ClickHouse-User") is not None:
            user, password = self.headers.get("X-ClickHouse-User"), self.headers.get("X-ClickHouse-Key") or ""
        elif authorization.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(authorization[6:].strip()).decode("utf-8").partition(":")
            except ValueError:
                user, password = None, None
        elif "user" in params or "password" in params:
            user, password = params.get("user", "default"), params.get("password", "")
        expected_user, expected_password = self.account
        if (user is not None and hmac.compare_digest(user.encode(), expected_user.encode())
                and hmac.compare_digest(password.encode(), expected_password.encode())):
            return True
        return self.refuse(401, 516, "%s: Authentication failed: password is incorrect, or there is no user with such "
                                     "name. (AUTHENTICATION_FAILED)" % (user or "default"))

    def faults_path(self, url):
        """True when the request is for /__faults and the front runs with --faults; 404 when without it."""
        if url.path != "/__faults":
            return False
        if self.faults is None:
            self.send(404, b"There is no handle /__faults (fault injection is off: start the front with --faults)\n")
            return None
        return True

    # -- routes
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        if not self.addressed_to_us():
            return
        if url.path == "/ping":
            return self.send(200, b"Ok.\n", [("Content-Type", "text/plain; charset=UTF-8")])
        faults = self.faults_path(url)
        if faults is None:
            return
        if faults:
            return self.send_json(200, self.faults.state())
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        if url.path == "/" and "query" not in params:
            return self.send(200, b"Ok.\n", [("Content-Type", "text/plain; charset=UTF-8")])
        if self.authenticated(params):
            self.execute(url, b"", read_only=True)

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path in ("/", "") and "decompress=1" not in url.query:
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            statement = params.get("query", "")
            insert = INSERT_FORMAT_RE.match(statement)
            if insert and second_statement_at(statement) < 0:
                if not (self.addressed_to_us() and self.authenticated(params)):
                    self.close_connection = True  # refused before its body was read: the connection cannot go on
                    return
                return self.stream_insert(url, insert.group(1), insert.group(2))
        body = self.read_body()
        if not self.addressed_to_us():
            return
        faults = self.faults_path(url)
        if faults is None:
            return
        if faults:
            try:
                rule = self.faults.add(json.loads(body or b"{}"))
            except (ValueError, KeyError, TypeError) as e:
                return self.send_json(400, {"error": str(e)})
            return self.send_json(200, rule)
        if self.authenticated(dict(parse_qsl(url.query, keep_blank_values=True))):
            self.execute(url, body)

    def do_DELETE(self):
        if not self.addressed_to_us():
            return
        faults = self.faults_path(urlsplit(self.path))
        if faults:
            self.faults.clear()
            return self.send_json(200, [])
        if faults is False:
            self.send(404, b"Not found\n")

    def request_context(self, url, read_only=False):
        """(settings, query parameters, front parameters, query id, format, database, readonly level) of a request
        (`read_only`: a GET, a read whatever its settings say)."""
        params = parse_qsl(url.query, keep_blank_values=True)
        front = {k: v for k, v in params if k in FRONT_PARAMS}
        settings = {k: v for k, v in params
                    if k not in FRONT_PARAMS and k not in HANDLER_ONLY and not k.startswith("param_")}
        query_params = {k[len("param_"):]: v for k, v in params if k.startswith("param_")}
        # readonly is the request's, never the session's (a SET readonly cannot be undone): see read_only_statement
        readonly = settings.pop("readonly", "0").strip()
        readonly = int(readonly) if readonly.isdigit() else 1
        if read_only and not readonly:
            readonly = 2
        query_id = self.headers.get("X-ClickHouse-Query-Id") or front.get("query_id") or str(uuid.uuid4())
        fmt = self.headers.get("X-ClickHouse-Format") or front.get("default_format") or "TabSeparated"
        database = self.headers.get("X-ClickHouse-Database") or front.get("database") or "default"
        return settings, query_params, front, query_id, fmt, database, readonly

    def base_headers(self, query_id):
        return [("X-ClickHouse-Query-Id", query_id), ("X-ClickHouse-Timezone", self.engine.timezone),
                ("X-ClickHouse-Server-Display-Name", "chdb-http-front"), ("Keep-Alive", "timeout=10")]

    def send_error_answer(self, e, headers):
        text = str(e)
        if not text.startswith("Code: "):
            text = "Code: %d. DB::Exception: %s" % (e.code, text)
        message = (text + " (version %s)\n" % self.engine.version).encode()
        return self.send(HTTP_STATUS.get(e.code, 500), message, headers + [
            ("X-ClickHouse-Exception-Code", str(e.code)), ("Content-Type", "text/plain; charset=UTF-8")])

    def stream_insert(self, url, statement, data_format):
        """`INSERT ... FORMAT X` in the URL, the rows as the body: the body streamed to chdb, never decoded."""
        settings, _, front, query_id, fmt, database, readonly = self.request_context(url)
        headers = self.base_headers(query_id)
        started = time.monotonic()
        chunks = self.body_chunks()
        try:
            if readonly:
                read_only_statement(statement, min(readonly, 2))  # an INSERT is no read: refused
            if not self.quiet:
                sys.stderr.write("insert %s: %s FORMAT %s\n" % (query_id, " ".join(statement[:300].split()), data_format))
            fault = self.faults.take(statement) if self.faults is not None else None
            written = self.engine.insert(statement, data_format, database, settings, chunks, fault)
        except ClickHouseError as e:
            for _ in chunks:  # the rest of a refused body, so the connection stays usable
                pass
            return self.send_error_answer(e, headers)
        summary = {"read_rows": "0", "read_bytes": "0", "written_rows": str(written), "written_bytes": "0",
                   "total_rows_to_read": "0", "result_rows": "0", "result_bytes": "0",
                   "elapsed_ns": str(int((time.monotonic() - started) * 1e9))}
        headers += [("X-ClickHouse-Format", fmt), ("X-ClickHouse-Summary", json.dumps(summary, separators=(",", ":"))),
                    ("Content-Type", "text/plain; charset=UTF-8")]
        data = b""
        self.send(200, compress_blocks(data) if front.get("compress") == "1" else data, headers)

    def execute(self, url, body, read_only=False):
        if url.path not in ("/", ""):
            return self.send(404, b"There is no handle %s\n" % url.path.encode())
        settings, query_params, front, query_id, fmt, database, readonly = self.request_context(url, read_only)
        compress = front.get("compress") == "1"
        headers = self.base_headers(query_id)
        started = time.monotonic()
        try:
            if front.get("decompress") == "1":
                body = decompress_blocks(body)
            sql = front.get("query", "")
            if body:
                sql = sql + ("\n" if sql else "") + body.decode("utf-8")
            if not sql.strip():
                raise ClickHouseError(62, "Empty query")
            second = second_statement_at(sql)
            if second >= 0:
                raise ClickHouseError(62, "Syntax error (Multi-statements are not allowed): failed at position %d "
                                          "(end of query): %s" % (second + 1, sql[second:second + 40]))
            if not self.quiet:
                sys.stderr.write("query %s: %s\n" % (query_id, " ".join(sql[:300].split())))
            statement = read_only_statement(sql, min(readonly, 2)) if readonly else sql
            fault = self.faults.take(sql) if self.faults is not None else None
            result = self.engine.run(statement, fmt, database, settings, query_params, fault)
        except ClickHouseError as e:
            return self.send_error_answer(e, headers)
        data = result.bytes()
        summary = {"read_rows": str(result.rows_read()), "read_bytes": str(result.bytes_read()),
                   "written_rows": str(result.rows_written()), "written_bytes": str(result.bytes_written()),
                   "total_rows_to_read": "0", "result_rows": "0", "result_bytes": str(len(data)),
                   "elapsed_ns": str(int((time.monotonic() - started) * 1e9))}
        trailing = TRAILING_FORMAT_RE.search(sql)
        headers += [("X-ClickHouse-Format", trailing.group(1) if trailing else fmt),
                    ("X-ClickHouse-Summary", json.dumps(summary, separators=(",", ":"))),
                    ("Content-Type", "application/octet-stream" if compress else "text/plain; charset=UTF-8")]
        self.send(200, compress_blocks(data) if compress else data, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a client that went away (a driver closing its pool) is not an error of the front
        super().handle_error(request, client_address)


def main(argv=None):
    parser = argparse.ArgumentParser(description="ClickHouse HTTP interface over one chdb session")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", required=True, help="chdb data folder (created if missing)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--allow-host", action="append", default=[],
                        help="another name the front may be addressed as (Host header), e.g. a container's name")
    parser.add_argument("--faults", action="store_true", help="serve /__faults (fault injection, for tests)")
    parser.add_argument("--log-requests", action="store_true")
    args = parser.parse_args(argv)
    Handler.engine = Engine(args.data)
    Handler.faults = Faults() if args.faults else None
    Handler.quiet = not args.log_requests
    Handler.account = (os.environ.get("WAREHOUSE_JDBC_USER") or "default", os.environ.get("WAREHOUSE_JDBC_PASSWORD") or "")
    server = Server((args.host, args.port), Handler)
    port = server.server_address[1]
    names = set(LOOPBACK_NAMES) | {n.lower() for n in args.allow_host}
    if args.host not in ("0.0.0.0", "::", ""):
        names.add("[%s]" % args.host if ":" in args.host else args.host.lower())
    Handler.own_hosts = frozenset("%s:%d" % (n, port) for n in names)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    print("warehouse front ready on http://%s:%d (ClickHouse %s, data %s)"
          % (args.host, server.server_address[1], Handler.engine.version, args.data), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        Handler.engine.session.close()


if __name__ == "__main__":
    main()
