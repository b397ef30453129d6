#!/usr/bin/env bash
# No secret is printed: every secret setting of the project is given through the environment as a marker of its own
# (a random value per run), the commands run with it, and no marker may appear in their output, their logs or
# anything else they wrote under the run folder (the broker's data included).
#
#   check-secrets-masked.sh markers
#       prints the marker environment (NAME=value lines) for `env` (./stack test's demo-once suite runs
#       `./stack demo --once --reconcile` under it: the app, the validator, the triage, the ledger)
#   check-secrets-masked.sh after-demo RUN_DIR OUTPUT_FILE...
#       with the same environment: ./stack sql (a read, a write refused without --write, the write with it, on the
#       embedded warehouse, whose account is the marker password) and the ./stack hawtio launcher, in RUN_DIR;
#       then looks for every marker in RUN_DIR and the OUTPUT_FILEs. Prints one line per check (the names of the
#       settings, never a value) and "N passed, N failed"; exit status 1 when any check failed.
#   Knobs: TEST_DEMO_WAREHOUSE_PORT (28123), TEST_HAWTIO_PORT (28091), WAREHOUSE_VENV (the venv the warehouse-sql suite uses)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

# every secret setting of the application, the validator, the triage and the console launcher
SECRETS=(SPORTSDB_API_KEY KAFKA_SASL_PASSWORD KAFKA_SSL_TRUSTSTORE_PASSWORD SMTP_PASSWORD JOLOKIA_PASSWORD WAREHOUSE_JDBC_PASSWORD
         WAREHOUSE_URL_PASSWORD)

markers() {
  local name suffix
  suffix=$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
  for name in "${SECRETS[@]}"; do
    echo "$name=marker-$(tr 'A-Z_' 'a-z-' <<<"$name")-$suffix"
  done
  # the settings that go with them (a user makes a password a login; the URL carries a password of its own)
  echo "KAFKA_SASL_USERNAME=app"
  echo "SMTP_USER=alerts"
  echo "JOLOKIA_USER=hawtio"
  echo "WAREHOUSE_JDBC_URL=jdbc:clickhouse:http://127.0.0.1:9/default?user=default&password=marker-warehouse-url-password-$suffix"
}

after_demo() {
  local run=$1; shift
  local passed=0 failed=0 logs="$run/logs/secrets-check" name hits
  mkdir -p "$logs"
  check() {  # what, command... (its output in $logs)
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   - $what"; else failed=$((failed + 1)); echo "FAIL - $what"; fi
  }
  sql() {  # log name, ./stack sql arguments...: the embedded warehouse of the run folder, started for the query
    local log=$1; shift
    env -u WAREHOUSE_JDBC_URL STACK_RUN_DIR="$run" DEMO_WAREHOUSE_PORT="${TEST_DEMO_WAREHOUSE_PORT:-28123}" \
      WAREHOUSE_VENV="${WAREHOUSE_VENV:-$repo/.run/venv-warehouse}" "$repo/stack" sql "$@" >"$logs/$log.log" 2>&1
  }
  read_works() { sql read "SELECT 41 + 1 AS answer" && grep -qx "42 *" "$logs/read.log"; }
  write_refused() {
    ! sql write-refused "CREATE TABLE default.secrets_check (a UInt8) ENGINE = Memory" \
      && grep -q "Code: 164" "$logs/write-refused.log" && grep -q -- "--write" "$logs/write-refused.log"
  }
  write_with_flag() { sql write --write "CREATE TABLE IF NOT EXISTS default.secrets_check (a UInt8) ENGINE = Memory"; }
  check "./stack sql reads on the embedded warehouse with the application's account (WAREHOUSE_JDBC_PASSWORD)" read_works
  check "./stack sql refuses a write without --write (readonly=1: Code 164, names the flag)" write_refused
  check "./stack sql --write writes" write_with_flag

  hawtio_starts() {
    local pid waited=0 ok=1
    # a Jolokia URL with a user and password in it (the JOLOKIA_PASSWORD marker): the launcher names the URL, never them
    STACK_RUN_DIR="$run" HAWTIO_PORT="${TEST_HAWTIO_PORT:-28091}" \
      APP_JOLOKIA_URL="http://hawtio:${JOLOKIA_PASSWORD:-unset}@127.0.0.1:9/observe/jolokia" "$repo/stack" hawtio >"$logs/hawtio.log" 2>&1 &
    pid=$!
    until grep -q "hawtio: ready at" "$logs/hawtio.log"; do
      if ! kill -0 "$pid" 2>/dev/null || ((waited++ > 1800)); then ok=0; break; fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    ((ok))
  }
  check "./stack hawtio starts with a Jolokia URL carrying a password (its log scanned below)" hawtio_starts

  for name in "${SECRETS[@]}"; do
    [[ -n "${!name:-}" ]] || { failed=$((failed + 1)); echo "FAIL - $name is not set: run under the markers' environment"; continue; }
    hits=$(grep -r -a -l -F -- "${!name}" "$run" "$@" 2>/dev/null)
    if [[ -z "$hits" ]]; then
      passed=$((passed + 1)); echo "ok   - $name: in no output, log or file of the run ($(find "$run" "$@" -type f | wc -l) files)"
    else
      failed=$((failed + 1)); echo "FAIL - $name printed in:"; sed 's/^/       /' <<<"$hits"
    fi
  done
  echo "$passed passed, $failed failed"
  ((failed == 0))
}

case "${1:-}" in
  markers) markers ;;
  after-demo) shift; [[ $# -ge 1 ]] || { echo "usage: $0 after-demo RUN_DIR [OUTPUT_FILE...]" >&2; exit 2; }; after_demo "$@" ;;
  *) echo "usage: $0 markers | after-demo RUN_DIR [OUTPUT_FILE...]" >&2; exit 2 ;;
esac
