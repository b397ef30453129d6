#!/usr/bin/env bash
# Submits the validator to the standalone Spark cluster in client mode: this container is the driver, reachable by
# the executors at SPARK_DRIVER_HOST:SPARK_DRIVER_PORT/SPARK_BLOCKMANAGER_PORT. The job reads its VALIDATOR_* and
# KAFKA_* knobs from the environment.
set -euo pipefail
: "${SPARK_MASTER:?SPARK_MASTER is required, e.g. spark://spark-master:7077}"
: "${SPARK_DRIVER_HOST:?SPARK_DRIVER_HOST is required (the host name of this container)}"
exec /opt/spark/bin/spark-submit \
  --master "$SPARK_MASTER" \
  --deploy-mode client \
  --name "${VALIDATOR_QUERY_NAME:-soccer-validator}" \
  --class org.sportsdb.stack.validator.ValidatorJob \
  --driver-memory "${SPARK_DRIVER_MEMORY:-512m}" \
  --executor-memory "${SPARK_EXECUTOR_MEMORY:-768m}" \
  --conf spark.driver.host="$SPARK_DRIVER_HOST" \
  --conf spark.driver.bindAddress=0.0.0.0 \
  --conf spark.driver.port="${SPARK_DRIVER_PORT:-7078}" \
  --conf spark.blockManager.port="${SPARK_BLOCKMANAGER_PORT:-7079}" \
  --conf spark.ui.enabled=false \
  /opt/validator/spark-validator.jar "$@"
