#!/usr/bin/env python3
"""spur::db over real HTTP against a real SQLite file: tests/fixtures/db-app
(posts CRUD through db::Table), its migrations applied by `spur db migrate`.
Concurrent writers, a long write beside another route, a server killed with
SIGKILL in the middle of writes, and the `spur db` commands.

Usage: db_test.py --binary PATH --spur PATH --app DIR [unittest options]
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, AppServer  # noqa: E402

BINARY = SPUR = APP = None


class DbApp(unittest.TestCase):
    """A fresh database per test, migrated with the CLI, and the app on it."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="spur-db-test-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.url = "file:" + os.path.join(self.folder, "data.db")
        out = subprocess.run([SPUR, "db", "migrate", APP], env={**os.environ, "DATABASE_URL": self.url},
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("applied  0001_create_posts.sql", out.stdout)
        self.app = self.start()

    def start(self):
        app = AppServer(BINARY, env={"DATABASE_URL": self.url}).start()
        self.addCleanup(app.stop)
        return app

    def call(self, method, path, body=None, app=None):
        app = app or self.app
        c = http.client.HTTPConnection(HOST, app.port, timeout=30)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            r = c.getresponse()
            data = r.read()
            return r.status, (json.loads(data) if data else None)
        finally:
            c.close()


class Crud(DbApp):
    def test_posts_crud_with_the_right_errors(self):
        self.assertEqual(self.call("POST", "/api/posts", {"content": "no title"}),
                         (400, {"error": "Invalid body: 'title' is required",
                                "issues": [{"path": "title", "code": "required",
                                            "message": "'title' is required"}]}))
        status, hi = self.call("POST", "/api/posts", {"title": "Hi"})
        self.assertEqual(status, 201)
        self.assertEqual(hi, {"id": 1, "title": "Hi", "content": None, "published": False})
        self.assertEqual(self.call("POST", "/api/posts", {"title": "Hi"}),
                         (409, {"error": "UNIQUE constraint failed: posts.title"}))
        for i in range(2, 6):
            self.assertEqual(self.call("POST", "/api/posts", {"title": f"p{i}"})[0], 201)
        status, page = self.call("GET", "/api/posts?take=2&skip=1")
        self.assertEqual((status, [p["title"] for p in page]), (200, ["p4", "p3"]))
        self.assertEqual(self.call("GET", "/api/posts?take=x")[0], 400)
        self.assertEqual(self.call("GET", "/api/posts/1"), (200, hi))
        self.assertEqual(self.call("GET", "/api/posts/999"), (404, {"error": "Post not found"}))
        status, body = self.call("GET", "/api/posts/abc")
        self.assertEqual(status, 400)
        self.assertIn("'id'", body["error"])
        self.assertEqual(self.call("PATCH", "/api/posts/1", {"published": True}),
                         (200, {**hi, "published": True}))
        self.assertEqual(self.call("DELETE", "/api/posts/1"), (204, None))
        self.assertEqual(self.call("DELETE", "/api/posts/1"), (404, {"error": "Post not found"}))

    def test_data_survives_a_restart(self):
        self.assertEqual(self.call("POST", "/api/posts", {"title": "kept"})[0], 201)
        self.app.stop()
        again = self.start()
        self.assertEqual(self.call("GET", "/api/posts/1", app=again)[1]["title"], "kept")


class Load(DbApp):
    def write_many(self, writer, count, acknowledged):
        """POSTs `count` posts on one keep-alive connection, pipelined in batches;
        appends each acknowledged title."""
        s = socket.create_connection((HOST, self.app.port), timeout=30)
        try:
            for start in range(0, count, 50):
                titles = [f"w{writer}-{i}" for i in range(start, min(start + 50, count))]
                batch = b""
                for t in titles:
                    body = json.dumps({"title": t}).encode()
                    batch += (f"POST /api/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              f"Content-Length: {len(body)}\r\n\r\n").encode() + body
                s.sendall(batch)
                data = b""
                while data.count(b"HTTP/1.1 ") < len(titles) or not data.endswith(b"}"):
                    chunk = s.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                answers = data.split(b"HTTP/1.1 ")[1:]
                for t, a in zip(titles, answers):
                    if a.startswith(b"201"):
                        acknowledged.append(t)
        except OSError:
            pass  # the server was killed: what was acknowledged is what counts
        finally:
            s.close()

    def test_64_concurrent_writers_never_see_a_locked_database(self):
        writers, each = 64, 1000
        acknowledged = []
        threads = [threading.Thread(target=self.write_many, args=(w, each, acknowledged))
                   for w in range(writers)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        self.assertEqual(len(acknowledged), writers * each)  # no 503, no "database is locked"
        status, rows = self.call("GET", f"/api/posts?take={writers * each + 10}")
        self.assertEqual(len(rows), writers * each)
        print(f"\n  {writers} writers x {each} inserts over HTTP: {elapsed:.1f} s "
              f"({writers * each / elapsed:.0f} inserts/s), every row present", file=sys.stderr)

    def test_a_long_write_does_not_delay_another_route(self):
        done = {}

        def slow():
            done["slow"] = self.call("POST", "/api/slow?ms=1500")
            done["slow_at"] = time.monotonic()
        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.3)  # the write holds the writer now
        self.assertEqual(self.call("GET", "/api/ping"), (200, {"pong": True}))
        status, rows = self.call("GET", "/api/posts")  # a read, during the write
        answered_at = time.monotonic()
        self.assertEqual((status, rows), (200, []))  # the uncommitted row is not seen
        t.join()
        self.assertEqual(done["slow"], (200, {"count": 1}))
        self.assertLess(answered_at, done["slow_at"])  # answered while the write was running

    def test_sigkill_mid_write_loses_no_acknowledged_row(self):
        acknowledged = []
        threads = [threading.Thread(target=self.write_many, args=(w, 5000, acknowledged))
                   for w in range(8)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while len(acknowledged) < 2000 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(self.app.proc.pid, signal.SIGKILL)
        for t in threads:
            t.join()
        self.app.stop()
        self.assertGreaterEqual(len(acknowledged), 2000)
        again = self.start()
        status, rows = self.call("GET", "/api/posts?take=100000", app=again)
        self.assertEqual(status, 200)
        stored = {r["title"] for r in rows}
        missing = [t for t in acknowledged if t not in stored]
        print(f"\n  SIGKILL after {len(acknowledged)} acknowledged inserts: {len(stored)} rows "
              f"after the restart, {len(missing)} acknowledged rows missing", file=sys.stderr)
        self.assertEqual(missing, [])
        self.assertEqual(self.call("POST", "/api/posts", {"title": "after"}, app=again)[0], 201)


class Cli(unittest.TestCase):
    """`spur db new|status|migrate` and `spur start`'s check, on a bare app folder."""

    def setUp(self):
        self.app = tempfile.mkdtemp(prefix="spur-db-cli-")
        self.addCleanup(shutil.rmtree, self.app, ignore_errors=True)
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}

    def spur(self, *args):
        return subprocess.run([SPUR, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)

    def test_new_status_migrate_and_start(self):
        out = self.spur("db", "new", "create_notes", self.app)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, "Created db/migrations/0001_create_notes.sql\n")
        with open(os.path.join(self.app, "db", "migrations", "0001_create_notes.sql"), "a") as f:
            f.write("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);\n")
        self.assertEqual(self.spur("db", "new", "bad name", self.app).returncode, 1)

        status = self.spur("db", "status", self.app)
        self.assertIn("pending  0001_create_notes.sql", status.stdout)
        # The database is the app's own, under .spur/ (DATABASE_URL unset).
        self.assertIn(os.path.join(self.app, ".spur", "data.db"), status.stdout)

        start = self.spur("start", self.app)
        self.assertEqual(start.returncode, 1)
        self.assertIn("1 migration pending: run `spur db migrate` first", start.stderr)
        start = self.spur("start", self.app, "--migrate")  # applies, then finds no build
        self.assertIn("applied  0001_create_notes.sql", start.stderr)
        self.assertIn("no build of", start.stderr)
        self.assertIn("applied  0001_create_notes.sql", self.spur("db", "status", self.app).stdout)

        with open(os.path.join(self.app, "db", "migrations", "0001_create_notes.sql"), "a") as f:
            f.write("-- an edit after it was applied\n")
        out = self.spur("db", "migrate", self.app)
        self.assertEqual(out.returncode, 1)
        self.assertIn("0001_create_notes.sql was edited after it was applied", out.stderr)

    def write(self, path, text):
        full = os.path.join(self.app, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)

    def test_dotenv_files_name_the_database(self):
        url = "file:" + os.path.join(self.app, "from-env.db")
        self.write(".env", "DATABASE_URL=file:nowhere.db\n")
        self.write(".env.local", "DIR=%s\nDATABASE_URL=file:${DIR}/from-env.db\n" % self.app)
        status = self.spur("db", "status", self.app)
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("0 pending (%s)" % url, status.stdout)
        self.assertIn(" - Environments: .env.local, .env", status.stderr)
        # The real environment wins over every file.
        self.env["DATABASE_URL"] = "file:" + os.path.join(self.app, "real.db")
        self.assertIn("real.db", self.spur("db", "status", self.app).stdout)

    def test_sql_is_checked_against_the_migrations(self):
        self.write("CMakeLists.txt", "# not built: spur build stops at the SQL\n")
        self.write("db/migrations/0001_notes.sql",
                   "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, tag TEXT);\n")
        self.write("lib/notes.hpp", "\n".join([
            "struct Note {",                                                    # 1
            "  std::int64_t id = 0;",
            "  std::string body;",
            "  std::optional<std::string> tag;   // may be absent from a result",
            "};",                                                               # 5
            "BOOST_DESCRIBE_STRUCT(Note, (), (id, body, tag))",
            "struct Other { std::int64_t id = 0; std::string missing; };",
            "BOOST_DESCRIBE_STRUCT(Other, (), (id, missing))",
            "inline const spur::db::Table<Note> notes{\"notes\"};",
            "inline const spur::db::Table<Note> typo{\"note\"};",             # 10
            "inline const spur::db::Table<Other> other(\"notes\");",
            ""]))
        self.write("app/api/notes/route.cpp", "\n".join([
            '#include "lib/notes.hpp"',                                         # 1
            "Async<Response> GET(Request& req) {",
            '  auto a = co_await db::query<Note>("SELECT id, body FROM notes");',
            '  auto b = co_await db::query<Note>("SELECT id, titel FROM notes");',
            '  auto c = co_await db::query_one<Note>("SELECT id FROM notes WHERE id = ?", 1);',  # 5
            "  auto d = co_await db::exec(R\"sql(",
            "      UPDATE notes SET body = ? WHERE idd = ?)sql\", \"x\", 1);",
            '  // db::query<Note>("SELECT nothing FROM nowhere") is a comment',
            '  auto e = req.search_params().get("query"); auto f = db::exec("DELETE FROM notes");',
            "  const int n = 10'000; auto g = co_await db::transaction([](db::Tx& tx) {",  # 10
            '    return tx.exec("INSERT INTO notes (body) VALUES (?)" " -- joined", "x"); });',
            '  auto h = co_await db::query<int>("SELECT count(*) FROM nowhere");',
            "}",
            ""]))
        out = self.spur("db", "check", self.app)
        self.assertEqual(out.returncode, 1, out.stdout)
        self.assertEqual(out.stderr.splitlines(), [
            "app/api/notes/route.cpp:4: error: SQL: no such column: titel",
            "app/api/notes/route.cpp:5: error: SQL: the result has no column for Note::body (it has: id)",
            "app/api/notes/route.cpp:6: error: SQL: no such column: idd",
            "app/api/notes/route.cpp:12: error: SQL: no such table: nowhere",
            "lib/notes.hpp:10: error: SQL: no such table: note",
            "lib/notes.hpp:11: error: SQL: table notes has no column for Other::missing (it has: id, body, tag)",
        ])
        # spur build refuses before compiling anything.
        build = self.spur("build", self.app)
        self.assertEqual(build.returncode, 1)
        self.assertIn("app/api/notes/route.cpp:4: error: SQL: no such column: titel", build.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.app, ".spur", "build")))
        # Fixed, it passes.
        self.write("lib/notes.hpp", "")
        self.write("app/api/notes/route.cpp",
                   '  auto a = co_await db::query<Note>("SELECT id, body FROM notes");\n')
        out = self.spur("db", "check", self.app)
        self.assertEqual((out.returncode, out.stderr), (0, ""))


def main():
    global BINARY, SPUR, APP
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--spur", required=True)
    parser.add_argument("--app", required=True)
    args, rest = parser.parse_known_args()
    BINARY, SPUR, APP = args.binary, args.spur, args.app
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
