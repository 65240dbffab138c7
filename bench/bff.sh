#!/usr/bin/env bash
# Backend for frontend: examples/bff's GET /api/dashboard/[id] (two fetches
# at once per request, joined) against the same route in Node.js with its
# built-in fetch (bench/reference/bff/node-bff-server.js) and in Next.js as an
# App Router route handler (bench/reference/bff-next, `next start`), all
# calling one upstream, bench/app-upstream (Spur, two workers). The BFF server
# runs pinned to one CPU with one worker; wrk and the upstream share the other
# (-t1 -c64); each measurement is on a freshly started server after a warm-up;
# medians of BENCH_RUNS. Prints req/s and the BFF server's CPU per request.
# The Next.js app is installed (npm ci) and built (next build) on first use,
# and built again when its sources are newer than its build.
#
# Environment (optional): BENCH_DURATION (10), BENCH_WARMUP (3), BENCH_RUNS (3),
# BENCH_SKIP_BUILD=1, BENCH_SERVER_CPU (0), BENCH_CLIENT_CPU (1),
# BENCH_SKIP_NEXT=1 (no Next.js column).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
. "$BENCH_DIR/wrk_common.sh"
servers=(spur node)
[[ "${BENCH_SKIP_NEXT:-0}" == 1 ]] || servers+=(next)
for c in wrk node curl $([[ " ${servers[*]} " == *" next "* ]] && echo npm); do
  command -v "$c" >/dev/null || { echo "bench: $c missing (scripts/install-deps.sh)" >&2; exit 1; }
done
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  cmake --preset release >/dev/null
  cmake --build build/release --target spur-bff spur-bench-upstream >&2
fi
next_dir="$BENCH_DIR/reference/bff-next"
export NEXT_TELEMETRY_DISABLED=1
if [[ " ${servers[*]} " == *" next "* ]]; then
  # npm's record of what it installed is older than the lock file when the
  # pinned versions change.
  if [[ ! -x "$next_dir/node_modules/.bin/next" ||
        "$next_dir/package-lock.json" -nt "$next_dir/node_modules/.package-lock.json" ]]; then
    echo "bench: npm ci (next) in $next_dir" >&2
    (cd "$next_dir" && npm ci --no-audit --no-fund >&2)
  fi
  if [[ ! -f "$next_dir/.next/BUILD_ID" ||
        -n "$(find "$next_dir/app" "$next_dir/next.config.mjs" "$next_dir/package-lock.json" \
                -newer "$next_dir/.next/BUILD_ID" -print -quit)" ]]; then
    echo "bench: next build in $next_dir" >&2
    (cd "$next_dir" && node_modules/.bin/next build >&2)
  fi
fi

out="$BENCH_DIR/out"
mkdir -p "$out"
work="$(mktemp -d "$out/bff.XXXXXX")"
pid="" upstream_pid=""
# PID $1 and its descendants: nothing a server forks may outlive the benchmark.
tree_of() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1" || true); do tree_of "$c"; done; }
# halt PID: SIGTERM to it and its descendants, then wait until all are gone.
halt() {
  local all
  all="$(tree_of "$1")"
  kill -TERM $all 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 $all 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL $all 2>/dev/null || true
}
cleanup() {
  for p in "$pid" "$upstream_pid"; do
    if [[ -n "$p" ]]; then halt "$p"; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

port_of() {  # port_of LOG: the port a server printed, waiting for it
  local p
  for _ in $(seq 100); do
    p="$(sed -n 's#.*\(Local: *\|listening on \)http://[^ ]*:\([0-9][0-9]*\).*#\2#p' "$1" | head -n1)"
    [[ -n "$p" ]] && { echo "$p"; return 0; }
    sleep 0.1
  done
  cat "$1" >&2; exit 1
}

taskset -c "$client_cpu" build/release/bench/app-upstream/spur-bench-upstream \
  --hostname 127.0.0.1 --port 0 --workers 2 >"$work/upstream.log" 2>&1 &
upstream_pid=$!
upstream="http://127.0.0.1:$(port_of "$work/upstream.log")"
export USERS_API="$upstream" ORDERS_API="$upstream"

start() {  # start NAME: a fresh BFF server on a free port, its port in $port
  if [[ $1 == spur ]]; then
    taskset -c "$server_cpu" build/release/examples/bff/spur-bff --hostname 127.0.0.1 --port 0 \
      --workers 1 >"$work/server.log" 2>&1 &
  elif [[ $1 == node ]]; then
    taskset -c "$server_cpu" node "$BENCH_DIR/reference/bff/node-bff-server.js" --port 0 \
      >"$work/server.log" 2>&1 &
  else
    # next start serves in its own process (its CPU is all in $pid) and
    # prints the port the kernel chose for -p 0 ("- Local: http://...").
    taskset -c "$server_cpu" "$next_dir/node_modules/.bin/next" start "$next_dir" \
      -p 0 -H 127.0.0.1 >"$work/server.log" 2>&1 &
  fi
  pid=$!
  port="$(port_of "$work/server.log")"
}
stop() { halt "$pid"; pid=""; }

expected='{"user":{"id":7,"name":"User 7"},"orders":[{"id":1,"user":7,"total":4.25E1},{"id":2,"user":7,"total":7.25E0}]}'
# Each request waits for two others: allow it more than wrk's default 2 s.
wrk_timeout=10s
declare -A RPS CPU
for name in "${servers[@]}"; do
  start "$name"
  body="$(curl -fsS "http://127.0.0.1:$port/api/dashboard/7")"
  python3 -c 'import json, sys; a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2]); sys.exit(a != b)' \
    "$body" "$expected" || { echo "bench: $name answered $body" >&2; exit 1; }
  stop
done
for run in $(seq "$runs"); do
  for name in "${servers[@]}"; do
    start "$name"
    measure "http://127.0.0.1:$port/api/dashboard/7"
    stop
    RPS[$name]+="$rps " CPU[$name]+="$cpu "
    echo "bench: run $run $name: $rps req/s, $cpu us CPU/req" >&2
  done
done

{
  echo "| server | req/s | BFF CPU µs/req |"
  echo "|---|---|---|"
  for name in "${servers[@]}"; do
    echo "| $name | $(m "${RPS[$name]}") | $(m "${CPU[$name]}") |"
  done
  echo
  awk -v s="$(m "${RPS[spur]}")" -v n="$(m "${RPS[node]}")" -v sc="$(m "${CPU[spur]}")" -v nc="$(m "${CPU[node]}")" \
    'BEGIN { printf "spur/node: %.2f× req/s, %.2f× less CPU per request (target ≥ 5× req/s per core)\n", s / n, nc / sc }'
  versions="node $(node --version)"
  if [[ -n "${RPS[next]:-}" ]]; then
    awk -v s="$(m "${RPS[spur]}")" -v n="$(m "${RPS[next]}")" -v sc="$(m "${CPU[spur]}")" -v nc="$(m "${CPU[next]}")" \
      'BEGIN { printf "spur/next: %.2f× req/s, %.2f× less CPU per request\n", s / n, nc / sc }'
    versions+=", next $(node -p 'require(process.argv[1]).version' "$next_dir/node_modules/next/package.json")"
  fi
  echo "Medians of $runs runs (${duration} s each after ${warmup} s of warm-up), $(nproc) CPUs, $(date -u +%F); $versions."
  echo "Each request makes two upstream calls; the upstream shares the client's CPU."
} | tee "$out/bff.md"
