#!/usr/bin/env bash
# After `cmake --install`, a fresh project finds Spur with find_package(spur
# CONFIG) and builds an app with spur_add_app(target DIR dir).
#   install_test.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
mkdir -p "$work/project/api-src/app/api/ping"
cat >"$work/project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(installed_consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(spur CONFIG REQUIRED)
spur_add_app(pinger DIR api-src)
CMAKE
printf '#include <spur/route.hpp>\nusing namespace spur;\nResponse GET(Request& req) { return Response::json({{"pong", req.search_params().get("n").value_or("")}}); }\n' \
  >"$work/project/api-src/app/api/ping/route.cpp"
cmake -S "$work/project" -B "$work/out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail configure; }
cmake --build "$work/out" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail build; }

"$work/out/pinger" --port 0 --workers 1 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' "$work/server.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$work/server.log"; fail "server did not start"; }
[ "$(curl -s "localhost:$port/api/ping?n=7")" = '{"pong":"7"}' ] || fail "GET /api/ping"
kill -TERM "$pid"; wait "$pid"; pid=""
echo "install_test: ok"
