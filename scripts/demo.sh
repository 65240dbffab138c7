#!/usr/bin/env bash
# Installs what is missing, builds Spur, and runs examples/app-router under
# `spur dev` on port 3000 (PORT and HOSTNAME are honoured): its posts live in
# SQLite (examples/app-router/.spur/data.db, created and migrated on start),
# and saving a route file swaps the change into the running server. Ctrl-C
# stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target spur_sdk
port="${PORT:-3000}"
echo "Try: curl -X POST localhost:$port/api/posts -d '{\"title\":\"Hi\"}'"
echo "     curl localhost:$port/api/posts"
echo "     then edit examples/app-router/app/api/posts/route.cpp and curl again"
exec build/release/src/spur dev examples/app-router --port "$port" "$@"
