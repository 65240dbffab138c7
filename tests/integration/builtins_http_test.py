#!/usr/bin/env python3
"""Middleware and the built-ins of spur.config.cpp over real HTTP, against the
fixture apps tests/fixtures/builtins-app (middleware.cpp and every built-in)
and tests/fixtures/base-path-app (basePath and trailing slashes added), each
test on a freshly started app.

Usage: builtins_http_test.py --builtins PATH --base-path PATH [unittest options]
"""
import argparse
import gzip
import http.client
import json
import os
import re
import sys
import time
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from spur_app import HOST, Answer, AppTestCase  # noqa: E402

SECRET = "0123456789abcdef0123456789abcdef-test"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")




class AppTest(AppTestCase):
    env = {"SPUR_COOKIE_SECRET": SECRET}

    def request(self, method, path, headers=None, body=None):
        conn = http.client.HTTPConnection(HOST, self.app.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            resp = conn.getresponse()
            return Answer(resp, resp.read())
        finally:
            conn.close()

    def log_lines(self, predicate, timeout=5):
        """The app's output lines for which predicate holds, waiting for one."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.app.tail(200) if predicate(line)]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)


class Middleware(AppTest):
    def test_next_adds_request_and_response_headers(self):
        a = self.request("GET", "/api/whoami")
        self.assertEqual(a.status, 200)
        self.assertEqual(a.json()["user"], "alice")
        self.assertEqual(a.header("x-middleware"), "ran")

    def test_runs_for_pages_routes_too(self):
        a = self.request("GET", "/api/pages-whoami")
        self.assertEqual((a.status, a.json()), (200, {"user": "alice", "method": "GET"}))
        self.assertEqual(a.header("x-middleware"), "ran")

    def test_rewrite_serves_another_path_without_redirect(self):
        a = self.request("GET", "/alias/anything/here")
        self.assertEqual(a.status, 200)
        self.assertEqual(a.json()["path"], "/api/whoami")
        self.assertEqual(a.json()["via"], "rewrite")

    def test_redirect(self):
        a = self.request("GET", "/old")
        self.assertEqual(a.status, 308)
        self.assertEqual(a.header("location"), "/api/whoami")

    def test_response_short_circuits(self):
        a = self.request("GET", "/api/blocked")
        self.assertEqual((a.status, a.json()), (403, {"error": "blocked by middleware"}))

    def test_exception_is_a_500_without_the_message(self):
        a = self.request("GET", "/api/mw-throws")
        self.assertEqual(a.status, 500)
        self.assertNotIn(b"middleware detail", a.body)
        self.assertTrue(self.log_lines(lambda l: "middleware.cpp" in l and "middleware detail" in l))

    def test_runs_before_public_files_with_missing_condition(self):
        self.assertEqual(self.request("GET", "/gated.txt").status, 401)
        a = self.request("GET", "/gated.txt", {"Cookie": "pass=1"})
        self.assertEqual((a.status, a.body), (200, b"members only\n"))

    def test_unmatched_paths_skip_it(self):
        a = self.request("GET", "/hello.txt")
        self.assertEqual(a.status, 200)
        self.assertIsNone(a.header("x-middleware"))


class Builtins(AppTest):
    def test_request_id_generated_and_propagated(self):
        a = self.request("GET", "/api/whoami")
        rid = a.header("x-request-id")
        self.assertRegex(rid, UUID)
        self.assertEqual(a.json()["requestId"], rid)
        b = self.request("GET", "/api/whoami", {"X-Request-Id": "upstream-42"})
        self.assertEqual((b.header("x-request-id"), b.json()["requestId"]), ("upstream-42", "upstream-42"))
        c = self.request("GET", "/api/whoami", {"X-Request-Id": "bad id with spaces"})
        self.assertRegex(c.header("x-request-id"), UUID)

    def test_access_log_json_lines(self):
        self.request("GET", "/api/whoami?x=1", {"User-Agent": "builtins-test", "X-Request-Id": "log-1"})
        lines = self.log_lines(lambda l: l.startswith("{") and '"log-1"' in l)
        self.assertEqual(len(lines), 1, self.app.tail())
        entry = json.loads(lines[0])
        self.assertEqual((entry["method"], entry["path"], entry["status"]), ("GET", "/api/whoami?x=1", 200))
        self.assertEqual((entry["ip"], entry["ua"], entry["requestId"]), ("127.0.0.1", "builtins-test", "log-1"))
        self.assertGreater(entry["bytes"], 0)
        self.assertRegex(entry["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

    def test_cors_preflight_allowed_origin(self):
        a = self.request("OPTIONS", "/api/whoami", {
            "Origin": "https://allowed.example", "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-custom, content-type"})
        self.assertEqual(a.status, 204)
        self.assertEqual(a.header("access-control-allow-origin"), "https://allowed.example")
        self.assertEqual(a.header("access-control-allow-credentials"), "true")
        self.assertIn("PUT", a.header("access-control-allow-methods"))
        self.assertEqual(a.header("access-control-allow-headers"), "x-custom, content-type")
        self.assertEqual(a.header("access-control-max-age"), "600")
        self.assertIn("Origin", a.header("vary"))

    def test_cors_preflight_other_origin_gets_no_grant(self):
        a = self.request("OPTIONS", "/api/whoami", {
            "Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"})
        self.assertEqual(a.status, 204)
        self.assertIsNone(a.header("access-control-allow-origin"))

    def test_cors_actual_request(self):
        a = self.request("GET", "/api/whoami", {"Origin": "https://allowed.example"})
        self.assertEqual(a.header("access-control-allow-origin"), "https://allowed.example")
        self.assertEqual(a.header("access-control-expose-headers"), "X-Request-Id")
        b = self.request("GET", "/api/whoami", {"Origin": "https://evil.example"})
        self.assertIsNone(b.header("access-control-allow-origin"))
        self.assertIn("Origin", b.header("vary"))

    def test_compression_br_gzip_and_small_bodies(self):
        plain = self.request("GET", "/api/big")
        self.assertIsNone(plain.header("content-encoding"))
        self.assertIn("Accept-Encoding", plain.header("vary"))
        gz = self.request("GET", "/api/big", {"Accept-Encoding": "gzip"})
        self.assertEqual(gz.header("content-encoding"), "gzip")
        self.assertEqual(gzip.decompress(gz.body), plain.body)
        self.assertLess(len(gz.body), len(plain.body) // 4)
        br = self.request("GET", "/api/big", {"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual(br.header("content-encoding"), "br")
        self.assertLess(len(br.body), len(plain.body) // 4)
        small = self.request("GET", "/api/whoami", {"Accept-Encoding": "gzip, br"})
        self.assertIsNone(small.header("content-encoding"))
        # public/ files go out as they are (sendfile).
        f = self.request("GET", "/hello.txt", {"Accept-Encoding": "gzip"})
        self.assertEqual((f.header("content-encoding"), f.body), (None, b"hello from a file\n"))

    def test_rate_limit_per_key_with_retry_after(self):
        for i in range(50):
            a = self.request("GET", "/api/whoami", {"X-Api-Key": "k1"})
            self.assertEqual(a.status, 200, f"request {i}")
        self.assertEqual(a.header("ratelimit-remaining"), "0")
        self.assertEqual(a.header("ratelimit-limit"), "50")
        limited = self.request("GET", "/api/whoami", {"X-Api-Key": "k1"})
        self.assertEqual(limited.status, 429)
        self.assertGreaterEqual(int(limited.header("retry-after")), 1)
        body = limited.json()
        self.assertEqual((body["message"], body["status"]), ("Too Many Requests", 429))
        self.assertEqual(self.request("GET", "/api/whoami", {"X-Api-Key": "k2"}).status, 200)
        # Without a key: the client address's own bucket.
        self.assertEqual(self.request("GET", "/api/whoami").status, 200)

    def test_security_headers(self):
        a = self.request("GET", "/api/whoami")
        self.assertEqual(a.header("x-content-type-options"), "nosniff")
        self.assertEqual(a.header("x-frame-options"), "DENY")
        self.assertEqual(a.header("referrer-policy"), "no-referrer")
        self.assertIn("max-age=", a.header("strict-transport-security"))
        self.assertIn("default-src 'none'", a.header("content-security-policy"))

    def test_error_format_and_no_internal_messages(self):
        a = self.request("GET", "/api/nothing-here", {"X-Request-Id": "err-1"})
        self.assertEqual((a.status, a.json()), (404, {"message": "Not Found", "status": 404, "requestId": "err-1"}))
        b = self.request("GET", "/api/boom", {"X-Request-Id": "err-2"})
        self.assertEqual((b.status, b.json()),
                         (500, {"message": "Internal Server Error", "status": 500, "requestId": "err-2"}))
        self.assertNotIn(b"internal detail", b.body)
        c = self.request("PUT", "/api/whoami")
        self.assertEqual((c.status, c.json()["message"]), (405, "Method Not Allowed"))

    def test_signed_cookie_round_trip_and_tampering(self):
        a = self.request("GET", "/api/session?set=user-7")
        cookie = a.header("set-cookie")
        self.assertTrue(cookie.startswith("session=user-7."), cookie)
        self.assertIn("HttpOnly", cookie)
        pair = cookie.split(";")[0]
        self.assertEqual(self.request("GET", "/api/session", {"Cookie": pair}).json(), {"session": "user-7"})
        tampered = pair.replace("user-7", "user-8")
        self.assertEqual(self.request("GET", "/api/session", {"Cookie": tampered}).json(), {"session": None})
        self.assertEqual(self.request("GET", "/api/session").json(), {"session": None})


class Robustness(AppTest):
    """What a hostile client sends, against an app with matchers and a Pages
    handler that answers every method."""

    # Raised so that a 64 KiB request target is read at all.
    args = ("--max-target-bytes", "70000", "--max-header-bytes", "80000")
    cpu_budget_ms = 1.0  # per request; main() loosens it for sanitizer builds

    def cpu_seconds(self):
        """User and system CPU time the app has used so far."""
        with open(f"/proc/{self.app.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def test_64_kib_path_through_the_matchers_costs_well_under_a_millisecond(self):
        # middleware.cpp's matchers ("/api/:path*" among them) run on this
        # path; a backtracking regex engine takes seconds or overflows its stack.
        path = "/api/" + "a/" * 32765 + "a"
        self.assertEqual(len(path), 64 * 1024)
        self.assertEqual(self.request("GET", "/api/whoami").status, 200)  # warmed up
        conn = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        self.addCleanup(conn.close)
        n = 100
        before = self.cpu_seconds()
        for i in range(n):
            # Each with its own key: the rate limit (50 a minute a key) stays out of it.
            conn.request("GET", path, headers={"x-api-key": f"key-{i}"})
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 404)
            self.assertEqual(resp.getheader("x-middleware"), "ran")  # the matcher matched
        per_request_ms = (self.cpu_seconds() - before) * 1000 / n
        print(f"\n  64 KiB path: {per_request_ms:.3f} ms of app CPU a request", file=sys.stderr)
        self.assertLess(per_request_ms, self.cpu_budget_ms)

    def test_method_no_registry_knows_is_501_even_for_a_pages_handler(self):
        for method in ("get", "FOO", "Post"):
            a = self.request(method, "/api/pages-whoami")
            self.assertEqual((a.status, a.json()), (501, {"error": "Method not implemented"}), method)

    def test_registered_extension_methods_reach_the_pages_handler(self):
        for method in ("PURGE", "PROPFIND", "REPORT"):
            a = self.request(method, "/api/pages-whoami")
            self.assertEqual((a.status, a.json()), (200, {"user": "alice", "method": method}))


class BasePath(AppTest):
    def test_routes_live_under_the_base_path_with_trailing_slash(self):
        a = self.request("GET", "/docs/api/hello")
        self.assertEqual((a.status, a.header("location")), (308, "/docs/api/hello/"))
        b = self.request("GET", "/docs/api/hello/?q=1")
        self.assertEqual((b.status, b.json()), (200, {"path": "/api/hello"}))
        self.assertTrue(self.log_lines(lambda l: "GET /docs/api/hello/?q=1 200 in" in l))
        self.assertEqual(self.request("GET", "/api/hello/").status, 404)
        self.assertEqual(self.request("GET", "/docsx/api/hello/").status, 404)

    def test_query_kept_on_redirect_and_files_not_redirected(self):
        a = self.request("GET", "/docs/api/hello?x=1")
        self.assertEqual(a.header("location"), "/docs/api/hello/?x=1")
        f = self.request("GET", "/docs/logo.txt")
        self.assertEqual((f.status, f.body), (200, b"a logo\n"))

    def test_dev_access_log_line(self):
        self.request("GET", "/docs/api/hello/")
        self.assertTrue(self.log_lines(lambda l: re.search(r"GET /docs/api/hello/ 200 in \d+\.\dms", l)),
                        self.app.tail())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--builtins", required=True)
    parser.add_argument("--base-path", required=True)
    parser.add_argument("--cpu-budget-ms", type=float, default=Robustness.cpu_budget_ms)
    args, rest = parser.parse_known_args()
    Middleware.binary = Builtins.binary = Robustness.binary = args.builtins
    Robustness.cpu_budget_ms = args.cpu_budget_ms
    BasePath.binary = args.base_path
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
