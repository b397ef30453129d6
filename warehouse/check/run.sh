#!/usr/bin/env bash
# The warehouse SQL check on a real ClickHouse engine (chdb, in process), and the tests of the embedded
# warehouse's HTTP front (warehouse/engine), in its venv
# (warehouse/engine/ensure-venv.sh: chdb-core 26.9, created on first use; pytest is added to it).
# Knobs: STACK_RUN_DIR / WAREHOUSE_VENV / WAREHOUSE_PYTHON (see ensure-venv.sh),
#        WAREHOUSE_CHECK_PYTEST_ARGS (extra pytest arguments, default none).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTEST_VERSION="9.2.0"

PYTHON="$(bash "$REPO/warehouse/engine/ensure-venv.sh" "pytest==$PYTEST_VERSION")"
cd "$HERE"
# shellcheck disable=SC2086
exec "$PYTHON" -m pytest -p no:cacheprovider -q ${WAREHOUSE_CHECK_PYTEST_ARGS:-} . "$REPO/warehouse/engine"
