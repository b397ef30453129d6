#!/bin/sh
# Entry point of the alertmanager service: renders the configuration template $1 into $2, each ${VAR}
# replaced by the variable's value in this environment, then starts Alertmanager with it and the remaining
# arguments. Values go through awk's ENVIRON, never a shell; the template puts every ${VAR} inside a YAML
# single-quoted string and a ' of a value is doubled, so a password with any character stays one string.
# ALERTMANAGER_RENDER_ONLY=1 stops after rendering (infra/compose-check/run.sh checks the result with amtool);
# ALERTMANAGER_BIN is the binary (default /bin/alertmanager, the image's; Debian: /usr/bin/prometheus-alertmanager).
set -eu
: "${ALERTMANAGER_GROUP_WAIT:=30s}"   # the only setting with a default here (the template has no other way to get one)
export ALERTMANAGER_GROUP_WAIT
template=$1 out=$2
shift 2
awk '{
  line = $0; done = ""
  while (match(line, /\$\{[A-Za-z_][A-Za-z0-9_]*\}/)) {
    value = ENVIRON[substr(line, RSTART + 2, RLENGTH - 3)]
    gsub(/\047/, "\047\047", value)
    done = done substr(line, 1, RSTART - 1) value
    line = substr(line, RSTART + RLENGTH)
  }
  print done line
}' "$template" >"$out"
[ "${ALERTMANAGER_RENDER_ONLY:-}" = 1 ] && exit 0
exec "${ALERTMANAGER_BIN:-/bin/alertmanager}" --config.file="$out" "$@"
