#!/usr/bin/env bash
# Installs what is missing, builds, and serves the demo app on port 3000
# (PORT and HOSTNAME are honoured). Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target spur-engine-example
echo "Try: curl http://localhost:${PORT:-3000}/api/hello"
exec build/release/examples/engine/spur-engine-example --port "${PORT:-3000}" "$@"
