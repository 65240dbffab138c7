#!/usr/bin/env bash
# HTTP benchmark: Spur (examples/engine, one worker) against a plain Node.js
# `http` server, on three workloads:
#   A  GET  /api/hello
#   B  GET  /api/users/123
#   C  POST /api/echo   (~1 KB JSON body from bench/payload.json)
#
# The server runs pinned to one CPU, wrk to another; every measurement is made
# on a freshly started server after a warm-up, repeated BENCH_RUNS times, and
# the medians are reported. See bench/README.md for what each number means.
#
# Environment (all optional):
#   BENCH_DURATION     seconds of each measured wrk run        (default 10)
#   BENCH_WARMUP       seconds of wrk warm-up before each run  (default 3; 0 = none)
#   BENCH_CONNECTIONS  wrk connections                         (default 64)
#   BENCH_RUNS         measurements per (server, workload)     (default 3)
#   BENCH_SERVER_CPU   CPU the server is pinned to             (default 0)
#   BENCH_CLIENT_CPU   CPU wrk is pinned to                    (default 1)
#   BENCH_BUILD_JOBS   parallel jobs for the build step        (default 1)
#   BENCH_SKIP_BUILD   set to 1 to use the existing build/release binary
#   BENCH_BASELINE     another release build folder (e.g. of an older commit:
#                      git worktree add ../before OLD && build it there); its
#                      engine and route-file servers run in the same session,
#                      as spur-before and routes-before, with before/after
#                      ratios in the report
#   BENCH_SERVERS      which servers, e.g. "routes routes-before" (default:
#                      spur routes node, plus the baseline's two when set)
#
# Output: a table on stdout and the same as markdown in bench/out/latest.md;
# raw wrk output and server logs in bench/out/raw/. Targets that are missed are
# reported as MISS; they never make the script fail.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"

duration="${BENCH_DURATION:-10}"; duration="${duration%s}"
warmup="${BENCH_WARMUP:-3}"; warmup="${warmup%s}"
connections="${BENCH_CONNECTIONS:-64}"
runs="${BENCH_RUNS:-3}"
server_cpu="${BENCH_SERVER_CPU:-0}"
client_cpu="${BENCH_CLIENT_CPU:-1}"
build_jobs="${BENCH_BUILD_JOBS:-1}"

die() { echo "bench: error: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

for v in duration warmup connections runs server_cpu client_cpu build_jobs; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((duration >= 1)) || die "BENCH_DURATION must be at least 1 second"
((connections >= 1)) || die "BENCH_CONNECTIONS must be at least 1"
((runs >= 1)) || die "BENCH_RUNS must be at least 1"

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------
need() {  # need COMMAND PACKAGE [HINT]
  command -v "$1" >/dev/null 2>&1 ||
    die "'$1' not found; install the Debian package '$2' (apt-get install $2${3:+, or run $3})"
}
need wrk wrk scripts/install-deps.sh
need node nodejs scripts/install-deps.sh
need curl curl scripts/install-deps.sh
need cmake cmake scripts/install-deps.sh
need taskset util-linux
need timeout coreutils
need getconf libc-bin

cpus_allowed="$(taskset -pc $$ | sed 's/.*: *//')"
cpu_ok() {  # is CPU $1 in our affinity list (e.g. "0-3,6")?
  local part lo hi
  IFS=',' read -ra parts <<<"$cpus_allowed"
  for part in "${parts[@]}"; do
    lo="${part%-*}"; hi="${part#*-}"
    ((lo <= $1 && $1 <= hi)) && return 0
  done
  return 1
}
cpu_ok "$server_cpu" || die "CPU $server_cpu (BENCH_SERVER_CPU) is not available (allowed: $cpus_allowed)"
cpu_ok "$client_cpu" || die "CPU $client_cpu (BENCH_CLIENT_CPU) is not available (allowed: $cpus_allowed)"
[[ "$server_cpu" != "$client_cpu" ]] ||
  log "warning: server and client share CPU $server_cpu; numbers will be pessimistic"

clk_tck="$(getconf CLK_TCK)"

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
SPUR_BIN="$ROOT/build/release/examples/engine/spur-engine-example"
ROUTES_BIN="$ROOT/build/release/bench/app/spur-bench-app"
NODE_JS="$BENCH_DIR/reference/node-server.js"
BASELINE="${BENCH_BASELINE:-}"
if [[ -n "$BASELINE" ]]; then
  SPUR_BEFORE_BIN="$BASELINE/examples/engine/spur-engine-example"
  ROUTES_BEFORE_BIN="$BASELINE/bench/app/spur-bench-app"
  [[ -x "$SPUR_BEFORE_BIN" && -x "$ROUTES_BEFORE_BIN" ]] ||
    die "BENCH_BASELINE=$BASELINE has no built spur-engine-example and spur-bench-app"
fi
PAYLOAD="$BENCH_DIR/payload.json"
POST_LUA="$BENCH_DIR/post.lua"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  log "building the release preset (spur-engine-example, spur-bench-app, -j$build_jobs)"
  cmake --preset release >/dev/null
  cmake --build build/release --target spur-engine-example spur-bench-app --parallel "$build_jobs"
fi
[[ -x "$ROUTES_BIN" ]] || die "$ROUTES_BIN missing; build it with: cmake --preset release && cmake --build build/release"
[[ -x "$SPUR_BIN" ]] || die "$SPUR_BIN missing; build it with: cmake --preset release && cmake --build build/release"
[[ -f "$NODE_JS" ]] || die "$NODE_JS missing"
[[ -f "$PAYLOAD" && -f "$POST_LUA" ]] || die "bench/payload.json or bench/post.lua missing"

OUT="$BENCH_DIR/out"
RAW="$OUT/raw"
mkdir -p "$RAW"
rm -f "$RAW"/*.txt "$RAW"/*.log

# ---------------------------------------------------------------------------
# Server lifecycle
# ---------------------------------------------------------------------------
SERVER_PID=""
SERVER_PORT=""

stop_server() {
  local pid="$SERVER_PID"
  [[ -n "$pid" ]] || return 0
  SERVER_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "server $pid ignored SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}
trap 'stop_server' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server NAME LOGFILE: starts the server pinned to $server_cpu on a free
# port of 127.0.0.1 (port 0; the real port is read from the ready line), then
# waits until it answers GET /api/hello.
start_server() {
  local name="$1" logfile="$2"
  case "$name" in
    spur) taskset -c "$server_cpu" "$SPUR_BIN" --hostname 127.0.0.1 --port 0 --workers 1 \
            >"$logfile" 2>&1 &
          ;;
    routes) taskset -c "$server_cpu" "$ROUTES_BIN" --hostname 127.0.0.1 --port 0 --workers 1 \
            >"$logfile" 2>&1 &
          ;;
    spur-before) taskset -c "$server_cpu" "$SPUR_BEFORE_BIN" --hostname 127.0.0.1 --port 0 \
            --workers 1 >"$logfile" 2>&1 &
          ;;
    routes-before) taskset -c "$server_cpu" "$ROUTES_BEFORE_BIN" --hostname 127.0.0.1 --port 0 \
            --workers 1 >"$logfile" 2>&1 &
          ;;
    node) taskset -c "$server_cpu" node "$NODE_JS" --hostname 127.0.0.1 --port 0 \
            >"$logfile" 2>&1 &
          ;;
    *) die "unknown server $name" ;;
  esac
  SERVER_PID=$!
  SERVER_PORT=""
  local _
  for _ in $(seq 100); do  # up to 10 s for the ready line
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "$name exited during start-up"; }
    SERVER_PORT="$(sed -n 's#.*\(listening on\|Local:\) http://[^ ]*:\([0-9][0-9]*\).*#\2#p' "$logfile" | head -n1)"
    [[ -n "$SERVER_PORT" ]] && break
    sleep 0.1
  done
  [[ -n "$SERVER_PORT" ]] || { cat "$logfile" >&2; die "$name printed no ready line within 10 s"; }
  for _ in $(seq 50); do  # and up to 5 s until it answers
    curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$SERVER_PORT/api/hello" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$name (pid $SERVER_PID) does not answer on 127.0.0.1:$SERVER_PORT"
}

# ---------------------------------------------------------------------------
# Workloads and response checks
# ---------------------------------------------------------------------------
WORKLOADS=(A B C)
declare -A WL_NAME=(
  [A]="GET /api/hello"
  [B]="GET /api/users/123"
  [C]="POST /api/echo (1 KB JSON)"
)
declare -A WL_PATH=([A]=/api/hello [B]=/api/users/123 [C]=/api/echo)

# verify_server NAME: every workload must answer 200 with the expected JSON
# body, so a broken server cannot produce numbers.
verify_server() {
  local name="$1" base="http://127.0.0.1:$SERVER_PORT" body status
  local tmp; tmp="$(mktemp)"
  check() {  # check WORKLOAD EXPECTED-BODY CURL-ARGS...
    local wl="$1" expected="$2"; shift 2
    status="$(curl -sS --max-time 5 -o "$tmp" -w '%{http_code}' "$@")" ||
      { rm -f "$tmp"; die "$name: workload $wl: request failed"; }
    body="$(cat "$tmp")"
    [[ "$status" == 200 ]] || { rm -f "$tmp"; die "$name: workload $wl: HTTP $status, body: $body"; }
    [[ "$body" == "$expected" ]] ||
      { rm -f "$tmp"; die "$name: workload $wl: unexpected body: $body (expected $expected)"; }
  }
  check A '{"message":"Hello from Next.js!"}' "$base/api/hello"
  check B '{"id":"123","name":"User 123"}' "$base/api/users/123"
  # C: the echo must be the same JSON value as the payload. Compared as values,
  # not bytes: Boost.JSON prints doubles in exponent form (24.99 -> 2.499E1),
  # JSON.stringify in shortest decimal form; both are the same numbers.
  status="$(curl -sS --max-time 5 -o "$tmp" -w '%{http_code}' -X POST \
            -H 'Content-Type: application/json' --data-binary "@$PAYLOAD" "$base/api/echo")" ||
    { rm -f "$tmp"; die "$name: workload C: request failed"; }
  [[ "$status" == 200 ]] || { body="$(cat "$tmp")"; rm -f "$tmp"; die "$name: workload C: HTTP $status, body: $body"; }
  node -e '
    const fs = require("fs"), assert = require("assert");
    const want = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const got = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    assert.deepStrictEqual(got, want);
  ' "$PAYLOAD" "$tmp" 2>/dev/null ||
    { body="$(cat "$tmp")"; rm -f "$tmp"; die "$name: workload C: echo differs from payload: $body"; }
  rm -f "$tmp"
}

wrk_args() {  # wrk_args WORKLOAD SECONDS -> argv for wrk (pinned to the client CPU)
  local wl="$1" secs="$2"
  local args=(taskset -c "$client_cpu" wrk -t1 "-c$connections" "-d${secs}s" --latency)
  [[ "$wl" == C ]] && args+=(-s "$POST_LUA")
  args+=("http://127.0.0.1:$SERVER_PORT${WL_PATH[$wl]}")
  printf '%s\n' "${args[@]}"
}

run_wrk() {  # run_wrk WORKLOAD SECONDS OUTFILE
  local -a argv
  mapfile -t argv < <(wrk_args "$1" "$2")
  BENCH_PAYLOAD="$PAYLOAD" timeout --kill-after=5 $(($2 + 30)) "${argv[@]}" >"$3" 2>&1 ||
    { cat "$3" >&2; die "wrk failed (${argv[*]})"; }
}

cpu_ticks() {  # utime + stime of process $1 (all threads), in clock ticks
  local stat rest
  stat="$(cat "/proc/$1/stat")" || die "process $1 vanished"
  rest="${stat##*) }"  # fields after "pid (comm) "; field 3 (state) is first
  awk '{ print $12 + $13 }' <<<"$rest"  # utime = field 14, stime = field 15
}

peak_rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# to_ms VALUE-WITH-UNIT: wrk latency ("812.00us", "1.23ms", "2.01s", "1.50m") in ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") f = 0.001; else if (u == "ms") f = 1; else if (u == "s") f = 1000
    else if (u == "m") f = 60000; else if (u == "h") f = 3600000; else { print "NaN"; exit }
    printf "%.4f\n", n * f
  }'
}

median() {  # median of the arguments (mean of the middle two for an even count)
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
    if (NR == 0) { print "NaN"; exit }
    if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2
  }'
}

# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------
# spur: the engine example (a Handler written against the runtime); routes:
# the same workloads as route files (bench/app) through the whole App pipeline.
default_servers="spur routes node"
[[ -n "$BASELINE" ]] && default_servers="spur spur-before routes routes-before node"
read -ra SERVERS <<<"${BENCH_SERVERS:-$default_servers}"
declare -A RPS P50 P99 RSS CPU ERRORS REQS BUSY
load_start="$(cut -d" " -f1-3 /proc/loadavg)"

per_run=$((warmup + duration + 2))
total=$(( ${#SERVERS[@]} * ${#WORKLOADS[@]} * runs * per_run ))
log "$runs run(s) x ${#SERVERS[@]} servers x ${#WORKLOADS[@]} workloads;" \
    "warm-up ${warmup}s, measure ${duration}s, $connections connections;" \
    "server on CPU $server_cpu, wrk on CPU $client_cpu; about $((total / 60 + 1)) min"

for server in "${SERVERS[@]}"; do
  for wl in "${WORKLOADS[@]}"; do
    key="$server:$wl"
    RPS[$key]=""; P50[$key]=""; P99[$key]=""; RSS[$key]=""; CPU[$key]=""; ERRORS[$key]=""; REQS[$key]=""; BUSY[$key]=""
    for run in $(seq "$runs"); do
      tag="$server-$wl-$run"
      start_server "$server" "$RAW/$tag.server.log"
      verify_server "$server"
      if ((warmup > 0)); then
        run_wrk "$wl" "$warmup" "$RAW/$tag.warmup.txt"
      fi
      t0="$(cpu_ticks "$SERVER_PID")"
      run_wrk "$wl" "$duration" "$RAW/$tag.txt"
      t1="$(cpu_ticks "$SERVER_PID")"
      rss_kib="$(peak_rss_kib "$SERVER_PID")"
      kill -0 "$SERVER_PID" 2>/dev/null || die "$server died during workload $wl"
      stop_server

      out="$RAW/$tag.txt"
      rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
      reqs="$(awk '/ requests in / { print $1 }' "$out")"
      p50="$(awk '/^ +50% / { print $2 }' "$out")"
      p99="$(awk '/^ +99% / { print $2 }' "$out")"
      [[ -n "$rps" && -n "$reqs" && -n "$p50" && -n "$p99" ]] ||
        { cat "$out" >&2; die "could not parse wrk output ($out)"; }
      ((reqs > 0)) || die "$server: workload $wl: no requests completed"
      cpu_us="$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$reqs" \
                 'BEGIN { printf "%.3f\n", d / hz * 1e6 / n }')"
      # share of one CPU the server used during the measured run: well below
      # 100 % while wrk is not the bottleneck means the CPU was shared.
      elapsed="$(awk '/ requests in / && $4 ~ /^[0-9.]+s,?$/ { sub(/s,?$/, "", $4); print $4 }' "$out")"
      busy="$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v s="${elapsed:-$duration}" \
               'BEGIN { printf "%.0f\n", d / hz / s * 100 }')"
      errs=""
      sock="$(sed -n 's/^ *Socket errors: *//p' "$out")"
      [[ -n "$sock" ]] && errs="socket errors: $sock"
      non2xx="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out")"
      [[ -n "$non2xx" ]] && errs="${errs:+$errs; }non-2xx responses: $non2xx"

      RPS[$key]+=" $rps"; REQS[$key]+=" $reqs"
      P50[$key]+=" $(to_ms "$p50")"; P99[$key]+=" $(to_ms "$p99")"
      RSS[$key]+=" $(awk -v k="$rss_kib" 'BEGIN { printf "%.2f\n", k / 1024 }')"
      CPU[$key]+=" $cpu_us"; BUSY[$key]+=" $busy%"
      [[ -n "$errs" ]] && ERRORS[$key]+="run $run: $errs"$'\n'
      log "$(printf '%-6s %s run %d/%d: %8.0f req/s  p50 %-9s p99 %-9s CPU %7s us/req (busy %4s)  RSS %5s MiB%s' \
             "$server" "$wl" "$run" "$runs" "$rps" "$p50" "$p99" "$cpu_us" "$busy%" \
             "$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')" "${errs:+  [$errs]}")"
    done
  done
done

load_end="$(cut -d" " -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
# shellcheck disable=SC2086  # the stored lists are space-separated on purpose
med() { local -n arr="$1"; median ${arr[$2]}; }
fmt() { awk -v v="$1" -v p="$2" 'BEGIN { printf "%." p "f", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

declare -A M_RPS M_P50 M_P99 M_RSS M_CPU
for server in "${SERVERS[@]}"; do
  for wl in "${WORKLOADS[@]}"; do
    key="$server:$wl"
    M_RPS[$key]="$(med RPS "$key")"; M_P50[$key]="$(med P50 "$key")"
    M_P99[$key]="$(med P99 "$key")"; M_RSS[$key]="$(med RSS "$key")"
    M_CPU[$key]="$(med CPU "$key")"
  done
done

rows=()   # "workload|server|req/s|p50|p99|rss|cpu"
for wl in "${WORKLOADS[@]}"; do
  for server in "${SERVERS[@]}"; do
    key="$server:$wl"
    rows+=("$wl ${WL_NAME[$wl]}|$server|$(fmt "${M_RPS[$key]}" 0)|$(fmt "${M_P50[$key]}" 3)|$(fmt "${M_P99[$key]}" 3)|$(fmt "${M_RSS[$key]}" 1)|$(fmt "${M_CPU[$key]}" 2)")
  done
done

has_server() { [[ " ${SERVERS[*]} " == *" $1 "* ]]; }
# Ratios and targets need both servers they compare; missing ones read as 0.
for server in spur routes node; do
  has_server "$server" && continue
  for wl in "${WORKLOADS[@]}"; do M_RPS[$server:$wl]=0; M_CPU[$server:$wl]=0; done
done

ratio_rows=()  # "workload|req/s ratio|cpu ratio"
for wl in "${WORKLOADS[@]}"; do
  ratio_rows+=("$wl|$(ratio "${M_RPS[spur:$wl]}" "${M_RPS[node:$wl]}")|$(ratio "${M_CPU[spur:$wl]}" "${M_CPU[node:$wl]}")")
done

route_rows=()  # "workload|routes/engine req/s|routes/engine CPU"
for wl in "${WORKLOADS[@]}"; do
  route_rows+=("$wl|$(ratio "${M_RPS[routes:$wl]}" "${M_RPS[spur:$wl]}")|$(ratio "${M_CPU[routes:$wl]}" "${M_CPU[spur:$wl]}")")
done

checks=()  # "PASS|MISS text"
for wl in "${WORKLOADS[@]}"; do
  has_server spur && has_server node || break
  r="$(ratio "${M_RPS[spur:$wl]}" "${M_RPS[node:$wl]}")"
  if ge "${M_RPS[spur:$wl]}" "$(awk -v n="${M_RPS[node:$wl]}" 'BEGIN { print 3 * n }')"; then s=PASS; else s=MISS; fi
  checks+=("$s|$wl req/s >= 3x node: spur $(fmt "${M_RPS[spur:$wl]}" 0) vs node $(fmt "${M_RPS[node:$wl]}" 0) (${r}x)")
done
for wl in "${WORKLOADS[@]}"; do
  has_server spur && has_server routes || break
  if ge "${M_RPS[routes:$wl]}" "$(awk -v n="${M_RPS[spur:$wl]}" 'BEGIN { print 0.9 * n }')"; then s=PASS; else s=MISS; fi
  checks+=("$s|$wl route files within 10% of the engine: routes $(fmt "${M_RPS[routes:$wl]}" 0) vs engine $(fmt "${M_RPS[spur:$wl]}" 0) req/s")
done
for wl in "${WORKLOADS[@]}"; do
  has_server spur || break
  limit=10; [[ "$wl" == C ]] && limit=25
  if ge "$limit" "${M_CPU[spur:$wl]}"; then s=PASS; else s=MISS; fi
  checks+=("$s|$wl CPU/req <= $limit us: spur $(fmt "${M_CPU[spur:$wl]}" 2) us")
done

errors_found=0
for server in "${SERVERS[@]}"; do
  for wl in "${WORKLOADS[@]}"; do
    [[ -n "${ERRORS[$server:$wl]}" ]] && errors_found=1
  done
done

# Plain-text table
echo
printf '%-30s | %-13s | %9s | %8s | %8s | %12s | %11s\n' \
  workload server req/s "p50 ms" "p99 ms" "peak RSS MiB" "CPU us/req"
printf '%s\n' "-------------------------------+---------------+-----------+----------+----------+--------------+------------"
for row in "${rows[@]}"; do
  IFS='|' read -r a b c d e f g <<<"$row"
  printf '%-30s | %-13s | %9s | %8s | %8s | %12s | %11s\n' "$a" "$b" "$c" "$d" "$e" "$f" "$g"
done
echo
echo "spur/node ratios (medians):"
for row in "${ratio_rows[@]}"; do
  IFS='|' read -r a b c <<<"$row"
  printf '  %s  req/s %sx   CPU/req %sx\n' "$a" "$b" "$c"
done
echo
echo "route files / engine (medians):"
for row in "${route_rows[@]}"; do
  IFS='|' read -r a b c <<<"$row"
  printf '  %s  req/s %sx   CPU/req %sx\n' "$a" "$b" "$c"
done
echo
if has_server spur-before || has_server routes-before; then
  echo "after / before (medians; baseline: $BASELINE):"
  for pair in spur:spur-before routes:routes-before; do
    now="${pair%%:*}"; was="${pair#*:}"
    has_server "$now" && has_server "$was" || continue
    for wl in "${WORKLOADS[@]}"; do
      printf '  %-6s %s  req/s %sx   CPU/req %sx\n' "$now" "$wl" \
        "$(ratio "${M_RPS[$now:$wl]}" "${M_RPS[$was:$wl]}")" \
        "$(ratio "${M_CPU[$now:$wl]}" "${M_CPU[$was:$wl]}")"
    done
  done
  echo
fi
echo "targets:"
for row in "${checks[@]}"; do
  printf '  %s  %s\n' "${row%%|*}" "${row#*|}"
done
echo
if ((errors_found)); then
  echo "wrk reported errors:"
  for server in "${SERVERS[@]}"; do
    for wl in "${WORKLOADS[@]}"; do
      [[ -n "${ERRORS[$server:$wl]}" ]] || continue
      while IFS= read -r line; do
        [[ -n "$line" ]] && echo "  $server $wl $line"
      done <<<"${ERRORS[$server:$wl]}"
    done
  done
else
  echo "wrk reported no socket errors and no non-2xx responses."
fi
echo "medians of $runs run(s); load average $load_start at start, $load_end at end"
echo "raw wrk output in ${RAW#"$ROOT"/}/"

# Markdown report
cpu_model="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
[[ -n "$cpu_model" ]] || cpu_model="$(awk -F': *' '/^(Hardware|Processor|cpu model)/ { print $2; exit }' /proc/cpuinfo)"
[[ -n "$cpu_model" ]] || cpu_model="unknown"
wrk_version="$( { wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }')"
gxx_version="$( { g++ --version 2>/dev/null || echo 'g++ not found'; } | awk 'NR == 1')"
md="$OUT/latest.md"
{
  echo "# Spur benchmark: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) CPUs ($cpu_model), kernel $(uname -r)"
  echo "- tools: $wrk_version; node $(node --version); $gxx_version"
  echo "- spur: examples/engine (a Handler on the runtime), routes: bench/app (route files through App), both --workers 1; node: bench/reference/node-server.js"
  echo "- server pinned to CPU $server_cpu, wrk pinned to CPU $client_cpu;" \
       "wrk -t1 -c$connections -d${duration}s --latency after a ${warmup}s warm-up," \
       "fresh server per run; medians of $runs run(s)"
  echo "- load average (1/5/15 min): $load_start at start, $load_end at end"
  echo
  echo "| workload | server | req/s | p50 ms | p99 ms | peak RSS MiB | CPU µs/req |"
  echo "|---|---|--:|--:|--:|--:|--:|"
  for row in "${rows[@]}"; do
    IFS='|' read -r a b c d e f g <<<"$row"
    echo "| $a | $b | $c | $d | $e | $f | $g |"
  done
  echo
  echo "| workload | spur/node req/s | spur/node CPU/req |"
  echo "|---|--:|--:|"
  for row in "${ratio_rows[@]}"; do
    IFS='|' read -r a b c <<<"$row"
    echo "| $a | ${b}× | ${c}× |"
  done
  echo
  echo "| workload | routes/engine req/s | routes/engine CPU/req |"
  echo "|---|--:|--:|"
  for row in "${route_rows[@]}"; do
    IFS='|' read -r a b c <<<"$row"
    echo "| $a | ${b}× | ${c}× |"
  done
  echo
  if has_server spur-before || has_server routes-before; then
    echo "After / before, the baseline \`$BASELINE\` in the same session:"
    echo
    echo "| server | workload | req/s after/before | CPU/req after/before |"
    echo "|---|---|--:|--:|"
    for pair in spur:spur-before routes:routes-before; do
      now="${pair%%:*}"; was="${pair#*:}"
      has_server "$now" && has_server "$was" || continue
      for wl in "${WORKLOADS[@]}"; do
        echo "| $now | $wl | $(ratio "${M_RPS[$now:$wl]}" "${M_RPS[$was:$wl]}")× | $(ratio "${M_CPU[$now:$wl]}" "${M_CPU[$was:$wl]}")× |"
      done
    done
    echo
  fi
  echo "Targets:"
  echo
  for row in "${checks[@]}"; do
    echo "- **${row%%|*}** ${row#*|}"
  done
  echo
  if ((errors_found)); then
    echo "wrk reported errors:"
    echo
    for server in "${SERVERS[@]}"; do
      for wl in "${WORKLOADS[@]}"; do
        [[ -n "${ERRORS[$server:$wl]}" ]] || continue
        while IFS= read -r line; do
          [[ -n "$line" ]] && echo "- $server $wl $line"
        done <<<"${ERRORS[$server:$wl]}"
      done
    done
  else
    echo "wrk reported no socket errors and no non-2xx responses."
  fi
  echo
  echo "Per-run values (req/s; server CPU µs/req; server CPU busy, % of one core):"
  echo
  for server in "${SERVERS[@]}"; do
    for wl in "${WORKLOADS[@]}"; do
      echo "- $server $wl: req/s${RPS[$server:$wl]}; CPU${CPU[$server:$wl]}; busy${BUSY[$server:$wl]}"
    done
  done
} >"$md"
echo "markdown report: ${md#"$ROOT"/}"
