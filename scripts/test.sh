#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the parser fuzzer for a bounded time (FUZZ_SECONDS, default 60);
#   2. the whole suite in the release build;
#   3. the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
echo "== fuzz: HTTP parser for ${FUZZ_SECONDS:-60} s"
tests/fuzz/run.sh

for preset in release asan-ubsan; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== test: $preset"
  ctest --preset "$preset" -j "$jobs"
done
