#!/usr/bin/env bash
# Builds the fuzz preset if needed and runs one fuzz target for a bounded time.
#   tests/fuzz/run.sh [TARGET [SECONDS]]
# TARGET: http_parser_fuzz (default), websocket_fuzz, multipart_fuzz, regex_fuzz
# json_body_fuzz or webhook_fuzz.
# SECONDS: default FUZZ_SECONDS, else 60. New inputs go to a temporary working
# corpus; the committed seed corpus is only read. Crash inputs are written to
# build/fuzz/artifacts/. Exits non-zero when the fuzzer finds a crash.
#   FUZZ_SECONDS=300 tests/fuzz/run.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

target=${1:-http_parser_fuzz}
seconds=${2:-${FUZZ_SECONDS:-60}}
dict_flag=()
case "$target" in
  http_parser_fuzz)
    seeds=tests/fuzz/corpus/http_parser
    dict_flag=(-dict=tests/fuzz/http.dict)
    ;;
  websocket_fuzz) seeds=tests/fuzz/websocket_corpus ;;
  multipart_fuzz) seeds=tests/fuzz/multipart_corpus ;;
  regex_fuzz) seeds=tests/fuzz/regex_corpus ;;
  json_body_fuzz) seeds=tests/fuzz/json_body_corpus ;;
  webhook_fuzz) seeds=tests/fuzz/webhook_corpus ;;
  *) echo "fuzz: unknown target '$target'" >&2; exit 2 ;;
esac
bin=build/fuzz/tests/fuzz/$target
artifacts=build/fuzz/artifacts
log=build/fuzz/$target.log

if [[ ! -f build/fuzz/build.ninja ]]; then
  cmake --preset fuzz
fi
cmake --build build/fuzz -j1 --target "$target"

work=$(mktemp -d "${TMPDIR:-/tmp}/spur-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$seeds"/* "$work"/
mkdir -p "$artifacts"

set +e
"$bin" -max_total_time="$seconds" "${dict_flag[@]}" -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1
status=$?
set -e

# Executions: the final stats when the run ended normally, else the last
# progress line ("#12345 ...") before the crash.
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
if [[ -z "$execs" ]]; then
  execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
fi
new_inputs=$(($(ls "$work" | wc -l) - $(ls "$seeds" | wc -l)))

if [[ $status -ne 0 ]]; then
  tail -n 40 "$log" >&2
  echo "fuzz: $target FAILED (exit $status) after ${execs:-?} executions;" \
    "crash input in $artifacts/, full log in $log" >&2
  exit "$status"
fi
echo "fuzz: $target ok: ${execs:-?} executions in ${seconds}s," \
  "${new_inputs} new corpus inputs (discarded), log in $log"
