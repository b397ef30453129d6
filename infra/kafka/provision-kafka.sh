#!/usr/bin/env bash
# One-shot provisioning of the broker (compose service kafka-init; also usable against any broker):
# creates soccer.<feed>, validated.soccer.<feed> and rejected.soccer.<feed> for every feed (idempotent),
# grants KAFKA_READONLY_USERS read-only ACLs on validated.soccer.* and on consumer groups named after the user,
# then checks that every topic exists. Exit status 1 when a topic is missing at the end.
set -euo pipefail

KAFKA_BOOTSTRAP=${KAFKA_BOOTSTRAP:-kafka:9092}
KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
KAFKA_COMMAND_CONFIG=${KAFKA_COMMAND_CONFIG:-}
SPORTSDB_FEEDS=${SPORTSDB_FEEDS:-live_score live.event.lookup broadcast schedule event event.stats event.timeline event.lineup event.highlights team player venue league}
KAFKA_TOPIC_PARTITIONS=${KAFKA_TOPIC_PARTITIONS:-3}
KAFKA_TOPIC_RETENTION_MS=${KAFKA_TOPIC_RETENTION_MS:-604800000}
KAFKA_READONLY_USERS=${KAFKA_READONLY_USERS:-}
PARALLEL=${KAFKA_PROVISION_PARALLEL:-4}

client_args=(--bootstrap-server "$KAFKA_BOOTSTRAP")
[[ -n $KAFKA_COMMAND_CONFIG ]] && client_args+=(--command-config "$KAFKA_COMMAND_CONFIG")

wanted=()
for feed in $SPORTSDB_FEEDS; do
  for prefix in "" validated. rejected.; do wanted+=("${prefix}soccer.$feed"); done
done
existing=$("$KAFKA_BIN/kafka-topics.sh" "${client_args[@]}" --list)
missing=()
for topic in "${wanted[@]}"; do grep -qxF "$topic" <<<"$existing" || missing+=("$topic"); done
echo "provision: ${#wanted[@]} topics wanted, $((${#wanted[@]} - ${#missing[@]})) exist, ${#missing[@]} to create"

if ((${#missing[@]})); then
  printf '%s\n' "${missing[@]}" | xargs -P "$PARALLEL" -I{} "$KAFKA_BIN/kafka-topics.sh" "${client_args[@]}" \
    --create --if-not-exists --topic {} --partitions "$KAFKA_TOPIC_PARTITIONS" --replication-factor 1 \
    --config "retention.ms=$KAFKA_TOPIC_RETENTION_MS"
fi

for user in ${KAFKA_READONLY_USERS//,/ }; do
  "$KAFKA_BIN/kafka-acls.sh" "${client_args[@]}" --add --allow-principal "User:$user" \
    --operation Read --operation Describe --topic validated.soccer. --resource-pattern-type prefixed >/dev/null
  "$KAFKA_BIN/kafka-acls.sh" "${client_args[@]}" --add --allow-principal "User:$user" \
    --operation Read --operation Describe --group "$user" --resource-pattern-type prefixed >/dev/null
  echo "provision: read-only ACLs for User:$user on validated.soccer.* and groups $user*"
done

existing=$("$KAFKA_BIN/kafka-topics.sh" "${client_args[@]}" --list)
absent=0
for topic in "${wanted[@]}"; do
  grep -qxF "$topic" <<<"$existing" || { echo "provision: ERROR: topic $topic is missing" >&2; absent=$((absent + 1)); }
done
((absent == 0)) || exit 1
echo "provision: all ${#wanted[@]} topics present"
