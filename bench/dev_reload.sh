#!/usr/bin/env bash
# `spur dev` speed: cold start, then edit → first changed response.
#
# Starts `spur dev` on a copy of examples/seeds, makes a one-line edit to the
# hello route (pages/api/hello.cpp) and to the posts [id] route
# (app/api/v2/posts/[id]/route.cpp), BENCH_EDITS times each, and times each
# edit from the file write to the first response carrying the change. The
# compile and link time of each rebuild (Ninja's log) and the load-and-swap
# time (the gap after the build) are reported beside it, so a missed target
# says what dominates.
#
# Environment (all optional):
#   BENCH_EDITS        edits per route                 (default 5)
#   BENCH_SKIP_BUILD   set to 1 to use the existing build/release `spur`
#
# Output: a table on stdout and the same as markdown in bench/out/dev.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"

edits="${BENCH_EDITS:-5}"
[[ "$edits" =~ ^[1-9][0-9]*$ ]] || { echo "bench: BENCH_EDITS must be a positive integer" >&2; exit 1; }

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target spur_sdk >&2
fi
spur="$ROOT/build/release/src/spur"
[ -x "$spur" ] || { echo "bench: $spur not built" >&2; exit 1; }

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A real copy (the example links some files), without its tests.
cp -rL examples/seeds "$work/app"
rm -rf "$work/app/tests" "$work/app/.spur"
cd "$work/app"

now_ms() { date +%s%3N; }

start=$(now_ms)
"$spur" dev --port 0 >dev.log 2>&1 &
pid=$!
for _ in $(seq 2400); do
  grep -q 'Ready in' dev.log && break
  kill -0 "$pid" 2>/dev/null || { cat dev.log >&2; echo "bench: spur dev exited" >&2; exit 1; }
  sleep 0.05
done
port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' dev.log | head -1)
[ -n "$port" ] || { cat dev.log >&2; exit 1; }
until curl -sf "localhost:$port/api/hello" >/dev/null; do sleep 0.01; done
cold=$(($(now_ms) - start))

# Waits until URL's body contains WANT; prints the milliseconds since T0.
wait_for() {
  local url=$1 want=$2 t0=$3
  for _ in $(seq 30000); do
    if curl -s "localhost:$port$url" | grep -qF -- "$want"; then
      echo $(($(now_ms) - t0))
      return
    fi
    sleep 0.005
  done
  echo "bench: $url never showed '$want'" >&2
  tail -20 dev.log >&2
  exit 1
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# The last "Compiled in Nms" line of dev.log.
last_build() { grep -o 'Compiled in [0-9]*ms' dev.log | tail -1 | grep -o '[0-9]*'; }

declare -A total build
run_edits() {
  local name=$1 file=$2 from=$3 url=$4
  local current=$from
  for i in $(seq "$edits"); do
    local next="${from} ${name}-edit-$i"
    sleep 0.3 # let the previous reload settle
    local t0
    t0=$(now_ms)
    sed -i "s/${current}/${next}/" "$file"
    total[$name]+="$(wait_for "$url" "$next" "$t0") "
    build[$name]+="$(last_build) "
    current=$next
  done
}

run_edits hello pages/api/hello.cpp 'Hello from Next.js!' /api/hello
# The posts store starts empty: create one post to read back.
curl -sf -X POST "localhost:$port/api/v2/posts" -H 'content-type: application/json' \
  -d '{"title":"t","content":"c"}' >/dev/null
run_edits posts 'app/api/v2/posts/[id]/route.cpp' 'Post not found' /api/v2/posts/no-such-post

kill -TERM "$pid"
wait "$pid" || true
pid=""

mkdir -p "$ROOT/bench/out"
{
  echo "| | median | all (ms) | of which build (median) |"
  echo "|---|---|---|---|"
  echo "| cold start (\`spur dev\` → first response) | ${cold} ms | | |"
  for name in hello posts; do
    m=$(tr ' ' '\n' <<<"${total[$name]}" | grep . | median)
    b=$(tr ' ' '\n' <<<"${build[$name]}" | grep . | median)
    echo "| edit → changed response: $name | ${m} ms | ${total[$name]% } | ${b} ms |"
  done
} | tee "$ROOT/bench/out/dev.md"
