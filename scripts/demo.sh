#!/usr/bin/env bash
# Installs what is missing, builds Spur, and runs the seeds example app
# (examples/seeds) under `spur dev` on port 3000 (PORT and HOSTNAME are
# honoured): edit a file under examples/seeds/app or pages and the route
# answers with the change. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target spur_sdk
echo "Try: curl http://localhost:${PORT:-3000}/api/hello"
echo "     then edit examples/seeds/pages/api/hello.cpp and curl again"
exec build/release/src/spur dev examples/seeds --port "${PORT:-3000}" "$@"
