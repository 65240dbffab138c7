#!/usr/bin/env bash
# `spur new blog --template posts`: the posts CRUD on SQLite builds, its own
# tests pass under `spur test`, `spur start` refuses to serve before the
# migration and serves after `--migrate`, a post survives a restart, and
# `spur dev` migrates a fresh database and serves the posts.
#   new_posts_app_test.sh SPUR_BINARY
set -euo pipefail
. "$(dirname "$0")/app_test_support.sh"

cd "$work"
if "$spur" new nope --template nothing >out.txt 2>&1; then fail "an unknown template must fail"; fi
grep -q "no template named 'nothing'" out.txt || { cat out.txt; fail "unknown template message"; }
"$spur" new blog --template posts >/dev/null
cd blog
for f in app/api/posts/route.cpp "app/api/posts/[id]/route.cpp" lib/posts.hpp \
         db/migrations/0001_create_posts.sql tests/posts_test.cpp tests/CMakeLists.txt; do
  [ -f "$f" ] || fail "the posts template has no $f"
done
grep -q "blog_routes" tests/CMakeLists.txt || { cat tests/CMakeLists.txt; fail "tests/CMakeLists.txt names another app"; }

"$spur" test >test.log 2>&1 || { cat test.log; fail "spur test"; }
grep -q "100% tests passed" test.log || { cat test.log; fail "spur test ran no tests"; }

"$spur" build >build.log 2>&1 || { cat build.log; fail "the posts app must build"; }
export DATABASE_URL="file:$work/blog.db"
if "$spur" start --port 0 >start.log 2>&1; then fail "spur start must refuse a pending migration"; fi
grep -q "1 migration pending" start.log || { cat start.log; fail "spur start's refusal"; }

start() { serve start --migrate --port 0 --workers 1; }
stop() { stop_server; }

start
created=$(curl -s -X POST "localhost:$port/api/posts" -d '{"title":"Hi"}')
[ "$created" = '{"id":"2","title":"Hi","content":""}' ] || fail "POST /api/posts: $created"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "localhost:$port/api/posts" -d '{}')
[ "$status" = 400 ] || fail "POST without a title: $status"
stop
start
listed=$(curl -s "localhost:$port/api/posts")
[ "$listed" = '[{"id":"1","title":"First post","content":"Seeded by the first migration"},{"id":"2","title":"Hi","content":""}]' ] ||
  fail "GET /api/posts after a restart: $listed"
stop

# spur dev: applies the migration to a fresh database and serves the routes.
export DATABASE_URL="file:$work/dev.db"
serve dev --port 0
grep -q "Applied migration 0001_create_posts.sql" server.log || { cat server.log; fail "spur dev applied no migration"; }
created=$(curl -s -X POST "localhost:$port/api/posts" -d '{"title":"Dev"}')
[ "$created" = '{"id":"2","title":"Dev","content":""}' ] || { cat server.log; fail "spur dev POST /api/posts: $created"; }
stop
echo "new_posts_app_test: ok"
