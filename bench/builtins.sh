#!/usr/bin/env bash
# What the built-ins cost: workload A (GET /api/hello) against bench/app (route
# files, no built-ins) and bench/app-builtins (the same routes with CORS,
# X-Request-Id and the JSON access log on), alternating, in the same run.
#
# The server runs pinned to one CPU with one worker, wrk to the other
# (-t1 -c64); each measurement is on a freshly started server after a warm-up;
# medians of BENCH_RUNS. The access log is written to a file on disk, as a
# real deployment would, and removed afterwards.
#
# Environment (optional): BENCH_DURATION (10), BENCH_WARMUP (3), BENCH_RUNS (3),
# BENCH_SKIP_BUILD=1, BENCH_SERVER_CPU (0), BENCH_CLIENT_CPU (1).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
. "$BENCH_DIR/wrk_common.sh"
command -v wrk >/dev/null || { echo "bench: wrk missing (scripts/install-deps.sh)" >&2; exit 1; }

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  cmake --preset release >/dev/null
  cmake --build build/release --target spur-bench-app spur-bench-builtins-app >&2
fi
declare -A BIN=([plain]="$ROOT/build/release/bench/app/spur-bench-app"
                [builtins]="$ROOT/build/release/bench/app-builtins/spur-bench-builtins-app")
out="$BENCH_DIR/out"
mkdir -p "$out"
log="$(mktemp "$out/builtins-server.XXXXXX")"
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -f "$log"
}
trap cleanup EXIT


declare -A RPS CPU
for run in $(seq "$runs"); do
  for name in plain builtins; do
    taskset -c "$server_cpu" "${BIN[$name]}" --hostname 127.0.0.1 --port 0 --workers 1 >"$log" 2>&1 &
    pid=$!
    port=""
    for _ in $(seq 100); do
      port="$(sed -n 's#.*Local: http://[^ ]*:\([0-9][0-9]*\).*#\1#p' "$log" | head -n1)"
      [[ -n "$port" ]] && break
      sleep 0.1
    done
    [[ -n "$port" ]] || { cat "$log" >&2; exit 1; }
    url="http://127.0.0.1:$port/api/hello"
    # The built-ins must really be on (and off) for the numbers to mean anything.
    headers="$(curl -fsS -D - -o /dev/null -H 'Origin: https://x.example' "$url")"
    if [[ $name == builtins ]]; then
      grep -qi '^x-request-id:' <<<"$headers" && grep -qi '^access-control-allow-origin:' <<<"$headers" ||
        { echo "bench: built-ins not on: $headers" >&2; exit 1; }
    else
      ! grep -qi '^x-request-id:' <<<"$headers" || { echo "bench: plain app has built-ins" >&2; exit 1; }
    fi
    ((warmup > 0)) && taskset -c "$client_cpu" wrk -t1 -c64 -d"${warmup}s" "$url" >/dev/null
    t0="$(cpu_ticks "$pid")"
    result="$(taskset -c "$client_cpu" wrk -t1 -c64 -d"${duration}s" "$url")"
    t1="$(cpu_ticks "$pid")"
    kill -TERM "$pid"; wait "$pid" || true; pid=""
    [[ $name == builtins ]] && { lines=$(grep -c '"requestId"' "$log" || true); ((lines > 0)) || { echo "bench: no access log" >&2; exit 1; }; }
    : >"$log"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$result")"
    reqs="$(awk '/ requests in / { print $1 }' <<<"$result")"
    cpu="$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$reqs" 'BEGIN { printf "%.2f", d / hz * 1e6 / n }')"
    RPS[$name]+="$rps " CPU[$name]+="$cpu "
    echo "bench: run $run $name: $rps req/s, $cpu us CPU/req" >&2
  done
done

{
  echo "| A: GET /api/hello | req/s (median) | CPU µs/req (median) | runs (req/s) |"
  echo "|---|---|---|---|"
  for name in plain builtins; do
    echo "| $name | $(m "${RPS[$name]}") | $(m "${CPU[$name]}") | ${RPS[$name]}|"
  done
  awk -v a="$(m "${RPS[builtins]}")" -v b="$(m "${RPS[plain]}")" -v c="$(m "${CPU[builtins]}")" -v d="$(m "${CPU[plain]}")" \
    'BEGIN { printf "\nbuilt-ins / plain: %.2f× req/s, %.2f× CPU per request (+%.2f µs)\n", a / b, c / d, c - d }'
} | tee "$out/builtins.md"
