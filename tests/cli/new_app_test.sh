#!/usr/bin/env bash
# `spur new` → `spur build` → `spur start` → real requests, then the edits a
# user makes: a new route (no manual CMake re-run), a compile error (reported
# at the user's file and line), a clash (both files named), `spur routes`.
#   new_app_test.sh SPUR_BINARY
set -euo pipefail
spur=$1
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$work"
"$spur" new my-api >/dev/null
cd my-api
"$spur" build >build.log 2>&1 || { cat build.log; fail "a new app must build on the first try"; }

start() {
  "$spur" start --port 0 --workers 1 >server.log 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' server.log)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  cat server.log; fail "server did not start"
}
stop() { kill -TERM "$pid"; wait "$pid" || fail "server exited non-zero on SIGTERM"; pid=""; }

start
[ "$(curl -s "localhost:$port/api/hello")" = '{"message":"Hello from Spur!"}' ] || fail "GET /api/hello"
[ "$(curl -s -d '{"a":1}' "localhost:$port/api/hello")" = '{"received":{"a":1}}' ] || fail "POST /api/hello"
stop

mkdir -p app/api/bye
printf '#include <spur/route.hpp>\nusing namespace spur;\n\nResponse GET() { return Response::text("bye"); }\n' >app/api/bye/route.cpp
"$spur" build >build.log 2>&1 || { cat build.log; fail "build with a new route"; }
"$spur" routes >routes.txt 2>&1
grep -q '^/api/bye .*GET, HEAD, OPTIONS .*app/api/bye/route.cpp' routes.txt || { cat routes.txt; fail "spur routes"; }
start
[ "$(curl -s "localhost:$port/api/bye")" = 'bye' ] || fail "new route not served"
stop

printf '#include <spur/route.hpp>\nusing namespace spur;\n\nResponse GET() {\n  return Response::text(undefined_name);\n}\n' >app/api/bye/route.cpp
if "$spur" build >build.log 2>&1; then fail "a compile error must fail the build"; fi
grep -q "app/api/bye/route.cpp:5:.*undefined_name" build.log || { cat build.log; fail "error not reported at the user's file and line"; }

rm -r app/api/bye
mkdir -p pages/api
printf '#include <spur/api.hpp>\nusing namespace spur;\nvoid handler(ApiRequest&, ApiResponse& res) { res.send("x"); }\n' >pages/api/hello.cpp
if "$spur" build >build.log 2>&1; then fail "two files for /api/hello must fail the build"; fi
grep -q "app/api/hello/route.cpp and pages/api/hello.cpp both define /api/hello" build.log || { cat build.log; fail "clash message"; }
echo "new_app_test: ok"
