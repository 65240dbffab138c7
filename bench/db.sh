#!/usr/bin/env bash
# TechEmpower-style database workloads on SQLite: bench/app-db (route files
# through spur::db) against Node.js with better-sqlite3
# (bench/reference/db/node-db-server.js) doing the same work, in one run:
#   /db, /queries?queries=20, /fortunes, /updates?queries=20
# Each server gets its own copy of one freshly migrated database (10,000
# worlds, 12 fortunes). The server runs pinned to one CPU with one worker (all
# of Spur's threads, the database's included, share that CPU; Node is one
# thread), wrk to the other (-t1 -c64); each measurement is on a freshly
# started server after a warm-up; medians of BENCH_RUNS.
#
# Environment (optional): BENCH_DURATION (10), BENCH_WARMUP (3), BENCH_RUNS (3),
# BENCH_SKIP_BUILD=1, BENCH_SERVER_CPU (0), BENCH_CLIENT_CPU (1).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
. "$BENCH_DIR/wrk_common.sh"
for c in wrk node npm curl; do
  command -v "$c" >/dev/null || { echo "bench: $c missing (scripts/install-deps.sh)" >&2; exit 1; }
done

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  cmake --preset release >/dev/null
  cmake --build build/release --target spur spur-bench-db-app >&2
fi
node_dir="$BENCH_DIR/reference/db"
if [[ ! -d "$node_dir/node_modules/better-sqlite3" ]]; then
  # better-sqlite3 compiles its SQLite when no prebuilt binary can be fetched;
  # the headers are those of the installed Node.
  echo "bench: npm install (better-sqlite3) in $node_dir" >&2
  (cd "$node_dir" && npm_config_nodedir=/usr npm ci --no-audit --no-fund >&2)
fi

out="$BENCH_DIR/out"
mkdir -p "$out"
work="$(mktemp -d "$out/db.XXXXXX")"
log="$work/server.log"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

DATABASE_URL="file:$work/spur.db" build/release/src/spur db migrate bench/app-db >/dev/null
# A consistent copy, whatever is still in the write-ahead log.
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' \
  "$work/spur.db" "$work/node.db"

start() {  # start NAME: a fresh server on a free port, its port in $port
  if [[ $1 == spur ]]; then
    DATABASE_URL="file:$work/spur.db" taskset -c "$server_cpu" \
      build/release/bench/app-db/spur-bench-db-app --hostname 127.0.0.1 --port 0 --workers 1 >"$log" 2>&1 &
  else
    DB_FILE="$work/node.db" taskset -c "$server_cpu" node "$node_dir/node-db-server.js" --port 0 >"$log" 2>&1 &
  fi
  pid=$!
  port=""
  for _ in $(seq 100); do
    port="$(sed -n 's#.*\(Local: \|listening on \)http://[^ ]*:\([0-9][0-9]*\).*#\2#p' "$log" | head -n1)"
    [[ -n "$port" ]] && return 0
    sleep 0.1
  done
  cat "$log" >&2; exit 1
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

# The same answers from both, before any load.
check() {
  local base="http://127.0.0.1:$port" body
  body="$(curl -fsS "$base/db")"
  [[ $body =~ ^\{\"id\":[0-9]+,\"randomNumber\":[0-9]+\}$ ]] || { echo "bench: $1 /db: $body" >&2; exit 1; }
  body="$(curl -fsS "$base/queries?queries=20")"
  [[ $(grep -o '"randomNumber"' <<<"$body" | wc -l) == 20 ]] || { echo "bench: $1 /queries: $body" >&2; exit 1; }
  body="$(curl -fsS "$base/updates?queries=20")"
  [[ $(grep -o '"randomNumber"' <<<"$body" | wc -l) == 20 ]] || { echo "bench: $1 /updates: $body" >&2; exit 1; }
  body="$(curl -fsS "$base/fortunes")"
  grep -q '<td>11</td><td>&lt;script&gt;alert(&quot;This' <<<"$body" && grep -q 'Additional fortune' <<<"$body" &&
    grep -q 'フレームワーク' <<<"$body" || { echo "bench: $1 /fortunes: $body" >&2; exit 1; }
  echo "$body" | md5sum >"$work/fortunes.$1"
}


endpoints=("/db" "/queries?queries=20" "/fortunes" "/updates?queries=20")
declare -A RPS CPU
for name in spur node; do start "$name"; check "$name"; stop; done
cmp -s "$work/fortunes.spur" "$work/fortunes.node" || { echo "bench: the fortunes pages differ" >&2; exit 1; }
for run in $(seq "$runs"); do
  for e in "${endpoints[@]}"; do
    for name in spur node; do
      start "$name"
      measure "http://127.0.0.1:$port$e"
      stop
      RPS["$name $e"]+="$rps " CPU["$name $e"]+="$cpu "
      echo "bench: run $run $name $e: $rps req/s, $cpu us CPU/req" >&2
    done
  done
done

{
  echo "| workload | spur req/s | node req/s | spur/node | spur CPU µs/req | node CPU µs/req | target ≥ 3× |"
  echo "|---|---|---|---|---|---|---|"
  for e in "${endpoints[@]}"; do
    s="$(m "${RPS["spur $e"]}")" n="$(m "${RPS["node $e"]}")"
    awk -v e="$e" -v s="$s" -v n="$n" -v sc="$(m "${CPU["spur $e"]}")" -v nc="$(m "${CPU["node $e"]}")" \
      'BEGIN { r = s / n; printf "| `%s` | %.0f | %.0f | %.2f× | %s | %s | %s |\n", e, s, n, r, sc, nc, (r >= 3 ? "PASS" : "MISS") }'
  done
  echo
  echo "Medians of $runs runs (${duration} s each after ${warmup} s of warm-up), $(nproc) CPUs, $(date -u +%F)."
  echo "SQLite: Spur $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)') (Debian's), better-sqlite3 bundles its own; node $(node --version)."
} | tee "$out/db.md"
