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
