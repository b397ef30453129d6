#!/usr/bin/env bash
# The Maven build stage of each image built from the repository root (infra/docker/app.Dockerfile,
# validator.Dockerfile), run without a Docker engine: a folder gets exactly the files the stage's COPY lines take
# (without what the image's .dockerignore leaves out of the context: target/, .run/), then the stage's RUN commands run
# in it, offline, on this machine's Maven repository. A module the reactor needs and the stage does not copy fails here
# as it would in `docker compose build`. Needs a Maven repository that holds the build's dependencies (./stack test's
# build step fills it). Prints one line per image and "N passed, N failed"; exit status 1 when any failed.
#   Knobs: BUILD_STAGES_OUT (the work folders and logs, default .run/build-stages)
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${BUILD_STAGES_OUT:-$repo/.run/build-stages}
passed=0 failed=0

first_stage() {  # dockerfile: its first stage (up to the second FROM), continuation lines joined
  awk '/^FROM /{n++} n==1' "$1" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta'
}

copy_into() {  # stage text, work folder: every COPY from the build context (no --from), as Docker copies it
  local line src dest args
  while read -r line; do
    read -r -a args <<<"${line#COPY }"
    args=("${args[@]/#--*/}")  # flags (--chown=...) dropped
    args=($(printf '%s\n' "${args[@]}" | sed '/^$/d'))
    dest=${args[-1]}
    for src in "${args[@]:0:${#args[@]}-1}"; do
      [[ -e "$repo/$src" ]] || { echo "COPY $src: not in the repository"; return 1; }
      if [[ "$dest" == */ || "$dest" == . ]]; then
        mkdir -p "$2/$dest" && cp -r "$repo/$src" "$2/$dest"
      else
        mkdir -p "$(dirname "$2/$dest")" && cp -r "$repo/$src" "$2/$dest"
      fi
    done
  done < <(grep -E '^COPY ' <<<"$1" | grep -v -- '--from=')
  find "$2" \( -name target -o -name .run \) -type d -prune -exec rm -rf {} +
}

for dockerfile in "$repo"/infra/docker/app.Dockerfile "$repo"/infra/docker/validator.Dockerfile; do
  name=$(basename "$dockerfile" .Dockerfile)
  work="$out/$name/src" log="$out/$name.log" start=$SECONDS
  rm -rf "$out/$name"; mkdir -p "$work"
  stage=$(first_stage "$dockerfile")
  workdir=$(grep -E '^WORKDIR ' <<<"$stage" | tail -n 1 | cut -d' ' -f2)  # the stage's absolute paths: in the folder
  if copy_into "$stage" "$work" >"$log" 2>&1 \
      && (cd "$work" && while read -r cmd; do
            cmd=$(sed -E 's/--mount=[^ ]+ //g' <<<"${cmd#RUN }")
            [[ -n "$workdir" ]] && cmd=${cmd//"$workdir"\//"$work"\/}
            MAVEN_ARGS="-o" bash -c "$cmd" || exit 1
          done < <(grep -E '^RUN ' <<<"$stage")) >>"$log" 2>&1; then
    passed=$((passed + 1)); echo "ok   - $name image: its build stage builds from what it copies ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); echo "FAIL - $name image: its build stage fails on what it copies (log: $log)"; tail -15 "$log"
  fi
done
echo "$passed passed, $failed failed"
((failed == 0))
