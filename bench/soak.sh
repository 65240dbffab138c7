#!/usr/bin/env bash
# Mixed-load soak (bench/soak.py): builds Release, then runs normal traffic and
# the abuse of tests/integration/abuse_test.py together against the stream
# fixture for SOAK_SECONDS (default 180), printing the server's memory beside
# the requests served every SOAK_SLICE seconds (default 10).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v wrk >/dev/null || { echo "soak: needs wrk (scripts/install-deps.sh installs it)" >&2; exit 1; }
if [[ "${SOAK_SKIP_BUILD:-0}" != 1 ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target spur-stream-fixture
fi
exec python3 bench/soak.py --binary build/release/tests/fixtures/stream-app/spur-stream-fixture \
  --seconds "${SOAK_SECONDS:-180}" --slice "${SOAK_SLICE:-10}"
