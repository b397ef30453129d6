#!/usr/bin/env bash
# The embedded warehouse's Python environment: a venv under the run folder with the real ClickHouse
# engine (chdb-core 26.9 = ClickHouse 26.9, in process) and the two libraries of the HTTP front
# (LZ4 and CityHash 1.0.2 for ClickHouse's compressed framing). Created on first use, reused after;
# prints one progress line while installing and, last, the venv's python path (for callers to capture).
# Knobs: STACK_RUN_DIR (run folder, default <repo>/.run), WAREHOUSE_VENV (default <run folder>/venv-warehouse),
#        WAREHOUSE_PYTHON (interpreter creating the venv, default python3).
# Extra arguments are more pinned requirements to have in the same venv (the warehouse-sql check adds pytest).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUN_DIR="${STACK_RUN_DIR:-$REPO/.run}"
VENV="${WAREHOUSE_VENV:-$RUN_DIR/venv-warehouse}"
PYTHON="${WAREHOUSE_PYTHON:-python3}"
# --no-deps: chdb-core would pull numpy/pandas/pyarrow, which neither the front nor the check uses
ENGINE_PINS=(chdb-core==26.9.0 lz4==4.4.5 clickhouse-cityhash==1.0.2.6)

say() { printf '[warehouse] %s\n' "$*" >&2; }

installed() {  # true when every pin (name==version) is installed in the venv
  "$VENV/bin/python" - "$@" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version, PackageNotFoundError
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

mkdir -p "$(dirname "$VENV")"
exec 9>"$VENV.lock"
flock 9   # one installer at a time (test JVMs and the demo may start together)
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -c "import venv, ensurepip" 2>/dev/null \
    || { say "error: $PYTHON has no venv module; install it: apt-get install -y python3-venv"; exit 1; }
  "$PYTHON" -m venv "$VENV"
fi
if ! installed "${ENGINE_PINS[@]}"; then
  say "installing the embedded ClickHouse engine (${ENGINE_PINS[*]}) into $VENV (first use only, ~600 MB)"
  start=$SECONDS
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps "${ENGINE_PINS[@]}" >&2
  say "engine installed in $((SECONDS - start)) s"
fi
if (($#)) && ! installed "$@"; then
  say "installing $* into $VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
fi
echo "$VENV/bin/python"
