# Sourced by the wrk benchmarks that compare two servers (builtins.sh,
# db.sh): their settings from the environment, checked, and the helpers they
# share.
#   BENCH_DURATION (10), BENCH_WARMUP (3), BENCH_RUNS (3),
#   BENCH_SERVER_CPU (0), BENCH_CLIENT_CPU (1)
duration="${BENCH_DURATION:-10}" warmup="${BENCH_WARMUP:-3}" runs="${BENCH_RUNS:-3}"
server_cpu="${BENCH_SERVER_CPU:-0}" client_cpu="${BENCH_CLIENT_CPU:-1}"
for v in duration warmup runs server_cpu client_cpu; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "bench: $v must be a number" >&2; exit 1; }
done
clk_tck="$(getconf CLK_TCK)"
# utime + stime of process $1 (all its threads), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# The median of a space-separated list.
m() { tr ' ' '\n' <<<"$1" | grep . | median; }

# measure URL: a warm-up, then wrk (-t1 -c64, pinned to the client CPU) for
# $duration seconds against URL, served by process $pid. Sets rps and cpu
# (the server's CPU per request, in µs); exits on errors in the answers,
# a request slower than $wrk_timeout (default wrk's 2s) counting as one.
measure() {
  local url=$1 result t0 t1 reqs
  if ((warmup > 0)); then
    taskset -c "$client_cpu" timeout $((warmup + 30)) wrk -t1 -c64 -d"${warmup}s" "$url" >/dev/null
  fi
  t0="$(cpu_ticks "$pid")"
  result="$(taskset -c "$client_cpu" timeout $((duration + 30)) wrk -t1 -c64 -d"${duration}s" \
    --timeout "${wrk_timeout:-2s}" "$url")"
  t1="$(cpu_ticks "$pid")"
  if grep -q "Non-2xx\|Socket errors" <<<"$result"; then echo "bench: $url: $result" >&2; exit 1; fi
  rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$result")"
  reqs="$(awk '/ requests in / { print $1 }' <<<"$result")"
  cpu="$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$reqs" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }')"
}
