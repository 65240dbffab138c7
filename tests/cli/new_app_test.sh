#!/usr/bin/env bash
# `spur new` → `spur build` → `spur start` → real requests, then the edits a
# user makes: a new route (no manual CMake re-run), a compile error (reported
# at the user's file and line), a clash (both files named), `spur routes`;
# --help and --version, and the compile_commands.json an editor reads.
#   new_app_test.sh SPUR_BINARY
set -euo pipefail
. "$(dirname "$0")/app_test_support.sh"

cd "$work"
# --help and --version on spur and each subcommand.
"$spur" --version | grep -q '^spur [0-9]' || fail "spur --version"
"$spur" --help >help.txt || fail "spur --help exits non-zero"
for command in new build start dev routes; do
  grep -q "$command" help.txt || { cat help.txt; fail "spur --help does not list $command"; }
  "$spur" "$command" --help >command-help.txt || fail "spur $command --help exits non-zero"
  grep -qi "usage" command-help.txt || { cat command-help.txt; fail "spur $command --help"; }
done
if "$spur" no-such-command >/dev/null 2>&1; then fail "an unknown command must fail"; fi

"$spur" new my-api >/dev/null
cd my-api
# An editor understands the new app's route file from the first minute.
[ -f compile_commands.json ] || fail "spur new wrote no compile_commands.json"
grep -q '"file": "[^"]*/app/api/hello/route.cpp"' compile_commands.json || { cat compile_commands.json; fail "compile_commands.json lacks the route"; }
clangd --check=app/api/hello/route.cpp --check-lines=1 >clangd.log 2>&1 || { grep '^E\[' clangd.log; fail "clangd finds errors in the new app's route"; }
# The table without compiling anything.
"$spur" routes >routes.txt 2>&1 || { cat routes.txt; fail "spur routes before a build"; }
grep -q '^/api/hello .*app/api/hello/route.cpp' routes.txt || { cat routes.txt; fail "spur routes before a build"; }
[ ! -e .spur ] || fail "spur routes compiled (or configured) the app"

"$spur" build >build.log 2>&1 || { cat build.log; fail "a new app must build on the first try"; }
# The built server's own command line.
binary=$(cat .spur/build/spur-app-binary.txt)
"$binary" --version | grep -q '^spur [0-9]' || fail "the built server's --version"
"$binary" --help >binary-help.txt || fail "the built server's --help exits non-zero"
grep -q -- "--port" binary-help.txt || { cat binary-help.txt; fail "the built server's --help lists no --port"; }
if "$binary" --no-such-flag >/dev/null 2>&1; then fail "an unknown flag must fail"; fi

start() { serve start --port 0 --workers 1; }
stop() { stop_server; }

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
