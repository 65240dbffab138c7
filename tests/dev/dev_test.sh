#!/usr/bin/env bash
# `spur dev` end to end on a new app: edit a route and see the new answer, a
# compile error answered as 500 JSON with the user's file and line, the fix, a
# new route, a deleted route (404), a change to a lib/ header reaching the
# route that includes it — all with the same server process id — and then a
# crashing handler, after which the session goes on; a handler's exception
# answered with its message and file; a .env change; then the same session
# polling instead of using inotify.
#   dev_test.sh SPUR_BINARY
set -euo pipefail
spur=$1
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; echo "--- dev.log" >&2; cat "$work/my-api/dev.log" >&2 || true; exit 1; }

cd "$work"
"$spur" new my-api >/dev/null
cd my-api
mkdir -p lib app/api/greet app/api/crash app/api/throw app/api/env
printf '#pragma once\ninline const char* greeting() { return "hello v1"; }\n' >lib/greeting.hpp
printf '#include <spur/route.hpp>\n#include "lib/greeting.hpp"\nusing namespace spur;\n\nResponse GET() { return Response::text(greeting()); }\n' >app/api/greet/route.cpp
printf '#include <spur/route.hpp>\n#include <cstdlib>\nusing namespace spur;\n\nResponse GET() {\n  std::abort();\n}\n' >app/api/crash/route.cpp
printf '#include <spur/route.hpp>\n#include <stdexcept>\nusing namespace spur;\n\nResponse GET() { throw std::runtime_error("kaput"); }\n' >app/api/throw/route.cpp
printf '#include <spur/route.hpp>\nusing namespace spur;\n\nResponse GET() { return Response::text(env_or("SPUR_DEV_GREETING", "unset")); }\n' >app/api/env/route.cpp

"$spur" dev --port 0 >dev.log 2>&1 &
pid=$!
for _ in $(seq 1200); do
  grep -q 'Ready in' dev.log && break
  kill -0 "$pid" 2>/dev/null || fail "spur dev exited"
  sleep 0.25
done
port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' dev.log | head -1)
[ -n "$port" ] || fail "no start-up screen"
host_pid=$(sed -n 's/.*Ready in .*(pid \([0-9]*\)).*/\1/p' dev.log | head -1)
[ -n "$host_pid" ] || fail "no host pid"
grep -q '/api/greet' dev.log || fail "route table on the first screen"

# expect URL EXPECTED [CURL_FLAGS...]: polls until the body is EXPECTED (60 s).
expect() {
  local url=$1 want=$2 got=""
  shift 2
  for _ in $(seq 600); do
    got=$(curl -s "$@" "localhost:$port$url" || true)
    [ "$got" = "$want" ] && return 0
    sleep 0.1
  done
  fail "$url: expected '$want', got '$got'"
}
same_host() { [ "$(sed -n 's/.*Ready in .*(pid \([0-9]*\)).*/\1/p' dev.log | tail -1)" = "$host_pid" ] && kill -0 "$host_pid" || fail "the server process changed ($1)"; }

expect /api/hello '{"message":"Hello from Spur!"}'
grep -q 'GET /api/hello 200 in ' dev.log || fail "request log line"

# 1. Edit a route, while a keep-alive connection stays open across the reload.
python3 - "$port" >keepalive.log 2>&1 <<'PY' &
import http.client, sys, time
c = http.client.HTTPConnection("localhost", int(sys.argv[1]), timeout=5)
c.request("GET", "/api/hello"); r = c.getresponse(); r.read()
sock = c.sock
for _ in range(600):
    c.request("GET", "/api/hello"); body = c.getresponse().read()
    assert c.sock is sock, "the connection was replaced"
    if b"edited" in body:
        print("same connection"); break
    time.sleep(0.1)
PY
keepalive=$!
sleep 0.5
sed -i 's/Hello from Spur!/Hello, edited!/' app/api/hello/route.cpp
expect /api/hello '{"message":"Hello, edited!"}'
wait "$keepalive" || { cat keepalive.log; fail "keep-alive connection across a reload"; }
grep -q 'same connection' keepalive.log || { cat keepalive.log; fail "keep-alive connection"; }
same_host "edit"

# 2. A compile error: 500 JSON naming the file and line; other routes go on.
echo 'int broken = not_declared;' >>app/api/hello/route.cpp
line=$(wc -l <app/api/hello/route.cpp)
for _ in $(seq 600); do
  body=$(curl -s "localhost:$port/api/hello" || true)
  case "$body" in *'"error"'*) break ;; esac
  sleep 0.1
done
case "$body" in
  *'"file":"app/api/hello/route.cpp"'*'"line":'"$line"','*'"message":'*) ;;
  *) fail "compile error response: $body" ;;
esac
[ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/api/hello")" = 500 ] || fail "status 500"
grep -q "app/api/hello/route.cpp:$line:[0-9]*: .*not_declared" dev.log || fail "terminal error line"
# A browser gets a page with the error and the source around it.
page=$(curl -s -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' "localhost:$port/api/hello")
case "$page" in
  *'<!doctype html>'*"app/api/hello/route.cpp:$line:"*'<tr class=hit><td>'"$line"'</td><td>int broken = not_declared;'*) ;;
  *) fail "compile error page: $page" ;;
esac
expect /api/greet 'hello v1'

# 3. Fix it.
sed -i '$d' app/api/hello/route.cpp
expect /api/hello '{"message":"Hello, edited!"}'
same_host "fix"

# 4. A new route, then its removal.
mkdir -p app/api/bye
printf '#include <spur/route.hpp>\nusing namespace spur;\n\nResponse GET() { return Response::text("bye"); }\n' >app/api/bye/route.cpp
expect /api/bye 'bye'
rm -r app/api/bye
for _ in $(seq 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/api/bye" || true)
  [ "$code" = 404 ] && break
  sleep 0.1
done
[ "$code" = 404 ] || fail "deleted route: $code"
same_host "add/delete"

# 5. A lib/ header: the route that includes it is rebuilt.
sed -i 's/hello v1/hello v2/' lib/greeting.hpp
expect /api/greet 'hello v2'
same_host "lib header"

# 6. A crashing handler: the session survives and says where.
curl -s "localhost:$port/api/crash" >/dev/null || true
expect /api/hello '{"message":"Hello, edited!"}'
grep -q 'crashed.*GET /api/crash' dev.log || fail "crash report"
# The restarted server listens on the same socket (the supervisor's): same port.
[ "$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' dev.log | sort -u)" = "$port" ] || fail "port changed"
kill -0 "$pid" || fail "spur dev ended"

# 7. A handler's exception: in dev, its message and route file.
body=$(curl -s "localhost:$port/api/throw")
[ "$body" = '{"error":"Internal Server Error","file":"app/api/throw/route.cpp","message":"kaput"}' ] ||
  fail "dev exception response: $body"

# 8. .env files: a change restarts the server with the new values, no compile.
expect /api/env 'unset'
printf 'SPUR_DEV_GREETING=from .env\n' >.env
expect /api/env 'from .env'
printf 'SPUR_DEV_GREETING=from .env.local\n' >.env.local
expect /api/env 'from .env.local'
grep -q 'Environment changed (.env.local, .env); restarting the server' dev.log || fail "env reload line"
rm .env.local .env
expect /api/env 'unset'

# 9. Without inotify: the same app, polling for changes.
kill -TERM "$pid"
wait "$pid" || fail "spur dev did not stop cleanly"
SPUR_DEV_POLL=1 "$spur" dev --port 0 >dev.log 2>&1 &
pid=$!
for _ in $(seq 1200); do
  grep -q 'Ready in' dev.log && break
  kill -0 "$pid" 2>/dev/null || fail "spur dev (polling) exited"
  sleep 0.25
done
grep -q 'watching for changes (polling)' dev.log || fail "polling mode"
port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' dev.log | head -1)
sed -i 's/Hello, edited!/Hello, polled!/' app/api/hello/route.cpp
expect /api/hello '{"message":"Hello, polled!"}'
printf 'SPUR_DEV_GREETING=polled .env\n' >.env
expect /api/env 'polled .env'
echo PASS
