#!/usr/bin/env bash
# Installs what is missing, builds, and serves the seeds example app
# (examples/seeds) on port 3000 (PORT and HOSTNAME are honoured). Ctrl-C stops
# it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target spur-seeds spur
echo "Try: curl http://localhost:${PORT:-3000}/api/hello"
echo "     build/release/src/spur routes examples/seeds"
exec build/release/examples/seeds/spur-seeds --port "${PORT:-3000}" "$@"
