"""Upstream HTTP servers for the tests of spur::fetch and the apps built on it:
threaded HTTP/1.1 on 127.0.0.1 (plain, or TLS with a CA the test makes with
`openssl`), recording the connections and requests they see and noticing a
caller that closes its connection while they wait. Standard library only.
"""
import gzip
import http.server
import json
import os
import select
import socket
import socketserver
import ssl
import subprocess
import threading
import time
import urllib.parse
import zlib

HOST = "127.0.0.1"


class Upstream:
    """A threaded HTTP/1.1 server on 127.0.0.1 recording what it saw."""

    def __init__(self, tls_context=None, routes=()):
        """routes: (path prefix, fn(handler, path, query) -> (status, body, headers)),
        looked at before the built-in paths."""
        self.connections = set()   # client (host, port) pairs: one per TCP connection
        self.requests = []         # (method, path, headers dict, body)
        self.abandoned = threading.Event()
        self.counts = {}           # /flaky: requests per key
        self.lock = threading.Lock()
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            owner = upstream  # for routes

            def log_message(self, *args):
                pass

            def reply(self, status, body=b"", headers=()):
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def handle_one(self):
                upstream.connections.add(self.client_address)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query))
                upstream.requests.append((self.command, self.path, dict(self.headers), body))
                path = url.path
                for prefix, fn in routes:
                    if path.startswith(prefix):
                        answer = fn(self, path, q)
                        if answer is not None:
                            self.reply(*answer)
                        return
                if path == "/hello":
                    self.reply(200, b"hello", [("Content-Type", "text/plain")])
                elif path == "/echo":
                    self.reply(200, json.dumps({"method": self.command, "path": self.path,
                                                "headers": {k.lower(): v for k, v in self.headers.items()},
                                                "body": body.decode()}).encode(),
                               [("Content-Type", "application/json")])
                elif path == "/json":
                    self.reply(200, q.get("body", '{"id": 7, "name": "Ada"}').encode(),
                               [("Content-Type", "application/json")])
                elif path == "/redirect":
                    self.reply(int(q.get("status", "302")), b"", [("Location", q["to"])])
                elif path == "/loop":
                    self.reply(302, b"", [("Location", "/loop")])
                elif path == "/slow":
                    if self.wait(int(q.get("ms", "1000")) / 1000):
                        self.reply(200, b"slow")
                elif path == "/stall-body":
                    self.send_response(200)
                    self.send_header("Content-Length", "10")
                    self.end_headers()
                    self.wfile.write(b"12345")
                    self.wfile.flush()
                    self.wait(5)
                elif path == "/big":
                    self.reply(200, b"x" * int(q["n"]))
                elif path == "/gzip":
                    self.reply(200, gzip.compress(b"z" * int(q.get("n", "1000"))),
                               [("Content-Encoding", "gzip")])
                elif path == "/deflate":
                    self.reply(200, zlib.compress(b"d" * 1000), [("Content-Encoding", "deflate")])
                elif path == "/flaky":  # fails `fail` times per key, then answers
                    key = q["key"]
                    with upstream.lock:
                        upstream.counts[key] = upstream.counts.get(key, 0) + 1
                        n = upstream.counts[key]
                    if n <= int(q.get("fail", "1")):
                        headers = [("Retry-After", q["retry_after"])] if "retry_after" in q else []
                        self.reply(int(q.get("status", "503")), b"busy", headers)
                    else:
                        self.reply(200, f"ok after {n - 1}".encode())
                elif path == "/close":
                    self.close_connection = True
                    self.reply(200, b"closing", [("Connection", "close")])
                else:
                    self.reply(404, b"no such upstream path")

            def wait(self, seconds):
                """Sleeps; False (and noted) when the caller closes its connection meanwhile."""
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    r, _, _ = select.select([self.connection], [], [], 0.02)
                    if r:
                        try:
                            if self.connection.recv(1, socket.MSG_PEEK) == b"":
                                upstream.abandoned.set()
                                self.close_connection = True
                                return False
                        except OSError:
                            upstream.abandoned.set()
                            self.close_connection = True
                            return False
                return True

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):
                pass  # a caller that went away (the cancellation tests)

        self.server = Server((HOST, 0), Handler)
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.scheme = "https" if tls_context else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path, host=HOST):
        return f"{self.scheme}://{host}:{self.port}{path}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def call_fetch_route(app_port, url, verb="GET", body=None, **params):
    """tests/fixtures/fetch-app's /api/fetch?url=…: (status, its JSON answer)."""
    import http.client
    query = urllib.parse.urlencode({"url": url, **params})
    c = http.client.HTTPConnection(HOST, app_port, timeout=30)
    try:
        c.request(verb, "/api/fetch?" + query, body=body)
        r = c.getresponse()
        return r.status, json.loads(r.read())
    finally:
        c.close()


def make_ca(folder):
    """A CA and certificates signed by it: for localhost/127.0.0.1, for another
    name, and one a client presents."""
    def run(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=Spur Test CA")
    for name, san in (("server", "DNS:localhost,IP:127.0.0.1"), ("other", "DNS:other.example"),
                      ("client", "DNS:client.example")):
        run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", f"/CN={name}")
        with open(os.path.join(folder, f"{name}.ext"), "w") as f:
            f.write(f"subjectAltName={san}\n")
        run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    return os.path.join(folder, "ca.pem")


def tls_server_context(folder, name, require_client_certificate=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(folder, f"{name}.pem"), os.path.join(folder, f"{name}.key"))
    if require_client_certificate:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(os.path.join(folder, "ca.pem"))
    return ctx


class ForwardProxy:
    """An HTTP forward proxy on 127.0.0.1: CONNECT tunnels, and requests in
    absolute form (sent on with Connection: close). Records each as (method,
    request-target, Proxy-Authorization or None)."""

    def __init__(self):
        self.seen = []
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    lines.append(line.decode("latin-1").rstrip("\r\n"))
                method, target, _ = lines[0].split(" ", 2)
                fields = [tuple(p.strip() for p in l.split(":", 1)) for l in lines[1:]]
                named = {k.lower(): v for k, v in fields}
                proxy.seen.append((method, target, named.get("proxy-authorization")))
                if method == "CONNECT":
                    host, port = target.rsplit(":", 1)
                    far = socket.create_connection((host.strip("[]"), int(port)))
                    self.connection.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                else:
                    url = urllib.parse.urlsplit(target)
                    far = socket.create_connection((url.hostname, url.port or 80))
                    head = f"{method} {url.path or '/'}{'?' + url.query if url.query else ''} HTTP/1.1\r\n"
                    for k, v in fields:
                        if k.lower() not in ("proxy-authorization", "connection", "proxy-connection"):
                            head += f"{k}: {v}\r\n"
                    far.sendall((head + "Connection: close\r\n\r\n").encode("latin-1"))
                    length = int(named.get("content-length", "0"))
                    if length:
                        far.sendall(self.rfile.read(length))
                relay(self.connection, far)
                far.close()

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server((HOST, 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def relay(a, b):
    """Copies bytes both ways until either side closes."""
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 10)
        if not readable:
            return
        for s in readable:
            try:
                data = s.recv(65536)
            except OSError:
                return
            if not data:
                return
            (b if s is a else a).sendall(data)
