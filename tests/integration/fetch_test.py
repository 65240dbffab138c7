#!/usr/bin/env python3
"""spur::fetch over real sockets: tests/fixtures/fetch-app calls upstream
servers started here on 127.0.0.1 (plain HTTP, and TLS with a CA this test
makes with `openssl`). Pooling (the upstream counts connections), each
timeout, redirects and what they drop, the size cap, gzip, a refused
certificate, typed bodies, a call abandoned when the inbound client goes
away (the upstream sees its connection closed), and slow name lookups (a
getaddrinfo shim) that delay no other call.

Usage: fetch_test.py --binary PATH --slow-dns SHIM.so [unittest options]
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, AppServer  # noqa: E402
from upstream import Upstream, call_fetch_route, make_ca, tls_server_context  # noqa: E402

BINARY = SLOW_DNS = None


class Fetch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="spur-fetch-test-")
        cls.ca = make_ca(cls.folder)
        cls.up = Upstream()
        cls.other = Upstream()
        cls.tls = Upstream(tls_server_context(cls.folder, "server"))
        cls.tls_other_name = Upstream(tls_server_context(cls.folder, "other"))
        cls.mutual = Upstream(tls_server_context(cls.folder, "server", require_client_certificate=True))
        # Sanitizers want to be loaded first; the shim only adds getaddrinfo.
        cls.app = AppServer(BINARY, env={"LD_PRELOAD": SLOW_DNS,
                                         "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") +
                                         ":verify_asan_link_order=0"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        for u in (cls.up, cls.other, cls.tls, cls.tls_other_name, cls.mutual):
            u.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def call(self, url, verb="GET", body=None, **params):
        return call_fetch_route(self.app.port, url, verb, body, **params)

    def test_a_plain_call_and_a_kept_alive_connection(self):
        up = Upstream()
        try:
            for _ in range(5):
                status, got = self.call(up.url("/hello"))
                self.assertEqual(status, 200, got)
                self.assertEqual((got["status"], got["body"]), (200, "hello"))
            self.assertEqual(len(up.connections), 1, "one pooled connection for five calls")
            # The server closed it: the next call opens another and works.
            self.assertEqual(self.call(up.url("/close"))[1]["body"], "closing")
            self.assertEqual(self.call(up.url("/hello"))[1]["body"], "hello")
            self.assertEqual(len(up.connections), 2)
        finally:
            up.stop()

    def test_method_body_and_headers_reach_the_upstream(self):
        status, got = self.call(self.up.url("/echo"), verb="POST", body=b'{"a":1}',
                                auth="Bearer t")
        echo = json.loads(got["body"])
        self.assertEqual(echo["body"], '{"a":1}')
        self.assertEqual(echo["headers"]["authorization"], "Bearer t")
        self.assertEqual(echo["headers"]["host"], f"{HOST}:{self.up.port}")
        self.assertIn("gzip", echo["headers"]["accept-encoding"])
        status, got = self.call(self.up.url("/echo"), **{"method": "DELETE"})
        self.assertEqual(json.loads(got["body"])["method"], "DELETE")

    def test_gzip_and_deflate_are_decoded(self):
        got = self.call(self.up.url("/gzip?n=5000"))[1]
        self.assertEqual(got["body"], "z" * 5000)
        self.assertNotIn("Content-Encoding", got["headers"])
        self.assertEqual(self.call(self.up.url("/deflate"))[1]["body"], "d" * 1000)
        # A HEAD answer names its encoding but has no body: nothing to decode.
        got = self.call(self.up.url("/gzip"), **{"method": "HEAD"})[1]
        self.assertEqual((got["status"], got["body"]), (200, ""))

    def test_the_size_cap_holds_before_and_after_decoding(self):
        status, got = self.call(self.up.url("/big?n=200000"), max_bytes="100000")
        self.assertEqual(status, 502)
        self.assertIn("answered more than 100000 bytes", got["error"])
        # 10 MB of zeros is a few kB compressed: refused once decoded past the cap.
        status, got = self.call(self.up.url("/gzip?n=10000000"), max_bytes="1000000")
        self.assertEqual(status, 502)
        self.assertIn("decoded", got["error"])

    def test_redirects_drop_credentials_across_origins(self):
        same = self.up.url("/redirect?" + urllib.parse.urlencode({"to": "/echo"}))
        got = self.call(same, auth="Bearer same")[1]
        self.assertTrue(got["redirected"])
        self.assertEqual(json.loads(got["body"])["headers"]["authorization"], "Bearer same")
        away = self.up.url("/redirect?" + urllib.parse.urlencode({"to": self.other.url("/echo")}))
        got = self.call(away, auth="Bearer secret", key="k1")[1]
        self.assertEqual(got["url"], self.other.url("/echo"))
        headers = json.loads(got["body"])["headers"]
        self.assertNotIn("authorization", headers)
        self.assertNotIn("x-api-key", headers)
        # 303 after a POST: a GET without the body.
        see_other = self.up.url("/redirect?" + urllib.parse.urlencode({"to": "/echo", "status": "303"}))
        echo = json.loads(self.call(see_other, verb="POST", body=b"payload")[1]["body"])
        self.assertEqual((echo["method"], echo["body"]), ("GET", ""))
        # 307 keeps both.
        temporary = self.up.url("/redirect?" + urllib.parse.urlencode({"to": "/echo", "status": "307"}))
        echo = json.loads(self.call(temporary, verb="POST", body=b"payload")[1]["body"])
        self.assertEqual((echo["method"], echo["body"]), ("POST", "payload"))

    def test_opt_in_retries(self):
        def flaky(key, **q):
            return self.up.url("/flaky?" + urllib.parse.urlencode({"key": key, **q}))
        key = f"a{time.monotonic_ns()}"
        got = self.call(flaky(key, fail=2), retries="2")[1]
        self.assertEqual((got["status"], got["body"]), (200, "ok after 2"))
        self.assertEqual(self.up.counts[key], 3)
        key = f"b{time.monotonic_ns()}"
        self.assertEqual(self.call(flaky(key, fail=2), retries="1")[1]["status"], 503)
        self.assertEqual(self.up.counts[key], 2)
        key = f"c{time.monotonic_ns()}"  # not asked: one attempt
        self.assertEqual(self.call(flaky(key, fail=1))[1]["status"], 503)
        self.assertEqual(self.up.counts[key], 1)
        key = f"d{time.monotonic_ns()}"  # POST is not idempotent
        self.assertEqual(self.call(flaky(key, fail=1), verb="POST", body=b"x", retries="3")[1]["status"], 503)
        self.assertEqual(self.up.counts[key], 1)
        key = f"e{time.monotonic_ns()}"  # Retry-After: 1 is waited for
        start = time.monotonic()
        got = self.call(flaky(key, fail=1, status=429, retry_after=1), retries="1")[1]
        self.assertEqual(got["status"], 200)
        self.assertGreaterEqual(time.monotonic() - start, 0.9)
        key = f"f{time.monotonic_ns()}"  # longer than max_retry_wait: answered as is
        start = time.monotonic()
        got = self.call(flaky(key, fail=1, retry_after=60), retries="3")[1]
        self.assertEqual(got["status"], 503)
        self.assertLess(time.monotonic() - start, 1.0)
        # A refused connection is tried again: 100 + 200 ms of waiting.
        s = socket.socket()
        s.bind((HOST, 0))
        port = s.getsockname()[1]
        s.close()
        start = time.monotonic()
        self.assertEqual(self.call(f"http://{HOST}:{port}/x", retries="2")[0], 502)
        self.assertGreaterEqual(time.monotonic() - start, 0.28)

    def test_redirect_modes_and_limits(self):
        got = self.call(self.up.url("/redirect?to=/hello"), redirect="manual")[1]
        self.assertEqual((got["status"], got["headers"]["Location"]), (302, "/hello"))
        status, got = self.call(self.up.url("/redirect?to=/hello"), redirect="error")
        self.assertEqual(status, 502)
        status, got = self.call(self.up.url("/loop"), max_redirects="3")
        self.assertEqual(status, 502)
        self.assertIn("more than 3 redirects", got["error"])

    def test_timeouts(self):
        start = time.monotonic()
        status, got = self.call(self.up.url("/slow?ms=3000"), timeout_ms="300")
        self.assertEqual(status, 504, got)
        self.assertIn("did not answer within 300 ms", got["error"])
        self.assertLess(time.monotonic() - start, 2.5)
        status, got = self.call(self.up.url("/stall-body"), read_ms="300")
        self.assertEqual(status, 504, got)
        self.assertIn("sent nothing for 300 ms", got["error"])
        # A listener that never accepts, its queue full: connecting stalls.
        blackhole = socket.socket()
        blackhole.bind((HOST, 0))
        blackhole.listen(0)
        fillers = []
        try:
            for _ in range(4):
                s = socket.socket()
                s.setblocking(False)
                s.connect_ex(blackhole.getsockname())
                fillers.append(s)
            time.sleep(0.2)
            port = blackhole.getsockname()[1]
            start = time.monotonic()
            status, got = self.call(f"http://{HOST}:{port}/x", connect_ms="300")
            self.assertEqual(status, 504, got)
            self.assertIn("connecting to", got["error"])
            self.assertLess(time.monotonic() - start, 2.5)
        finally:
            for s in fillers:
                s.close()
            blackhole.close()

    def test_refused_and_unresolvable(self):
        s = socket.socket()
        s.bind((HOST, 0))
        port = s.getsockname()[1]
        s.close()
        status, got = self.call(f"http://{HOST}:{port}/x")
        self.assertEqual(status, 502)
        self.assertIn("could not connect", got["error"])
        status, got = self.call("http://no-such-host.invalid/x")
        self.assertEqual(status, 502)
        self.assertIn("could not resolve no-such-host.invalid", got["error"])
        self.assertEqual(self.call("ftp://example.com/")[0], 502)

    def test_private_addresses_refused_on_request(self):
        for url in (self.up.url("/hello"), f"http://localhost:{self.up.port}/hello",
                    f"http://x.fast.test:{self.up.port}/hello"):
            status, got = self.call(url, public_only="1")
            self.assertEqual(status, 502, url)
            self.assertIn("127.0.0.1, not a public address", got["error"])
        self.assertEqual(self.call(self.up.url("/hello"))[0], 200)  # not asked: allowed

    def test_tls_verified_against_the_given_ca(self):
        got = self.call(self.tls.url("/hello", host="localhost"), ca=self.ca)[1]
        self.assertEqual((got["status"], got["body"]), (200, "hello"))
        got = self.call(self.tls.url("/hello"), ca=self.ca)[1]  # the IP is in the certificate
        self.assertEqual(got["body"], "hello")
        # Not in the system's store.
        status, got = self.call(self.tls.url("/hello", host="localhost"))
        self.assertEqual(status, 502)
        self.assertIn("TLS with localhost", got["error"])
        # Signed by the CA, for another name.
        status, got = self.call(self.tls_other_name.url("/hello", host="localhost"), ca=self.ca)
        self.assertEqual(status, 502)
        # https → http is refused.
        down = self.tls.url("/redirect?" + urllib.parse.urlencode({"to": self.up.url("/hello")}),
                            host="localhost")
        status, got = self.call(down, ca=self.ca)
        self.assertEqual(status, 502)
        self.assertIn("from https to http", got["error"])

    def test_a_client_certificate_when_the_server_asks(self):
        cert = os.path.join(self.folder, "client.pem")
        key = os.path.join(self.folder, "client.key")
        got = self.call(self.mutual.url("/hello", host="localhost"), ca=self.ca, cert=cert, cert_key=key)[1]
        self.assertEqual((got["status"], got["body"]), (200, "hello"))
        status, got = self.call(self.mutual.url("/hello", host="localhost"), ca=self.ca)
        self.assertEqual(status, 502, got)
        status, got = self.call(self.up.url("/hello"), cert="/nonexistent.pem", cert_key=key)
        self.assertEqual(status, 200, "a plain call does not load TLS files")
        status, got = self.call(self.tls.url("/hello", host="localhost"), ca=self.ca,
                                cert="/nonexistent.pem", cert_key=key)
        self.assertEqual(status, 502)
        self.assertIn("TLS settings", got["error"])

    def test_typed_body(self):
        def typed(body):
            url = self.up.url("/json?" + urllib.parse.urlencode({"body": body}))
            c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
            try:
                c.request("GET", "/api/typed?" + urllib.parse.urlencode({"url": url}))
                r = c.getresponse()
                return r.status, json.loads(r.read())
            finally:
                c.close()
        self.assertEqual(typed('{"id": 7, "name": "Ada"}'), (200, {"id": 7, "name": "Ada"}))
        status, got = typed('{"id": "seven", "name": "Ada"}')
        self.assertEqual(status, 502)
        self.assertIn("answered an unexpected body: 'id' must be", got["error"])
        status, got = typed("not json")
        self.assertEqual(status, 502)
        self.assertIn("not JSON", got["error"])

    def test_a_client_that_goes_away_cancels_the_call(self):
        up = Upstream()
        try:
            c = socket.create_connection((HOST, self.app.port))
            query = urllib.parse.urlencode({"url": up.url("/slow?ms=5000")})
            c.sendall(f"GET /api/fetch?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            deadline = time.monotonic() + 5
            while not up.requests and time.monotonic() < deadline:
                time.sleep(0.02)
            self.assertTrue(up.requests, "the call did not reach the upstream")
            c.close()
            self.assertTrue(up.abandoned.wait(3), "the upstream connection stayed open")
            # The app goes on serving.
            self.assertEqual(self.call(self.up.url("/hello"))[1]["body"], "hello")
        finally:
            up.stop()

    def test_a_slow_lookup_delays_no_other(self):
        # Three names that take two seconds each, and one that takes none, at
        # once: each lookup has its own thread, so all end after about two
        # seconds and the quick one at once (one after another, as Asio's
        # resolver runs them, they would end after 2, 4 and 6 s, the quick one
        # after 2 s at least). The bounds leave room for a loaded machine.
        results = {}

        def one(name):
            start = time.monotonic()
            status, got = self.call(f"http://{name}:{self.up.port}/hello")
            results[name] = (status, time.monotonic() - start)

        names = [f"n{i}-{time.monotonic_ns()}.slow.test" for i in range(3)]
        threads = [threading.Thread(target=one, args=(n,)) for n in names]
        for t in threads:
            t.start()
        time.sleep(0.2)
        one(f"q-{time.monotonic_ns()}.fast.test")
        for t in threads:
            t.join()
        quick = [v for k, v in results.items() if k.endswith(".fast.test")][0]
        self.assertEqual(quick[0], 200)
        self.assertLess(quick[1], 1.5, "the quick lookup waited for the slow ones")
        for name in names:
            self.assertEqual(results[name][0], 200)
            self.assertLess(results[name][1], 3.8, f"{name}: lookups ran one after another")
        # Cached now: no second wait.
        start = time.monotonic()
        self.assertEqual(self.call(f"http://{names[0]}:{self.up.port}/hello")[0], 200)
        self.assertLess(time.monotonic() - start, 1.5)

    def test_a_deadline_ends_a_slow_lookup(self):
        start = time.monotonic()
        status, got = self.call(f"http://d-{time.monotonic_ns()}.slow.test:{self.up.port}/hello",
                                timeout_ms="200")
        self.assertEqual(status, 504, got)
        self.assertIn("did not answer within 200 ms", got["error"])
        self.assertLess(time.monotonic() - start, 0.8)
        status, got = self.call(f"http://c-{time.monotonic_ns()}.slow.test:{self.up.port}/hello",
                                connect_ms="200")
        self.assertEqual(status, 504, got)
        self.assertIn("took longer than 200 ms", got["error"])

    def both(self, a, b):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("GET", "/api/both?" + urllib.parse.urlencode({"a": a, "b": b}))
            r = c.getresponse()
            return r.status, json.loads(r.read())
        finally:
            c.close()

    def test_when_all_runs_calls_at_once(self):
        start = time.monotonic()
        status, got = self.both(self.up.url("/slow?ms=600"), self.other.url("/slow?ms=600"))
        self.assertEqual((status, got), (200, {"a": "slow", "b": "slow"}))
        self.assertLess(time.monotonic() - start, 1.1, "the two calls ran one after the other")

    def test_when_all_stops_the_others_when_one_fails(self):
        up = Upstream()
        try:
            s = socket.socket()
            s.bind((HOST, 0))
            refused = f"http://{HOST}:{s.getsockname()[1]}/x"
            s.close()
            start = time.monotonic()
            status, got = self.both(up.url("/slow?ms=5000"), refused)
            self.assertEqual(status, 502, got)
            self.assertIn("could not connect", got["error"])
            self.assertLess(time.monotonic() - start, 2.0)
            self.assertTrue(up.abandoned.wait(3), "the other call kept its upstream connection")
        finally:
            up.stop()

    def test_must_finish_keeps_the_call(self):
        up = Upstream()
        try:
            c = socket.create_connection((HOST, self.app.port))
            query = urllib.parse.urlencode({"url": up.url("/slow?ms=600"), "must_finish": "1"})
            c.sendall(f"GET /api/fetch?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            deadline = time.monotonic() + 5
            while not up.requests and time.monotonic() < deadline:
                time.sleep(0.02)
            c.close()
            time.sleep(1.0)
            self.assertFalse(up.abandoned.is_set(), "a must_finish call was cancelled")
        finally:
            up.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--slow-dns", required=True)
    args, rest = parser.parse_known_args()
    BINARY, SLOW_DNS = args.binary, args.slow_dns
    unittest.main(argv=[sys.argv[0]] + rest)
