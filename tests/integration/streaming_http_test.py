#!/usr/bin/env python3
"""Streamed responses and Server-Sent Events over real sockets, against
tests/fixtures/stream-app (one worker), each test on a freshly started app:
events arrive one by one, a slow reader holds the producer back (server memory
stays bounded), a client that leaves ends its producer at once, the next
request on the connection is answered after the stream, HTTP/1.0 and HEAD,
a failing producer, Pages-style res.write(), and a Room broadcast reaching
every one of 1,000 SSE clients.

Usage: streaming_http_test.py --binary PATH [unittest options]
Prints the measured figures (RSS growth, time to notice a disconnect).
"""
import argparse
import json
import os
import resource
import selectors
import socket
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from spur_app import HOST, AppTestCase, memory_kib as rss_kib  # noqa: E402


CLIENTS = 1000


class Conn:
    """A raw HTTP/1.1 client connection."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_until(self, marker, timeout=10):
        deadline = time.monotonic() + timeout
        while marker not in self.buf:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"closed before {marker!r}; got {self.buf[-200:]!r}")
            self.buf += chunk
        head, _, self.buf = self.buf.partition(marker)
        return head + marker

    def read_to_eof(self, timeout=10):
        self.sock.settimeout(timeout)
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                data, self.buf = self.buf, b""
                return data
            self.buf += chunk

    def read_chunked(self):
        """The head and the de-chunked body of one response."""
        head = self.read_until(b"\r\n\r\n")
        body = b""
        while True:
            size_line = self.read_until(b"\r\n")
            size = int(size_line.strip().split(b";")[0], 16)
            while len(self.buf) < size + 2:
                self.buf += self.sock.recv(65536)
            body += self.buf[:size]
            self.buf = self.buf[size + 2:]
            if size == 0:
                return head, body

    def close(self):
        self.sock.close()


class Streaming(AppTestCase):
    def conn(self):
        c = Conn(self.app.port)
        self.addCleanup(c.close)
        return c

    def get_json(self, path):
        c = self.conn()
        c.send(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = c.read_to_eof()
        return json.loads(data.partition(b"\r\n\r\n")[2])

    def open_stream(self, path, content_type):
        """A connection with GET `path` sent and its chunked head read and checked."""
        c = self.conn()
        c.send(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        head = c.read_until(b"\r\n\r\n")
        self.assertIn(b"Transfer-Encoding: chunked", head)
        self.assertIn(b"Content-Type: " + content_type, head)
        return c, head

    def test_events_arrive_one_by_one(self):
        c, head = self.open_stream("/api/events?count=3&gap=300", b"text/event-stream")
        self.assertIn(b"Cache-Control: no-cache", head)
        t0 = time.monotonic()
        first = c.read_until(b"\n\n\r\n")
        t_first = time.monotonic() - t0
        self.assertIn(b"event: tick\nid: 1\ndata: event 1\ndata: second line\n\n", first)
        rest = c.read_until(b"0\r\n\r\n")
        t_last = time.monotonic() - t0
        self.assertIn(b"id: 3\n", rest)
        self.assertIn(b": ping\n", rest)  # heartbeats during the 300 ms gaps
        # The first event came well before the last was produced.
        self.assertLess(t_first + 0.4, t_last)

    def test_last_event_id_resumes(self):
        c = self.conn()
        c.send(b"GET /api/events?count=2 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 41\r\n\r\n")
        _, body = c.read_chunked()
        self.assertIn(b"id: 42\n", body)
        self.assertIn(b"id: 43\n", body)
        self.assertNotIn(b"id: 1\n", body)

    def test_next_request_on_the_connection_after_the_stream(self):
        c = self.conn()
        c.send(b"GET /api/events?count=2&gap=100 HTTP/1.1\r\nHost: x\r\n\r\n"
               b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        _, body = c.read_chunked()
        self.assertIn(b"id: 2\n", body)
        head = c.read_until(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
        self.assertIn(b"Content-Length:", head)

    def test_http10_stream_ends_with_the_connection(self):
        c = self.conn()
        c.send(b"GET /api/events?count=2 HTTP/1.0\r\n\r\n")
        data = c.read_to_eof()
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertNotIn(b"Transfer-Encoding", head)
        self.assertTrue(body.startswith(b"event: tick\nid: 1\n"), body)
        self.assertIn(b"id: 2\n", body)

    def test_head_has_no_body(self):
        c = self.conn()
        c.send(b"HEAD /api/events HTTP/1.1\r\nHost: x\r\n\r\n"
               b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        head = c.read_until(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200"))
        nxt = c.read_until(b"\r\n\r\n")
        self.assertTrue(nxt.startswith(b"HTTP/1.1 200"), nxt)

    def test_failing_producer_cuts_the_body_short(self):
        c = self.conn()
        c.send(b"GET /api/fails HTTP/1.1\r\nHost: x\r\n\r\n")
        data = c.read_to_eof()
        self.assertIn(b"partial", data)
        self.assertFalse(data.endswith(b"0\r\n\r\n"), data)
        deadline = time.monotonic() + 5
        while not any("producer failed" in line for line in self.app.tail(50)):
            self.assertLess(time.monotonic(), deadline, self.app.tail(50))
            time.sleep(0.02)

    def test_disconnect_ends_the_producer_at_once(self):
        c = self.conn()
        c.send(b"GET /api/forever HTTP/1.1\r\nHost: x\r\n\r\n")
        c.read_until(b"started\n")
        closed_ms = time.time() * 1000
        c.close()
        deadline = time.monotonic() + 5
        stats = self.get_json("/api/stats")
        while stats["ended"] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
            stats = self.get_json("/api/stats")
        self.assertEqual(stats["ended"], 1, stats)
        took = stats["lastEndMs"] - closed_ms
        print(f"\n  producer ended within {max(took, 0):.0f} ms of the client closing", file=sys.stderr)
        # Its next wake-up would have been 60 s later.
        self.assertLess(took, 5000)

    def test_slow_reader_holds_the_producer_back(self):
        pid = self.app.proc.pid
        before = rss_kib(pid)
        c = Conn(self.app.port)
        self.addCleanup(c.close)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        c.send(b"GET /api/firehose?mb=256 HTTP/1.1\r\nHost: x\r\n\r\n")
        c.read_until(b"\r\n\r\n")
        time.sleep(1.5)  # not reading: the producer must wait, not buffer 256 MiB
        stalled = rss_kib(pid)
        # Now read it all; memory must stay put while 256 MiB flow through.
        received = len(c.buf)
        peak = stalled
        c.sock.settimeout(30)
        while True:
            chunk = c.sock.recv(1 << 20)
            if not chunk:
                break
            received += len(chunk)
            if received % (32 << 20) < len(chunk):
                peak = max(peak, rss_kib(pid))
            if chunk.endswith(b"0\r\n\r\n"):
                break
        self.assertGreater(received, 256 << 20)
        growth = max(stalled, peak) - before
        print(f"\n  256 MiB streamed to a slow reader: server RSS {before} KiB before, "
              f"{stalled} KiB while stalled, peak {peak} KiB", file=sys.stderr)
        self.assertLess(growth, 16 * 1024)

    def test_pages_res_write_streams(self):
        c, _ = self.open_stream("/api/ticks", b"text/plain")
        t0 = time.monotonic()
        c.read_until(b"tick 1\n")
        t_first = time.monotonic() - t0
        rest = c.read_until(b"0\r\n\r\n")
        t_all = time.monotonic() - t0
        self.assertIn(b"tick 3\n", rest)
        self.assertIn(b"done\n", rest)
        self.assertLess(t_first + 0.15, t_all)


class Broadcast(AppTestCase):
    def post(self, path, body):
        c = Conn(self.app.port)
        self.addCleanup(c.close)
        c.send(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n\r\n{body}".encode())
        return json.loads(c.read_to_eof().partition(b"\r\n\r\n")[2])

    def test_every_client_of_a_thousand_gets_every_event(self):
        sel = selectors.DefaultSelector()
        clients = []
        for _ in range(CLIENTS):
            c = Conn(self.app.port)
            self.addCleanup(c.close)
            c.send(b"GET /api/room HTTP/1.1\r\nHost: x\r\n\r\n")
            clients.append(c)
        for c in clients:  # every subscription is live once its `joined` arrived
            c.read_until(b"event: joined\n")
        for c in clients:
            c.sock.setblocking(False)
            sel.register(c.sock, selectors.EVENT_READ, c)
        messages = [f"message {i}" for i in range(5)]
        t0 = time.monotonic()
        for m in messages:
            self.assertEqual(self.post("/api/room", m)["members"], CLIENTS)
        want = b"".join(b"event: message\ndata: " + m.encode() + b"\n\n" for m in messages)
        pending = set(range(CLIENTS))
        got = {i: b"" for i in range(CLIENTS)}
        index = {id(c): i for i, c in enumerate(clients)}
        deadline = time.monotonic() + 60
        while pending and time.monotonic() < deadline:
            for key, _ in sel.select(timeout=1):
                c = key.data
                i = index[id(c)]
                chunk = c.sock.recv(65536)
                self.assertTrue(chunk, f"client {i} was disconnected")
                got[i] += chunk
                if all(b"data: " + m.encode() + b"\n" in got[i] for m in messages):
                    pending.discard(i)
        last = time.monotonic() - t0
        self.assertFalse(pending, f"{len(pending)} clients missed events")
        for i in range(CLIENTS):
            events = b"".join(part for part in got[i].split(b"\r\n")
                              if part.startswith(b"event: message"))
            self.assertEqual(events, want, f"client {i}")
        print(f"\n  {CLIENTS} SSE clients on one worker, 5 broadcasts: the last client had "
              f"every event {last * 1000:.0f} ms after the first publish", file=sys.stderr)
        for c in clients:
            c.close()
        deadline = time.monotonic() + 10
        while self.get_size() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.get_size(), 0)  # every member left with its client

    def get_size(self):
        c = Conn(self.app.port)
        self.addCleanup(c.close)
        c.send(b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return json.loads(c.read_to_eof().partition(b"\r\n\r\n")[2])["members"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    Streaming.binary = Broadcast.binary = args.binary
    # A thousand sockets here, and as many in the app (which inherits this).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * CLIENTS)), hard))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
