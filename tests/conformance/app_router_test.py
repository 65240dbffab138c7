#!/usr/bin/env python3
"""examples/app-router over real HTTP: the App Router seeds at their own paths
(/api/hello, /api/posts, /api/posts/[id]), each test against a freshly started
app (the posts store is in memory, so every test starts from post "1" alone).

Usage: app_router_test.py --binary PATH/spur-app-router [unittest options]
"""
import argparse
import http.client
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from spur_app import HOST, Answer, AppTestCase  # noqa: E402

ITEM_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
COLLECTION_METHODS = "GET, HEAD, OPTIONS, POST"
FIRST_POST = {"id": "1", "title": "First post", "content": "Seeded at start-up"}




class AppRouterTest(AppTestCase):

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
        for body in ("{}", '{"title":""}', '{"title":5}', "[]"):
            with self.subTest(body=body):
                self.assert_json(self.request("POST", "/api/posts", body), 400,
                                 {"error": "title is required"})
        self.assert_json(self.request("GET", "/api/posts"), 200, [FIRST_POST])

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
    args, rest = ap.parse_known_args()
    AppRouterTest.binary = args.binary
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
