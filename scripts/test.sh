#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the parser fuzzer for a bounded time (FUZZ_SECONDS, default 60), then
#      the WebSocket frame decoder's fuzzer for 30 s;
#      then the multipart/form-data parser's fuzzer for 20 s;
#   2. the whole suite in the release build;
#   3. the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
echo "== fuzz: HTTP parser for ${FUZZ_SECONDS:-60} s"
tests/fuzz/run.sh

# run.sh has configured build/fuzz; new inputs go to a temporary directory.
echo "== fuzz: WebSocket frame decoder for 30 s"
cmake --build build/fuzz -j1 --target websocket_fuzz
ws_work=$(mktemp -d "${TMPDIR:-/tmp}/spur-wsfuzz.XXXXXX")
cp tests/fuzz/websocket_corpus/* "$ws_work"/
mkdir -p build/fuzz/artifacts
ws_log=build/fuzz/websocket_fuzz.log
ws_status=0
build/fuzz/tests/fuzz/websocket_fuzz -max_total_time=30 -print_final_stats=1 \
  -artifact_prefix=build/fuzz/artifacts/ "$ws_work" tests/fuzz/websocket_corpus \
  >"$ws_log" 2>&1 || ws_status=$?
rm -rf "$ws_work"
ws_execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$ws_log" | tail -n 1)
if [[ $ws_status -ne 0 ]]; then
  tail -n 40 "$ws_log" >&2
  echo "fuzz: websocket_fuzz FAILED (exit $ws_status); crash input in build/fuzz/artifacts/," \
    "full log in $ws_log" >&2
  exit "$ws_status"
fi
echo "fuzz: websocket_fuzz ok: ${ws_execs:-?} executions in 30s, log in $ws_log"

echo "== fuzz: multipart/form-data parser for 20 s"
cmake --build build/fuzz -j1 --target multipart_fuzz
mp_work=$(mktemp -d "${TMPDIR:-/tmp}/spur-mpfuzz.XXXXXX")
cp tests/fuzz/multipart_corpus/* "$mp_work"/
mkdir -p build/fuzz/artifacts
mp_log=build/fuzz/multipart_fuzz.log
mp_status=0
build/fuzz/tests/fuzz/multipart_fuzz -max_total_time=20 -print_final_stats=1 \
  -artifact_prefix=build/fuzz/artifacts/ "$mp_work" tests/fuzz/multipart_corpus \
  >"$mp_log" 2>&1 || mp_status=$?
rm -rf "$mp_work"
mp_execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$mp_log" | tail -n 1)
if [[ $mp_status -ne 0 ]]; then
  tail -n 40 "$mp_log" >&2
  echo "fuzz: multipart_fuzz FAILED (exit $mp_status); crash input in build/fuzz/artifacts/," \
    "full log in $mp_log" >&2
  exit "$mp_status"
fi
echo "fuzz: multipart_fuzz ok: ${mp_execs:-?} executions in 20s, log in $mp_log"

for preset in release asan-ubsan; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== test: $preset"
  ctest --preset "$preset" -j "$jobs"
done
