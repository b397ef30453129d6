#!/usr/bin/env bash
# Proves the Prometheus queries of infra/grafana/dashboards/validation.json against a real Prometheus
# (Debian's `prometheus`) scraping the real offline demo (`./stack demo`: broker, replay server, Camel
# application, Spark validator), each on free loopback ports under a temporary folder.
#
#   bash infra/grafana/check-live-dashboards.sh        (from the repository root)
#
# Feeds run often (live score every 10 s, the nightly feeds every 20 s) so the validator sees new and
# unchanged (re-polled) records. Waits (LIVE_DASH_START_SECONDS, default 600: a loaded machine starts the demo's
# JVMs slowly) until the validator has run a batch with input and Prometheus scraped both targets, then
# (LIVE_DASH_WAIT_SECONDS, default 180, counted from there) until every query has data.
# Prints one line per query (OK / EMPTY / ERROR) and, once everything it started is stopped, a last
# line "N passed, M failed"; exit 1 on any failure. LIVE_DASH_KEEP=1 keeps the temporary folder (logs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DASHBOARD="${LIVE_DASH_DASHBOARD:-infra/grafana/dashboards/validation.json}"
START_SECONDS="${LIVE_DASH_START_SECONDS:-600}"
WAIT_SECONDS="${LIVE_DASH_WAIT_SECONDS:-180}"

log() { printf '[live-dash] %s\n' "$*" >&2; }

command -v prometheus >/dev/null || { log "prometheus not installed (apt-get install prometheus)"; exit 2; }
[[ -f "$DASHBOARD" ]] || { log "no dashboard $DASHBOARD"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/live-dash.XXXXXX")"
STACK_PID="" PROM_PID="" RESULT=1

stop_pid() {  # pid, seconds: TERM, wait, then KILL its process group (it was started with setsid)
  local pid="$1" secs="$2" i
  [[ -z "$pid" ]] && return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still running after ${secs}s: killing its process group"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  trap '' INT TERM
  stop_pid "$PROM_PID" 15
  stop_pid "$STACK_PID" 60
  # the demo's services are children of the stack process's group: make sure none survived
  # (a JVM may still be running its shutdown hooks): give them time, then kill what is left
  if [[ -n "$STACK_PID" ]] && pgrep -g "$STACK_PID" >/dev/null 2>&1; then
    log "still running in the demo's process group $STACK_PID: $(ps -o pid=,comm= -g "$STACK_PID" | tr -s ' \n' ' ')"
    kill -TERM -- "-$STACK_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
      pgrep -g "$STACK_PID" >/dev/null 2>&1 || break
      sleep 0.2
    done
    if pgrep -g "$STACK_PID" >/dev/null 2>&1; then
      log "killing what is left of the group after 20 s"
      kill -KILL -- "-$STACK_PID" 2>/dev/null || true
    fi
  fi
  local summary
  summary="$(cat "$WORK/summary" 2>/dev/null || echo "0 passed, 1 failed (the check did not get to run the queries)")"
  if [[ "$RESULT" == 0 && -z "${LIVE_DASH_KEEP:-}" ]]; then
    rm -rf "$WORK"
  else
    log "logs kept in $WORK (demo: $WORK/run/logs, stack: $WORK/stack.log, prometheus: $WORK/prometheus.log)"
  fi
  echo "$summary"   # the last line, once everything is stopped
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r KAFKA_PORT REPLAY_PORT MGMT_PORT VALIDATOR_PORT PROM_PORT WAREHOUSE_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(6):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
PY
)
log "ports: kafka $KAFKA_PORT, replay $REPLAY_PORT, app management $MGMT_PORT, validator metrics $VALIDATOR_PORT, prometheus $PROM_PORT, warehouse $WAREHOUSE_PORT"

# 1. the offline demo, as `./stack demo` runs it, with frequent feeds
NIGHTLY="0/20 * * * * ?"
log "starting ./stack demo (run dir $WORK/run)"
# the embedded warehouse's venv is the repository's (installed once), not one per temporary run folder
setsid env STACK_RUN_DIR="$WORK/run" DEMO_KAFKA_PORT="$KAFKA_PORT" DEMO_REPLAY_PORT="$REPLAY_PORT" \
  DEMO_WAREHOUSE_PORT="$WAREHOUSE_PORT" WAREHOUSE_VENV="${WAREHOUSE_VENV:-${STACK_RUN_DIR:-$ROOT/.run}/venv-warehouse}" \
  CAMEL_MANAGEMENT_PORT="$MGMT_PORT" \
  VALIDATOR_METRICS_PORT="$VALIDATOR_PORT" \
  FEEDS_LIVE_SCORE_CRON="0/10 * * * * ?" FEEDS_BROADCAST_CRON="$NIGHTLY" FEEDS_LEAGUE_CRON="$NIGHTLY" \
  FEEDS_SCHEDULE_CRON="$NIGHTLY" FEEDS_EVENT_CRON="$NIGHTLY" FEEDS_EVENT_DETAILS_CRON="$NIGHTLY" \
  FEEDS_TEAM_CRON="$NIGHTLY" FEEDS_VENUE_CRON="$NIGHTLY" FEEDS_PLAYER_CRON="$NIGHTLY" \
  ./stack demo >"$WORK/stack.log" 2>&1 </dev/null &
STACK_PID=$!
START=$SECONDS

# 2. Prometheus on loopback scraping both every second
cat >"$WORK/prometheus.yml" <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: camel-app
    metrics_path: /observe/metrics
    static_configs: [{targets: ['127.0.0.1:$MGMT_PORT']}]
  - job_name: spark-validator
    metrics_path: /metrics
    static_configs: [{targets: ['127.0.0.1:$VALIDATOR_PORT']}]
EOF
setsid prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus-data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 </dev/null &
PROM_PID=$!

# 3.-4. wait, then every query of the dashboard through the HTTP API
set +e
python3 - "$DASHBOARD" "$PROM_PORT" "$START_SECONDS" "$WAIT_SECONDS" "$STACK_PID" "$PROM_PID" "$WORK" <<'PY'
import json, os, re, sys, time, urllib.parse, urllib.request

dashboard_file, prom_port, start_seconds, wait_seconds, stack_pid, prom_pid, work = sys.argv[1:]
started = time.monotonic()
deadline = started + int(start_seconds)  # until the pipeline runs; then wait_seconds more for every query's data
base = "http://127.0.0.1:%s" % prom_port
PROMETHEUS_UID = "prometheus"
# Grafana's built-ins, as DashboardQueriesTest fills them
BUILTINS = {"$__rate_interval": "30s", "$__range": "5m", "$__interval": "1s"}
VARIABLE = re.compile(r"\$[a-zA-Z_]")
LABEL_VALUES = re.compile(r"label_values\((.+),\s*(\w+)\)")

def log(msg):
    print("[live-dash] %s" % msg, file=sys.stderr, flush=True)

def alive(pid):
    try:
        os.kill(int(pid), 0)
        return True
    except OSError:
        return False

def get(path):
    with urllib.request.urlopen(base + path, timeout=20) as r:
        return json.load(r)

def query(expr):
    try:
        return get("/api/v1/query?query=" + urllib.parse.quote(expr))
    except urllib.error.HTTPError as e:  # 400/422: invalid expression, the body says why
        return json.load(e)

def value(expr):
    try:
        res = query(expr).get("data", {}).get("result", [])
    except OSError:
        return None
    return float(res[0]["value"][1]) if res else None

def summary(passed, failed):
    with open(os.path.join(work, "summary"), "w") as f:
        f.write("%d passed, %d failed\n" % (passed, failed))

def give_up(reason):
    log(reason)
    summary(0, len(queries))
    sys.exit(1)

def check_running():
    if not alive(prom_pid):
        give_up("prometheus exited (log: %s/prometheus.log)" % work)
    if not alive(stack_pid):
        give_up("./stack demo exited (log: %s/stack.log)" % work)

# the dashboard's Prometheus queries, found as GrafanaFiles.queries does
dashboard = json.load(open(dashboard_file))
queries = []
for panel in dashboard.get("panels", []):
    for target in panel.get("targets", []):
        ds = target.get("datasource", panel.get("datasource")) or {}
        if ds.get("uid") == PROMETHEUS_UID:
            queries.append((panel.get("title", ""), target.get("refId", ""), target.get("expr", "")))
log("%d Prometheus queries in %s" % (len(queries), dashboard_file))
if not queries:
    sys.exit("no Prometheus query in " + dashboard_file)

# wait: Prometheus ready, both targets scraped, the validator has run a batch that read records
state = ""
while True:
    check_running()
    # scraped at least once in the last 30 s: on a loaded machine a scrape can miss its 1 s timeout now and then
    up_app = value('max_over_time(up{job="camel-app"}[30s])')
    up_val = value('max_over_time(up{job="spark-validator"}[30s])')
    batches = value("validator_batches_total")
    inputs = value("validator_input_records_total")
    now = "app up=%s, validator up=%s, batches=%s, input records=%s" % (up_app, up_val, batches, inputs)
    if now != state:
        log("%3d s: %s" % (time.monotonic() - started, now))
        state = now
    ready = up_app == 1 and up_val == 1 and (batches or 0) >= 1 and (inputs or 0) >= 1
    if ready:
        break
    if time.monotonic() > deadline:
        log("not ready within %s s: %s (the queries run anyway)" % (start_seconds, now))
        break
    time.sleep(1)
if ready:
    log("%d s: the validator ran a batch and Prometheus scraped both targets" % (time.monotonic() - started))
deadline = time.monotonic() + (int(wait_seconds) if ready else 0)

# template variables: label_values(metric, label) variables take a real value Prometheus lists
values = dict(BUILTINS)
for v in dashboard.get("templating", {}).get("list", []):
    m = LABEL_VALUES.fullmatch(str(v.get("definition", "")))
    if not m or (v.get("datasource") or {}).get("uid") != PROMETHEUS_UID:
        continue
    while True:
        listed = get("/api/v1/label/%s/values?match[]=%s" % (m.group(2), urllib.parse.quote(m.group(1).strip()))).get("data", [])
        if listed or time.monotonic() > deadline:
            break
        time.sleep(1)
    if not listed:
        give_up("variable $%s: %s lists no value" % (v.get("name"), v.get("definition")))
    values["$" + v["name"]] = sorted(listed)[0]
    log("variable $%s = %s" % (v["name"], values["$" + v["name"]]))

def instantiate(expr):
    for k in sorted(values, key=len, reverse=True):
        expr = expr.replace(k, values[k])
    return expr

def run_all():
    out = []
    for panel, ref, expr in queries:
        text = instantiate(expr)
        if VARIABLE.search(text):
            out.append(("ERROR", panel, ref, text, "a variable has no value"))
            continue
        answer = query(text)
        if answer.get("status") != "success":
            out.append(("ERROR", panel, ref, text, answer.get("error", answer)))
        elif answer["data"]["result"]:
            res = answer["data"]["result"]
            sample = ", ".join("%s=%s" % (json.dumps(r["metric"], sort_keys=True), r["value"][1]) for r in res[:3])
            out.append(("OK", panel, ref, text, "%d series: %s%s" % (len(res), sample, " ..." if len(res) > 3 else "")))
        else:
            out.append(("EMPTY", panel, ref, text, ""))
    return out

# some series appear only once the validator routed a kind of record (rejected.*, a reason):
# query again until all have data or the wait is over
while True:
    check_running()
    results = run_all()
    failing = [r for r in results if r[0] != "OK"]
    if not failing or time.monotonic() > deadline:
        break
    if any(r[0] == "ERROR" for r in failing):
        break  # invalid PromQL does not get better by waiting
    time.sleep(2)

elapsed = time.monotonic() - started
for status, panel, ref, text, detail in results:
    print("%-5s %s [%s]: %s%s" % (status, panel, ref, text, ("  -> " + str(detail)) if detail else ""))
passed = sum(1 for r in results if r[0] == "OK")
log("queries evaluated %d s after the demo started" % elapsed)
summary(passed, len(results) - passed)
sys.exit(0 if passed == len(results) else 1)
PY
RESULT=$?
set -e
exit "$RESULT"
