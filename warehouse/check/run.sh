#!/usr/bin/env bash
# The warehouse SQL check on a real ClickHouse engine (chdb, in process).
# Creates .run/venv-chdb (git-ignored), installs the pinned chdb and pytest, runs the tests.
# Knobs: WAREHOUSE_CHECK_VENV (default <repo>/.run/venv-chdb), WAREHOUSE_CHECK_PYTHON (default python3),
#        WAREHOUSE_CHECK_PYTEST_ARGS (extra pytest arguments, default none).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${WAREHOUSE_CHECK_VENV:-$REPO/.run/venv-chdb}"
PYTHON="${WAREHOUSE_CHECK_PYTHON:-python3}"
CHDB_VERSION="4.4.0"      # brings chdb-core 26.9 (ClickHouse 26.9)
PYTEST_VERSION="9.2.0"

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import chdb, pytest, sys; sys.exit(chdb.__version__ != '$CHDB_VERSION')" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "chdb==$CHDB_VERSION" "pytest==$PYTEST_VERSION"
fi
cd "$HERE"
# shellcheck disable=SC2086
exec "$VENV/bin/python" -m pytest -p no:cacheprovider -q ${WAREHOUSE_CHECK_PYTEST_ARGS:-} .
