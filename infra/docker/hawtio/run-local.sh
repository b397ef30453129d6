#!/usr/bin/env bash
# `./stack hawtio`: Hawtio 4 (the same launcher the console image runs: hawtio-default war in Jetty 12),
# started here on loopback and preconfigured to connect to the running application's Jolokia.
# Prints "hawtio: ready at URL" once Hawtio serves; Ctrl-C stops it.
#
#   HAWTIO_PORT (8091)            port Hawtio listens on
#   HAWTIO_BIND (127.0.0.1)       address Hawtio listens on
#   APP_JOLOKIA_URL               the application's Jolokia; default
#                                 http://127.0.0.1:${CAMEL_MANAGEMENT_PORT:-9876}/observe/jolokia
#   HAWTIO_AUTHENTICATION_ENABLED (false) Hawtio's own login (off: it only listens on loopback)
#   HAWTIO_HEAP (256m)            Hawtio's JVM heap
#   STACK_RUN_DIR (.run)          Hawtio's temp files and log go to $STACK_RUN_DIR/hawtio
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
port=${HAWTIO_PORT:-8091}
bind=${HAWTIO_BIND:-127.0.0.1}
jolokia=${APP_JOLOKIA_URL:-http://127.0.0.1:${CAMEL_MANAGEMENT_PORT:-9876}/observe/jolokia}
run=${STACK_RUN_DIR:-$repo/.run}/hawtio
mkdir -p "$run"

jar=$here/target/hawtio-launcher.jar
if [[ ! -f "$jar" || -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -print -quit)" ]]; then
  echo "hawtio: building the launcher (infra/docker/hawtio)" >&2
  (cd "$repo" && ./mvnw -B -q -pl infra/docker/hawtio package)
fi

app_host=$(sed -E 's#^[a-z]+://([^/@]*@)?([^/:]+).*#\2#' <<<"$jolokia")
# what this script prints of the URL: a user and password in it are shown as ***
shown=$(sed -E 's#^([a-z]+://)[^/@]*@#\1***@#' <<<"$jolokia")
case "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -d '{"type":"version"}' "$jolokia" || true)" in
  200) echo "hawtio: the application's Jolokia answers at $shown" >&2 ;;
  401) echo "hawtio: $shown asks for credentials: Hawtio will prompt for JOLOKIA_USER / JOLOKIA_PASSWORD" >&2 ;;
  *) echo "hawtio: warning: nothing answers at $shown yet (start the application: ./stack demo)" >&2 ;;
esac

java -Xmx"${HAWTIO_HEAP:-256m}" -Djava.io.tmpdir="$run" \
  -Dhawtio.authenticationEnabled="${HAWTIO_AUTHENTICATION_ENABLED:-false}" \
  -Dhawtio.proxyAllowlist="localhost,127.0.0.1,$app_host" \
  -Dhawtio.launcher.jolokiaUrl="$jolokia" \
  -cp "$here/target/lib/*:$jar" org.sportsdb.stack.hawtio.HawtioLauncher "$here/target/lib/hawtio-default.war" "$port" "$bind" \
  >"$run/hawtio.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
deadline=$((SECONDS + 90))
until curl -fsS "http://$bind:$port/hawtio/" 2>/dev/null | grep -q '<title>Hawtio</title>'; do
  if ((SECONDS > deadline)) || ! kill -0 "$pid" 2>/dev/null; then
    echo "hawtio: did not start (log: $run/hawtio.log)" >&2; tail -5 "$run/hawtio.log" >&2; exit 1
  fi
  sleep 0.3
done
echo "hawtio: ready at http://$bind:$port/connect/ (Camel routes of $shown; plain Hawtio: http://$bind:$port/hawtio/)"
wait "$pid"
