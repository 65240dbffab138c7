#!/usr/bin/env python3
"""examples/app-router over real HTTP: the App Router seeds at their own paths
(/api/hello, /api/posts, /api/posts/[id]), the posts in SQLite. Each test
starts the app on a fresh database file, migrated by `spur db migrate`, so
every test starts from post "1" alone.

Usage: app_router_test.py --binary PATH/spur-app-router --spur PATH/spur
                          --app examples/app-router [unittest options]
"""
import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from spur_app import HOST, Answer, AppServer, AppTestCase  # noqa: E402

ITEM_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
COLLECTION_METHODS = "GET, HEAD, OPTIONS, POST"
FIRST_POST = {"id": "1", "title": "First post", "content": "Seeded by the first migration"}
SPUR = APP_DIR = None


class AppRouterTest(AppTestCase):

    def setUp(self):
        folder = tempfile.mkdtemp(prefix="spur-app-router-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        self.env = {"DATABASE_URL": "file:" + os.path.join(folder, "data.db")}
        out = subprocess.run([SPUR, "db", "migrate", APP_DIR], env={**os.environ, **self.env},
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        super().setUp()

    def request(self, method, path, body=None, headers=None):
        """One request on its own connection; a str body is sent as JSON."""
        headers = dict(headers or {})
        if isinstance(body, str):
            headers.setdefault("Content-Type", "application/json")
            body = body.encode("utf-8")
        conn = http.client.HTTPConnection(HOST, self.app.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return Answer(resp, resp.read())
        finally:
            conn.close()

    def assert_json(self, answer, status, value):
        self.assertEqual(answer.status, status, answer.body)
        self.assertEqual(answer.header("Content-Type").split(";")[0], "application/json")
        self.assertEqual(answer.json(), value)

    # /api/hello

    def test_hello_get(self):
        self.assert_json(self.request("GET", "/api/hello"), 200,
                         {"message": "Hello from Next.js App Router!"})

    def test_hello_post_echoes_the_json_body(self):
        self.assert_json(self.request("POST", "/api/hello", '{"a":1,"b":[true,null]}'), 200,
                         {"received": {"a": 1, "b": [True, None]}})

    def test_hello_post_scalar_body(self):
        self.assert_json(self.request("POST", "/api/hello", '"text"'), 200, {"received": "text"})

    def test_hello_post_malformed_json_is_400(self):
        a = self.request("POST", "/api/hello", "{bad")
        self.assertEqual(a.status, 400)
        self.assertIsInstance(a.json().get("error"), str)

    def test_hello_post_empty_body_is_400(self):
        a = self.request("POST", "/api/hello", "")
        self.assertEqual(a.status, 400)
        self.assertIsInstance(a.json().get("error"), str)

    def test_hello_head_is_get_without_body(self):
        a = self.request("HEAD", "/api/hello")
        self.assertEqual(a.status, 200)
        self.assertEqual(a.header("Content-Type"), "application/json")
        self.assertEqual(a.body, b"")

    def test_hello_options(self):
        a = self.request("OPTIONS", "/api/hello")
        self.assertEqual(a.status, 204)
        self.assertEqual(a.header("Allow"), COLLECTION_METHODS)
        self.assertEqual(a.body, b"")

    def test_hello_405_carries_allow(self):
        for method in ("PUT", "DELETE", "PATCH"):
            with self.subTest(method=method):
                a = self.request(method, "/api/hello", "{}")
                self.assertEqual(a.status, 405)
                self.assertEqual(a.header("Allow"), COLLECTION_METHODS)

    def test_hello_trailing_slash_is_308(self):
        a = self.request("GET", "/api/hello/")
        self.assertEqual(a.status, 308)
        self.assertEqual(a.header("Location"), "/api/hello")

    def test_hello_trailing_slash_keeps_the_query(self):
        a = self.request("POST", "/api/hello/?x=1&y=2", "{}")
        self.assertEqual(a.status, 308)
        self.assertEqual(a.header("Location"), "/api/hello?x=1&y=2")

    # /api/posts and /api/posts/[id]

    def test_posts_crud(self):
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])
        created = {"id": "2", "title": "Hello", "content": "World"}
        self.assert_json(self.request("POST", "/api/posts", '{"title":"Hello","content":"World"}'),
                         201, created)
        self.assert_json(self.request("GET", "/api/posts/2"), 200, created)
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST, created])
        # PUT replaces: the content it omits becomes "".
        self.assert_json(self.request("PUT", "/api/posts/2", '{"title":"New"}'), 200,
                         {"id": "2", "title": "New", "content": ""})
        # PATCH merges: the title it omits is kept.
        self.assert_json(self.request("PATCH", "/api/posts/2", '{"content":"Body"}'), 200,
                         {"id": "2", "title": "New", "content": "Body"})
        self.assert_json(self.request("GET", "/api/posts/2"), 200,
                         {"id": "2", "title": "New", "content": "Body"})
        deleted = self.request("DELETE", "/api/posts/2")
        self.assertEqual(deleted.status, 204)
        self.assertEqual(deleted.body, b"")
        self.assert_json(self.request("GET", "/api/posts/2"), 404, {"error": "Post not found"})
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])
        # Ids count up; a deleted id is not reused.
        self.assert_json(self.request("POST", "/api/posts", '{"title":"Again"}'), 201,
                         {"id": "3", "title": "Again", "content": ""})

    def test_posts_missing_item_is_404_for_every_method(self):
        for method, body in (("GET", None), ("PUT", '{"title":"x"}'),
                             ("PATCH", '{"title":"x"}'), ("DELETE", None)):
            with self.subTest(method=method):
                self.assert_json(self.request(method, "/api/posts/99", body), 404,
                                 {"error": "Post not found"})

    def test_posts_create_needs_a_title(self):
        for body, issue in (("{}", ["title", "required", "'title' is required"]),
                            ('{"title":""}', ["title", "too_small",
                                              "'title' must be at least 1 character long"]),
                            ('{"title":5}', ["title", "invalid_type", "'title' must be a string"]),
                            ("[]", ["", "invalid_type", "expected an object"])):
            with self.subTest(body=body):
                path, code, message = issue
                self.assert_json(self.request("POST", "/api/posts", body), 400,
                                 {"error": "Invalid body: " + message,
                                  "issues": [{"path": path, "code": code, "message": message}]})
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

    def test_posts_every_invalid_field_is_named(self):
        a = self.request("POST", "/api/posts", '{"title":"' + "x" * 201 + '","content":7}')
        self.assertEqual(a.status, 400, a.body)
        self.assertEqual([(i["path"], i["code"]) for i in a.json()["issues"]],
                         [("title", "too_big"), ("content", "invalid_type")])
        a = self.request("PATCH", "/api/posts/1", '{"title":""}')
        self.assertEqual(a.status, 400, a.body)
        self.assertEqual(a.json()["issues"][0]["path"], "title")
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

    def test_posts_take_and_skip_page_the_list(self):
        for i in range(5):
            self.assertEqual(self.request("POST", "/api/posts", '{"title":"p%d"}' % i).status, 201)
        page = self.request("GET", "/api/posts?take=2&skip=1")
        self.assertEqual(page.status, 200, page.body)
        self.assertEqual([p["title"] for p in page.json()], ["p0", "p1"])
        self.assertEqual(len(self.request("GET", "/api/posts").json()), 6)
        for query in ("take=abc", "take=0", "take=101", "skip=-1"):
            with self.subTest(query=query):
                a = self.request("GET", "/api/posts?" + query)
                self.assertEqual(a.status, 400, a.body)
                self.assertIn("take" if "take" in query else "skip", a.json()["error"])

    def test_posts_survive_a_restart(self):
        created = self.request("POST", "/api/posts", '{"title":"Kept","content":"on disk"}')
        self.assertEqual(created.status, 201, created.body)
        self.app.stop()
        self.app = AppServer(self.binary, env=self.env).start()
        self.addCleanup(self.app.stop)
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST, created.json()])

    def test_posts_create_malformed_json_is_400(self):
        a = self.request("POST", "/api/posts", '{"title":')
        self.assertEqual(a.status, 400)
        self.assertEqual(a.header("Content-Type").split(";")[0], "application/json")
        self.assertIsInstance(a.json().get("error"), str)
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

    def test_posts_head_is_get_without_body(self):
        for path in ("/api/posts", "/api/posts/1"):
            with self.subTest(path=path):
                a = self.request("HEAD", path)
                self.assertEqual(a.status, 200)
                self.assertEqual(a.header("Content-Type"), "application/json")
                self.assertEqual(a.body, b"")
        self.assertEqual(self.request("HEAD", "/api/posts/99").status, 404)

    def test_posts_options(self):
        for path, allow in (("/api/posts", COLLECTION_METHODS), ("/api/posts/1", ITEM_METHODS)):
            with self.subTest(path=path):
                a = self.request("OPTIONS", path)
                self.assertEqual(a.status, 204)
                self.assertEqual(a.header("Allow"), allow)
                self.assertEqual(a.body, b"")

    def test_posts_405_carries_allow(self):
        for method, path, allow in (("POST", "/api/posts/1", ITEM_METHODS),
                                    ("DELETE", "/api/posts", COLLECTION_METHODS),
                                    ("PUT", "/api/posts", COLLECTION_METHODS)):
            with self.subTest(method=method, path=path):
                a = self.request(method, path, "{}")
                self.assertEqual(a.status, 405)
                self.assertEqual(a.header("Allow"), allow)
        # Nothing was created or changed by the refused requests.
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

    def test_posts_trailing_slash_is_308_before_routing(self):
        for method, path, location in (("GET", "/api/posts/", "/api/posts"),
                                       ("POST", "/api/posts/", "/api/posts"),
                                       ("DELETE", "/api/posts/1/", "/api/posts/1")):
            with self.subTest(method=method, path=path):
                a = self.request(method, path, '{"title":"x"}' if method == "POST" else None)
                self.assertEqual(a.status, 308)
                self.assertEqual(a.header("Location"), location)
        # The redirected POST and DELETE did not run.
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

    def test_unknown_path_is_404(self):
        a = self.request("GET", "/api/posts/1/comments")
        self.assertEqual(a.status, 404)
        self.assertIsInstance(a.json().get("error"), str)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the app-router example (spur-app-router)")
    ap.add_argument("--spur", required=True, help="the spur command, to migrate the database")
    ap.add_argument("--app", required=True, help="the app's folder (examples/app-router)")
    args, rest = ap.parse_known_args()
    global SPUR, APP_DIR
    AppRouterTest.binary, SPUR, APP_DIR = args.binary, args.spur, args.app
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
