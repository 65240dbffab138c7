#!/usr/bin/env python3
"""spur::proxy, external rewrite() targets and streamed fetch bodies over real
sockets: tests/fixtures/fetch-app forwards /api/proxy/<path> (and, through
middleware.cpp, /ext/<path>) to an upstream started here on 127.0.0.1.
Status, headers and bodies pass through with hop-by-hop headers dropped and
X-Forwarded-* added; 20 MB bodies stream both ways, chunked or not; a client
or an upstream that reads slowly holds the other side back instead of
growing the server's memory; an upstream that breaks off truncates the
response; a client that leaves closes the upstream connection.

Usage: proxy_test.py --binary PATH [unittest options]
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import shutil
import socket
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, AppServer, memory_kib  # noqa: E402
from upstream import ForwardProxy, Upstream, call_fetch_route, make_ca, tls_server_context  # noqa: E402

BINARY = None
MB = 1024 * 1024


def read_chunked(rfile):
    """Yields the pieces of a chunked body."""
    while True:
        size = int(rfile.readline().split(b";")[0], 16)
        if size == 0:
            while rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            return
        yield rfile.read(size)
        rfile.readline()


def digest(handler, path, q):
    """Hashes the request body (chunked or not), reading slowly when asked."""
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        pieces = read_chunked(handler.rfile)
    else:
        pieces = iter([handler.owner.requests[-1][3]])
    h, n = hashlib.sha256(), 0
    for piece in pieces:
        if "slow" in q and n < int(q["slow"]):
            time.sleep(0.05)
        h.update(piece)
        n += len(piece)
    framing = "chunked" if "Transfer-Encoding" in handler.headers else "length"
    return 200, json.dumps({"sha256": h.hexdigest(), "bytes": n, "framing": framing}).encode(), \
        [("Content-Type", "application/json")]


def download(handler, path, q):
    """n MB in 64 KiB pieces, as fast as the caller takes them."""
    n = int(q["mb"]) * MB
    handler.send_response(200)
    handler.send_header("Content-Length", str(n))
    handler.end_headers()
    piece = b"d" * (64 * 1024)
    for _ in range(n // len(piece)):
        handler.wfile.write(piece)


def break_off(handler, path, q):
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"b" * 50000)
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def drip(handler, path, q):
    """A piece every 50 ms for up to 5 s, chunked; stops when the caller leaves."""
    handler.send_response(200)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for _ in range(100):
        handler.wfile.write(b"5\r\ndrip\n\r\n")
        handler.wfile.flush()
        if not handler.wait(0.05):
            return
    handler.wfile.write(b"0\r\n\r\n")


def hop_headers(handler, path, q):
    return 201, b"made", [("X-Custom", "1"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
                          ("Connection", "X-Hop"), ("X-Hop", "secret"), ("Keep-Alive", "timeout=5")]


class Proxy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.up = Upstream(routes=[("/digest", digest), ("/download", download),
                                  ("/break", break_off), ("/drip", drip), ("/hop", hop_headers)])
        cls.base = cls.up.url("")
        # Freed memory held in AddressSanitizer's quarantine would count as
        # growth; ignored by a build without it.
        cls.app = AppServer(BINARY, env={"ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") +
                                         ":quarantine_size_mb=1"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        cls.up.stop()

    def request(self, method, path, body=None, headers=None, chunked=False):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=60)
        try:
            h = {"X-Proxy-To": self.base, **(headers or {})}
            c.request(method, path, body=body, headers=h, encode_chunked=chunked)
            r = c.getresponse()
            return r, r.read()
        finally:
            c.close()

    def test_status_headers_and_body_pass_through_without_hop_by_hop(self):
        r, body = self.request("GET", "/api/proxy/hop")
        self.assertEqual((r.status, body), (201, b"made"))
        self.assertEqual(r.getheader("X-Custom"), "1")
        self.assertEqual(r.headers.get_all("Set-Cookie"), ["a=1", "b=2"])
        self.assertIsNone(r.getheader("X-Hop"), "a field the upstream's Connection named")
        self.assertIsNone(r.getheader("Keep-Alive"))

    def test_the_request_reaches_the_upstream_with_x_forwarded(self):
        r, body = self.request("GET", "/api/proxy/echo?a=1&b=%20", headers={
            "Host": "front.example:8080", "Connection": "keep-alive, X-Secret", "X-Secret": "s",
            "X-Forwarded-For": "203.0.113.9", "Cookie": "c=1", "User-Agent": "test-agent"})
        self.assertEqual(r.status, 200, body)
        got = json.loads(body)
        h = got["headers"]
        self.assertEqual(got["path"], "/echo?a=1&b=%20")
        self.assertEqual(h["host"], f"{HOST}:{self.up.port}")
        self.assertEqual(h["x-forwarded-for"], "203.0.113.9, 127.0.0.1")
        self.assertEqual(h["x-forwarded-host"], "front.example:8080")
        self.assertEqual((h["x-forwarded-proto"], h["x-forwarded-port"]), ("http", "8080"))
        self.assertEqual((h["cookie"], h["user-agent"], h["x-proxied-by"]), ("c=1", "test-agent", "spur"))
        self.assertNotIn("x-secret", h, "a field the client's Connection named")
        self.assertEqual(h["accept-encoding"], "identity", "the client's, none of the proxy's own")

    def test_methods_redirects_and_errors_pass_through(self):
        r, body = self.request("PUT", "/api/proxy/echo", body=b"put body")
        self.assertEqual((json.loads(body)["method"], json.loads(body)["body"]), ("PUT", "put body"))
        r, body = self.request("GET", "/api/proxy/redirect?status=302&to=/elsewhere")
        self.assertEqual((r.status, r.getheader("Location")), (302, "/elsewhere"))
        r, body = self.request("GET", "/api/proxy/missing")
        self.assertEqual((r.status, body), (404, b"no such upstream path"))
        r, body = self.request("HEAD", "/api/proxy/hello")
        self.assertEqual((r.status, body), (200, b""))

    def test_an_unreachable_or_private_upstream_is_a_502(self):
        s = socket.socket()
        s.bind((HOST, 0))
        port = s.getsockname()[1]
        s.close()
        r, body = self.request("GET", "/api/proxy/hello", headers={"X-Proxy-To": f"http://{HOST}:{port}"})
        self.assertEqual(r.status, 502, body)
        self.assertIn("could not connect", json.loads(body)["error"])
        r, body = self.request("GET", "/api/proxy/hello", headers={"X-Proxy-Options": "public_only=1"})
        self.assertEqual(r.status, 502, body)
        self.assertIn("not a public address", json.loads(body)["error"])

    def test_bodies_of_20_mb_stream_both_ways(self):
        data = os.urandom(20 * MB)
        want = hashlib.sha256(data).hexdigest()
        r, body = self.request("POST", "/api/proxy/digest", body=data)
        self.assertEqual(json.loads(body), {"sha256": want, "bytes": len(data), "framing": "length"})
        pieces = (data[i:i + 300_000] for i in range(0, len(data), 300_000))
        r, body = self.request("POST", "/api/proxy/digest", body=pieces, chunked=True)
        self.assertEqual(json.loads(body), {"sha256": want, "bytes": len(data), "framing": "chunked"})
        r, body = self.request("GET", "/api/proxy/download?mb=20")
        self.assertEqual((r.status, len(body), set(body)), (200, 20 * MB, {ord("d")}))

    def rss_mb(self):
        return memory_kib(self.app.proc.pid) / 1024

    def test_a_slow_client_holds_the_upstream_back(self):
        before = self.rss_mb()
        c = socket.create_connection((HOST, self.app.port))
        try:
            c.sendall(f"GET /api/proxy/download?mb=64 HTTP/1.1\r\nHost: x\r\nX-Proxy-To: {self.base}\r\n\r\n"
                      .encode())
            got = c.recv(MB)
            time.sleep(1.5)  # the upstream would send all 64 MB meanwhile, were nothing holding it
            grown = self.rss_mb() - before
            self.assertLess(grown, 24, f"the server grew by {grown:.1f} MB while its client waited")
            total = len(got)
            while True:
                piece = c.recv(4 * MB)
                if not piece or piece.endswith(b"0\r\n\r\n"):
                    total += len(piece)
                    break
                total += len(piece)
            self.assertGreater(total, 64 * MB, "the whole body (with its chunk framing) arrived")
        finally:
            c.close()

    def test_a_slow_upstream_holds_the_client_back(self):
        before = self.rss_mb()
        c = socket.create_connection((HOST, self.app.port))
        try:
            c.sendall(f"POST /api/proxy/digest?slow={MB} HTTP/1.1\r\nHost: x\r\nX-Proxy-To: {self.base}\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n".encode())
            c.settimeout(0.2)
            piece = b"u" * (256 * 1024)
            sent, stalled = 0, False
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline and sent < 64 * MB:
                try:
                    sent += c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                except socket.timeout:
                    stalled = True  # the proxy stopped reading: back-pressure reached us
                    break
            grown = self.rss_mb() - before
            self.assertTrue(stalled, f"{sent} bytes were taken without the upstream reading them")
            self.assertLess(grown, 24, f"the server grew by {grown:.1f} MB")
        finally:
            c.close()

    def test_an_upstream_that_breaks_off_truncates_the_response(self):
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=10)
        try:
            c.request("GET", "/api/proxy/break", headers={"X-Proxy-To": self.base})
            r = c.getresponse()
            self.assertEqual(r.status, 200)
            with self.assertRaises(http.client.IncompleteRead):
                r.read()
        finally:
            c.close()

    def test_a_client_that_leaves_closes_the_upstream_connection(self):
        self.up.abandoned.clear()
        c = socket.create_connection((HOST, self.app.port))
        c.sendall(f"GET /api/proxy/drip HTTP/1.1\r\nHost: x\r\nX-Proxy-To: {self.base}\r\n\r\n".encode())
        self.assertIn(b"drip", c.recv(4096) + c.recv(4096))
        c.close()
        self.assertTrue(self.up.abandoned.wait(3), "the upstream connection stayed open")

    def test_rewrite_to_an_external_url_proxies(self):
        r, body = self.request("GET", "/ext/hello")
        self.assertEqual((r.status, body, r.getheader("X-Rewritten")), (200, b"hello", "1"))
        r, body = self.request("POST", "/ext/echo?q=1", body=b"abc")
        got = json.loads(body)
        self.assertEqual((got["method"], got["path"], got["body"]), ("POST", "/echo?q=1", "abc"))

    def stream(self, url, **params):
        q = "&".join(f"{k}={v}" for k, v in params.items())
        c = http.client.HTTPConnection(HOST, self.app.port, timeout=30)
        try:
            c.request("GET", f"/api/stream?url={url}&{q}")
            r = c.getresponse()
            return r.status, json.loads(r.read())
        finally:
            c.close()

    def test_a_fetch_body_read_as_it_arrives(self):
        up = Upstream()
        try:
            status, got = self.stream(up.url("/big?n=1000000"))
            self.assertEqual(status, 200, got)
            self.assertEqual((got["status"], got["streamed"], got["bytes"]), (200, True, 1000000))
            self.assertGreater(got["pieces"], 1)
            self.stream(up.url("/big?n=1000000"))
            self.assertEqual(len(up.connections), 1, "a body read to its end frees its connection")
            status, got = self.stream(up.url("/big?n=1000000"), stop_after=1)
            self.assertLess(got["bytes"], 1000000)
            self.stream(up.url("/hello"))
            self.assertEqual(len(up.connections), 2, "a body left unread closes its connection")
        finally:
            up.stop()


class ForwardProxies(unittest.TestCase):
    """fetch through http_proxy / https_proxy, unless no_proxy names the host."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="spur-proxy-test-")
        cls.ca = make_ca(cls.folder)
        cls.up = Upstream()
        cls.tls = Upstream(tls_server_context(cls.folder, "server"))
        cls.forward = ForwardProxy()
        cls.app = AppServer(BINARY, env={
            "http_proxy": f"http://user:p%40ss@{HOST}:{cls.forward.port}",
            "https_proxy": f"{HOST}:{cls.forward.port}",
            "no_proxy": "localhost, .internal.example"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.app.stop()
        for s in (cls.up, cls.tls, cls.forward):
            s.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def call(self, url, **params):
        return call_fetch_route(self.app.port, url, **params)

    def test_http_goes_to_the_proxy_in_absolute_form_with_its_credentials(self):
        status, got = self.call(self.up.url("/hello?x=1"))
        self.assertEqual((status, got.get("body")), (200, "hello"), got)
        credentials = "Basic " + base64.b64encode(b"user:p@ss").decode()
        self.assertEqual(self.forward.seen[-1], ("GET", self.up.url("/hello?x=1"), credentials))

    def test_https_goes_through_a_connect_tunnel(self):
        status, got = self.call(self.tls.url("/hello"), ca=self.ca)
        self.assertEqual((status, got.get("body")), (200, "hello"), got)
        self.assertEqual(self.forward.seen[-1], ("CONNECT", f"{HOST}:{self.tls.port}", None))

    def test_no_proxy_and_an_empty_proxy_option_go_direct(self):
        before = len(self.forward.seen)
        self.assertEqual(self.call(self.up.url("/hello", host="localhost"))[1]["body"], "hello")
        self.assertEqual(self.call(self.up.url("/hello"), proxy="")[1]["body"], "hello")
        self.assertEqual(len(self.forward.seen), before, "no_proxy and proxy=\"\" skip the proxy")

    def test_a_proxy_that_cannot_be_reached_is_a_502(self):
        s = socket.socket()
        s.bind((HOST, 0))
        port = s.getsockname()[1]
        s.close()
        status, got = self.call(self.up.url("/hello"), proxy=f"http://{HOST}:{port}")
        self.assertEqual(status, 502, got)
        self.assertIn("through the proxy", got["error"])
        status, got = self.call(self.up.url("/hello"), proxy="socks5://127.0.0.1:1080")
        self.assertEqual(status, 502, got)
        self.assertIn("is not an http://", got["error"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    BINARY = args.binary
    unittest.main(argv=[sys.argv[0]] + rest)
