#!/usr/bin/env bash
# One-shot ACL provisioning of the broker (compose service kafka-acls; also usable against any broker):
# grants every user of KAFKA_READONLY_USERS read-only ACLs on validated.soccer.* and on the consumer groups
# named after the user (prefix), then lists them. Idempotent. The topics are not made here: the application
# creates them from its own spec (compose service kafka-init runs `App --topics`).
set -euo pipefail

KAFKA_BOOTSTRAP=${KAFKA_BOOTSTRAP:-kafka:9092}
KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
KAFKA_COMMAND_CONFIG=${KAFKA_COMMAND_CONFIG:-}
KAFKA_READONLY_USERS=${KAFKA_READONLY_USERS:-}

client_args=(--bootstrap-server "$KAFKA_BOOTSTRAP")
[[ -n $KAFKA_COMMAND_CONFIG ]] && client_args+=(--command-config "$KAFKA_COMMAND_CONFIG")

users=(${KAFKA_READONLY_USERS//,/ })
if ((${#users[@]} == 0)); then
  echo "acls: KAFKA_READONLY_USERS is empty: no read-only users"
  exit 0
fi
for user in "${users[@]}"; do
  [[ $user =~ ^[A-Za-z0-9._-]+$ ]] || { echo "acls: ERROR: '$user' is not a user name ([A-Za-z0-9._-])" >&2; exit 1; }
  "$KAFKA_BIN/kafka-acls.sh" "${client_args[@]}" --add --allow-principal "User:$user" \
    --operation Read --operation Describe --topic validated.soccer. --resource-pattern-type prefixed >/dev/null
  "$KAFKA_BIN/kafka-acls.sh" "${client_args[@]}" --add --allow-principal "User:$user" \
    --operation Read --operation Describe --group "$user" --resource-pattern-type prefixed >/dev/null
  granted=$("$KAFKA_BIN/kafka-acls.sh" "${client_args[@]}" --list --principal "User:$user" | grep -c "operation=" || true)
  ((granted >= 4)) || { echo "acls: ERROR: User:$user has $granted ACLs after granting 4" >&2; exit 1; }
  echo "acls: User:$user may read validated.soccer.* with consumer groups $user* ($granted ACLs)"
done
