#!/usr/bin/env bash
# Validates infra/docker-compose.yaml without a Docker engine:
#  1. builds compose-check (compose-spec/compose-go, the loader inside `docker compose`) once, cached under .run/tools;
#  2. without --env-file: generates throw-away TLS material with infra/tls/make-certs.sh and loads the file with
#     infra/.env.example (TLS_DIR pointed at that material); with --env-file FILE (e.g. infra/.env on the VM) it
#     loads with FILE as is, and placeholders (CHANGE-ME) become problems;
#  3. cross-checks files, ports, policies, variables, Prometheus targets and Kafka listeners (see README.md);
#     then the same with the scale-out override (docker-compose.scale.yaml) and its own rules (-scale-out);
#  4. promtool checks the Prometheus configuration and rules, amtool the rendered Alertmanager configuration
#     (when installed); bash -n on the scripts.
# Writes the resolved configurations to .run/compose-check/config.yaml and config-scale.yaml. Exit status 1 when anything failed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/infra/compose-check
out=${COMPOSE_CHECK_OUT:-$repo/.run/compose-check}
env_file=""
[[ ${1:-} == --env-file ]] && env_file=$(realpath "$2")
mkdir -p "$out" "$repo/.run/tools"
failures=0

# 1. the checker binary, rebuilt only when its sources change
key=$(cat "$here"/go.mod "$here"/go.sum "$here"/*.go | sha256sum | cut -c1-12)
bin=$repo/.run/tools/compose-check-$key
if [[ ! -x $bin ]]; then
  start=$(date +%s)
  (cd "$here" && go build -o "$bin" .)
  echo "compose-check: built $bin in $(($(date +%s) - start)) s"
fi

# 2. the env file
if [[ -z $env_file ]]; then
  tls_dir=$out/tls
  EXTERNAL_IP=$(grep '^EXTERNAL_HOST=' "$repo/infra/.env.example" | cut -d= -f2) BROKER_UID= TLS_DIR=$tls_dir \
    "$repo/infra/tls/make-certs.sh" >"$out/make-certs.log"
  mkdir -p "$out/env"
  env_file=$out/env/.env.example
  sed "s|^TLS_DIR=.*|TLS_DIR=$tls_dir|" "$repo/infra/.env.example" >"$env_file"
fi

# 3. load + cross-checks: the base file, then the base file with the scale-out override
cd "$repo"
"$bin" -f infra/docker-compose.yaml -also-uses infra/docker-compose.scale.yaml -env-file "$env_file" -repo "$repo" \
  -out "$out/config.yaml" || failures=$((failures + 1))
"$bin" -f infra/docker-compose.yaml,infra/docker-compose.scale.yaml -scale-out -env-file "$env_file" -repo "$repo" \
  -out "$out/config-scale.yaml" || failures=$((failures + 1))

# 4. promtool and shell syntax
if command -v promtool >/dev/null; then
  sed "s|/etc/prometheus/rules.yml|$repo/infra/prometheus/rules.yml|" infra/prometheus/prometheus.yml >"$out/prometheus.yml"
  if promtool check config "$out/prometheus.yml" >"$out/promtool.log" 2>&1 \
      && promtool test rules infra/prometheus/rules-test.yml >>"$out/promtool.log" 2>&1; then
    echo "promtool: prometheus.yml and rules.yml OK; rules-test.yml (each alert fires on its condition) passed"
  else echo "PROBLEM: promtool check config failed:"; sed 's/^/  /' "$out/promtool.log"; failures=$((failures + 1)); fi
else
  echo "note: promtool not installed (apt-get install prometheus): Prometheus files not checked by promtool"
fi
# the Alertmanager configuration as the alertmanager service renders it, with the env file's values
if command -v amtool >/dev/null; then
  if (while IFS= read -r line; do  # the service's environment: its lines of the env file, as is
        case $line in SMTP_*=* | ALERT_*=* | ALERTMANAGER_SMTP_*=*) export "${line%%=*}=${line#*=}" ;; esac
      done <"$env_file"
      ALERTMANAGER_RENDER_ONLY=1 sh infra/alertmanager/alertmanager-start.sh \
        infra/alertmanager/alertmanager.yml "$out/alertmanager.yml") && amtool check-config "$out/alertmanager.yml" >"$out/amtool.log" 2>&1; then
    echo "amtool: alertmanager.yml (rendered) OK"
  else echo "PROBLEM: amtool check-config failed:"; sed 's/^/  /' "$out/amtool.log" 2>/dev/null; failures=$((failures + 1)); fi
else
  echo "note: amtool not installed (apt-get install prometheus-alertmanager): the Alertmanager configuration not checked"
fi
for script in infra/kafka/provision-kafka.sh infra/docker/validator-submit.sh infra/tls/make-certs.sh infra/alertmanager/alertmanager-start.sh; do
  bash -n "$script" || { echo "PROBLEM: $script has a syntax error"; failures=$((failures + 1)); }
done
echo "compose-check run: resolved configuration in ${out#$repo/}/config.yaml"
((failures == 0))
