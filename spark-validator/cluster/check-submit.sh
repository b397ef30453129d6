#!/usr/bin/env bash
# The validator the cluster way, for real and without Docker: a Spark standalone master and worker (each its own
# JVM, started from the module's Spark jars laid out as a Spark distribution, without the Kafka connector, like
# the apache/spark image), the module's shaded jar (target/spark-validator-<v>-shaded.jar, what
# infra/docker/validator.Dockerfile ships), and spark-submit in client mode as infra/docker/validator-submit.sh does it; executors run in the
# worker's JVMs. ClusterSubmitCheck loads generated records into a KRaft broker and checks that the validated.* and
# rejected.* topics then hold exactly what was generated.
#
#   bash spark-validator/cluster/check-submit.sh          (from the repository root)
#
# CLUSTER_CHECK_RECORDS (default 20000). CLUSTER_CHECK_BUILD=0 uses the build as it is (./stack test: its Maven
# suite just built it). CLUSTER_CHECK_JAR submits another jar (e.g. one taken out of the
# validator image) instead of the freshly built one. CLUSTER_CHECK_KEEP=1 keeps the work folder (logs of the master,
# the worker and the executors). Last line "1 passed, 0 failed" or "0 passed, 1 failed".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RECORDS="${CLUSTER_CHECK_RECORDS:-20000}"
JAVA="${JAVA:-java}"
log() { printf '[cluster-check] %s\n' "$*" >&2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/spark-cluster.XXXXXX")"
MASTER_PID="" WORKER_PID="" RESULT=1
finish() {
  local pid
  for pid in $WORKER_PID $MASTER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $WORKER_PID $MASTER_PID; do
    wait "$pid" 2>/dev/null || true
  done
  [[ "${CLUSTER_CHECK_KEEP:-}" == 1 ]] && log "kept $WORK" || rm -rf "$WORK"
  ((RESULT == 0)) && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
}
trap finish EXIT

if [[ "${CLUSTER_CHECK_BUILD:-1}" == 1 ]]; then
  log "building the validator: its shaded jar and the check"
  ./mvnw -B -q -ntp -pl spark-validator -am -DskipTests package
fi
JAR="${CLUSTER_CHECK_JAR:-$(find spark-validator/target -maxdepth 1 -name 'spark-validator-*-shaded.jar' | head -1)}"
[[ -n "$JAR" ]] || { log "no shaded jar under spark-validator/target"; exit 1; }
[[ -s spark-validator/target/classpath.txt && -d spark-validator/target/test-classes ]] ||
  { log "the validator is not built (run without CLUSTER_CHECK_BUILD=0)"; exit 1; }

# a Spark distribution layout: RELEASE + jars/ = Spark's own jars (no Kafka connector: the shaded jar brings it)
SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars" "$WORK/worker"
echo "Spark (jars of spark-validator's class path, for the cluster check)" > "$SPARK_HOME/RELEASE"
tr ':' '\n' < spark-validator/target/classpath.txt | while read -r jar; do
  case "$jar" in "$ROOT"/*) continue ;; esac  # this reactor's own modules (common, test-support): not Spark's
  case "$(basename "$jar")" in
    kafka*|spark-sql-kafka*|spark-token-provider-kafka*|commons-pool2*) ;;
    *) ln -s "$jar" "$SPARK_HOME/jars/" ;;
  esac
done
export SPARK_HOME SPARK_SCALA_VERSION=2.13
FLAGS=()
while read -r f; do [[ -n "$f" ]] && FLAGS+=("$f"); done < spark-validator/jvm-flags.txt

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {  # log file, pattern, pid, what: up to 300 s (a loaded machine starts JVMs slowly)
  local i
  for i in $(seq 1 1500); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { tail -20 "$1" >&2; log "$4 exited"; return 1; }
    sleep 0.2
  done
  tail -20 "$1" >&2; log "$4 not ready after 300 s"; return 1
}

PORT=$(free_port)
"$JAVA" -Xmx256m "${FLAGS[@]}" -Dspark.master.rest.enabled=false -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 > "$WORK/master.log" 2>&1 &
MASTER_PID=$!
wait_for "$WORK/master.log" "I have been elected leader" "$MASTER_PID" "the Spark master"
log "master spark://127.0.0.1:$PORT"
SPARK_WORKER_DIR="$WORK/worker" "$JAVA" -Xmx256m "${FLAGS[@]}" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1g --webui-port 0 \
  "spark://127.0.0.1:$PORT" > "$WORK/worker.log" 2>&1 &
WORKER_PID=$!
wait_for "$WORK/worker.log" "Successfully registered with master" "$WORKER_PID" "the Spark worker"
log "worker registered (1 core, 1 GiB)"

if "$JAVA" -Xmx1g "${FLAGS[@]}" -Djava.io.tmpdir="$WORK" -Dlog4j2.configurationFile=spark-validator/log4j2.properties \
    -cp "spark-validator/target/test-classes:spark-validator/target/classes:$(cat spark-validator/target/classpath.txt)" \
    org.sportsdb.stack.validator.cluster.ClusterSubmitCheck "spark://127.0.0.1:$PORT" "$JAR" "$SPARK_HOME" "$WORK/check" "$RECORDS"; then
  executors=$(grep -c "Launch command" "$WORK/worker.log" || true)
  tasks=$(cat "$WORK"/worker/*/*/stderr 2>/dev/null | grep -c "Finished task" || true)
  log "the worker launched $executors executor(s); they finished $tasks tasks"
  ((tasks > 0)) && RESULT=0 || log "no task ran on the worker's executors"
fi
