#!/usr/bin/env bash
# Builds infra/docker/hawtio (the same Maven project hawtio.Dockerfile builds) and starts it on 127.0.0.1 to prove
# the console serves /hawtio/. Prints the start time and RSS; exit status 1 when it does not come up in 60 s.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${HAWTIO_SMOKE_PORT:-18091}
run=$repo/.run/hawtio-smoke
mkdir -p "$run"
(cd "$repo" && ./mvnw -B -q -pl infra/docker/hawtio package)
lib=$repo/infra/docker/hawtio/target
start=$(date +%s%N)
java -Xmx256m -Djava.io.tmpdir="$run" -Dhawtio.authenticationEnabled=false \
  -cp "$lib/lib/*:$lib/hawtio-launcher.jar" org.sportsdb.stack.hawtio.HawtioLauncher "$lib/lib/hawtio-default.war" "$port" 127.0.0.1 \
  >"$run/hawtio.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
deadline=$((SECONDS + 60))
until curl -fsS "http://127.0.0.1:$port/hawtio/" 2>/dev/null | grep -q '<title>Hawtio</title>'; do
  if ((SECONDS > deadline)) || ! kill -0 "$pid" 2>/dev/null; then
    echo "hawtio-smoke: FAILED, Hawtio did not serve /hawtio/ (log: $run/hawtio.log)"; tail -5 "$run/hawtio.log"; exit 1
  fi
  sleep 0.5
done
echo "hawtio-smoke: /hawtio/ served after $((($(date +%s%N) - start) / 1000000)) ms, RSS $(($(ps -o rss= -p "$pid") / 1024)) MiB"
