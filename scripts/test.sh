#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the fuzzers for a bounded time (tests/fuzz/run.sh): the HTTP parser
#      (FUZZ_SECONDS, default 60), the WebSocket frame decoder (30 s), the
#      multipart/form-data parser (20 s), the middleware matcher's regex
#      engine (20 s) and JSON bodies decoded with validation rules (20 s);
#   2. the whole suite in the release build;
#   3. the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
echo "== fuzz: HTTP parser for ${FUZZ_SECONDS:-60} s"
tests/fuzz/run.sh http_parser_fuzz
echo "== fuzz: WebSocket frame decoder for 30 s"
tests/fuzz/run.sh websocket_fuzz 30
echo "== fuzz: multipart/form-data parser for 20 s"
tests/fuzz/run.sh multipart_fuzz 20
echo "== fuzz: the middleware matcher's regex engine for 20 s"
tests/fuzz/run.sh regex_fuzz 20
echo "== fuzz: JSON bodies into typed structs with validation rules for 20 s"
tests/fuzz/run.sh json_body_fuzz 20
echo "== fuzz: webhook signature headers (Stripe, GitHub, Standard Webhooks) for 20 s"
tests/fuzz/run.sh webhook_fuzz 20

for preset in release asan-ubsan; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== test: $preset"
  ctest --preset "$preset" -j "$jobs"
done
