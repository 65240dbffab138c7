#!/usr/bin/env python3
"""examples/bff over real HTTP: GET /api/dashboard/[id] calls a users and an
orders service (upstreams started here) at once; the answer joins them, a
failing service is a 502 naming it, one slower than the deadline a 504, and a
client that leaves closes both upstream connections. GET|POST
/api/proxy/[...path] is the users service behind the app's origin. The app
refuses to start without its services' URLs.

Usage: bff_test.py --binary PATH [unittest options]
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, AppServer  # noqa: E402
from upstream import Upstream  # noqa: E402

BINARY = None


def users(handler, path, q):
    if path == "/users/echo":
        body = handler.owner.requests[-1][3]
        return 201, json.dumps({"method": handler.command, "path": handler.path, "body": body.decode(),
                                "forwarded_for": handler.headers.get("X-Forwarded-For")}).encode(), [
            ("Content-Type", "application/json"), ("Set-Cookie", "seen=1")]
    user_id = path.rsplit("/", 1)[1]
    if user_id == "13":
        return 500, b'{"error":"database down"}', [("Content-Type", "application/json")]
    if user_id == "404":
        return 404, b'{"error":"not found"}', [("Content-Type", "application/json")]
    if user_id == "77" and not handler.wait(10):  # slow: the test leaves first
        return None
    return 200, json.dumps({"id": int(user_id), "name": "Ada"}).encode(), [
        ("Content-Type", "application/json")]


def orders(handler, path, q):
    user = q.get("user", "")
    if user in ("99", "77") and not handler.wait(3 if user == "99" else 10):
        return None
    return 200, json.dumps([{"id": 1, "user": int(user)}, {"id": 2, "user": int(user)}]).encode(), [
        ("Content-Type", "application/json")]


class Dashboard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.users = Upstream(routes=[("/users/", users)])
        cls.orders = Upstream(routes=[("/orders", orders)])
        cls.app = AppServer(BINARY, env={"USERS_API": cls.users.url(""),
                                         "ORDERS_API": cls.orders.url(""),
                                         "DASHBOARD_DEADLINE_MS": "500"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.users.stop()
        cls.orders.stop()

    def get(self, path):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("GET", path)
            r = c.getresponse()
            return r.status, json.loads(r.read())
        finally:
            c.close()

    def test_joins_both_services(self):
        self.assertEqual(self.get("/api/dashboard/7"),
                         (200, {"user": {"id": 7, "name": "Ada"},
                                "orders": [{"id": 1, "user": 7}, {"id": 2, "user": 7}]}))
        self.assertEqual(self.get("/api/dashboard/404"), (404, {"error": "No such user"}))

    def test_the_proxy_route_is_the_users_service(self):
        self.assertEqual(self.get("/api/proxy/users/7"), (200, {"id": 7, "name": "Ada"}))
        self.assertEqual(self.get("/api/proxy/users/404"), (404, {"error": "not found"}))
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("POST", "/api/proxy/users/echo?x=1", body=b'{"name":"Grace"}',
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            got = json.loads(r.read())
        finally:
            c.close()
        self.assertEqual((r.status, r.getheader("Set-Cookie")), (201, "seen=1"))
        self.assertEqual(got, {"method": "POST", "path": "/users/echo?x=1", "body": '{"name":"Grace"}',
                               "forwarded_for": "127.0.0.1"})

    def test_a_failing_service_is_named(self):
        self.assertEqual(self.get("/api/dashboard/13"), (502, {"error": "users answered 500"}))

    def test_a_service_slower_than_the_deadline(self):
        start = time.monotonic()
        status, body = self.get("/api/dashboard/99")
        self.assertEqual(status, 504, body)
        self.assertIn("/orders?user=99 did not answer within 500 ms", body["error"])
        self.assertLess(time.monotonic() - start, 2.0)

    def test_a_client_that_leaves_cancels_both_calls(self):
        users_up = Upstream(routes=[("/users/", users)])
        orders_up = Upstream(routes=[("/orders", orders)])
        app = AppServer(BINARY, env={"USERS_API": users_up.url(""), "ORDERS_API": orders_up.url(""),
                                     "DASHBOARD_DEADLINE_MS": "20000"}).start()
        try:
            c = socket.create_connection((HOST, app.port))
            c.sendall(b"GET /api/dashboard/77 HTTP/1.1\r\nHost: x\r\n\r\n")
            deadline = time.monotonic() + 5
            while (not users_up.requests or not orders_up.requests) and time.monotonic() < deadline:
                time.sleep(0.02)
            self.assertTrue(users_up.requests and orders_up.requests, "both calls should have started")
            c.close()
            self.assertTrue(users_up.abandoned.wait(3), "the users call went on")
            self.assertTrue(orders_up.abandoned.wait(3), "the orders call went on")
        finally:
            app.stop()
            users_up.stop()
            orders_up.stop()

    def test_refuses_to_start_without_its_services(self):
        env = {k: v for k, v in os.environ.items() if k not in ("USERS_API", "ORDERS_API")}
        env["USERS_API"] = "not a url"
        out = subprocess.run([BINARY, "--port", "0", "--hostname", HOST], env=env, cwd=HERE,
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 1, out.stdout + out.stderr)
        self.assertIn("'USERS_API' must be an http or https URL", out.stderr)
        self.assertIn("'ORDERS_API' is not set", out.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    BINARY = args.binary
    unittest.main(argv=[sys.argv[0]] + rest)
