#!/usr/bin/env python3
"""Attacks from the security audit, reproduced against tests/fixtures/stream-app
(one worker) and bounded to a few seconds each: the server's memory stays under
a budget while the attack runs, and a probe on another connection still gets
its answer. Then the headers a handler must not be able to put on the wire.

Usage: abuse_test.py --binary PATH [unittest options]
"""
import argparse
import os
import resource
import socket
import sys
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
sys.path.insert(0, HERE)
from spur_app import HOST, AppTestCase, memory_kib  # noqa: E402
from websocket_test import PING, TEXT, WsClient, frame  # noqa: E402

ATTACK_S = 3.0
# Growth of the server's peak resident memory an attack may cause, MiB. Before
# the fixes each of these attacks grew it by hundreds of MiB in this time.
# (Under AddressSanitizer freed memory is held in quarantine: CMake passes a
# larger budget there.)
MEMORY_BUDGET_MIB = 48
SANITIZED = False  # AddressSanitizer holds freed memory back on purpose


def raw_exchange(port, request, timeout=5):
    """Sends `request` on a fresh connection; the bytes until the server closes."""
    s = socket.create_connection((HOST, port), timeout=timeout)
    try:
        s.sendall(request)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return data
            data += chunk
    finally:
        s.close()


def head_and_body(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]
    return int(lines[0].split(" ")[1]), fields, body


class Probed(AppTestCase):
    def probe_s(self):
        """Seconds a plain request on a fresh connection takes to be answered."""
        started = time.monotonic()
        data = raw_exchange(self.app.port,
                            b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])
        return time.monotonic() - started

    def assert_within_budget(self, what, before_kib, slowest):
        growth = (memory_kib(self.app.proc.pid, "VmHWM") - before_kib) / 1024
        print(f"\n  {what}: server peak RSS +{growth:.1f} MiB, slowest probe "
              f"{slowest * 1000:.0f} ms", file=sys.stderr)
        self.assertLess(growth, MEMORY_BUDGET_MIB)
        self.assertLess(slowest, 2.0)


class Attack(Probed):

    def flood(self, client, batch):
        """Sends `batch` again and again for ATTACK_S without reading; probes
        meanwhile. Returns (bytes sent, slowest probe in seconds)."""
        client.sock.settimeout(0.2)
        sent, slowest = 0, 0.0
        deadline = time.monotonic() + ATTACK_S
        next_probe = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            try:
                sent += client.sock.send(batch)
            except socket.timeout:
                pass  # the server stopped reading: exactly the point
            if time.monotonic() >= next_probe:
                slowest = max(slowest, self.probe_s())
                next_probe = time.monotonic() + 0.5
        return sent, slowest

    def assert_bounded(self, name, before_kib, sent, slowest, seconds=ATTACK_S):
        self.assert_within_budget(f"{name}: {sent >> 20} MiB sent in {seconds:.1f} s",
                                  before_kib, slowest)

    def test_a_room_holds_each_message_once_and_slow_members_by_bytes(self):
        pid = self.app.proc.pid
        before = memory_kib(pid)
        members = []
        for _ in range(30):  # subscribers that never read
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(5)
            s.connect((HOST, self.app.port))
            self.addCleanup(s.close)
            s.sendall(b"GET /api/room HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            data = b""
            while b"event: joined" not in data:
                data += s.recv(4096)
            members.append(s)
        body = b"m" * 12000
        post = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(post.close)
        request = (b"POST /api/room HTTP/1.1\r\nHost: x\r\nContent-Length: "
                   + str(len(body)).encode() + b"\r\n\r\n" + body)
        started, slowest = time.monotonic(), 0.0
        for i in range(600):  # 7 MiB published, 211 MiB if every member kept a copy
            post.sendall(request)
            answer = b""
            while not answer.endswith(b"}"):
                answer += post.recv(4096)
            if i % 100 == 99:
                slowest = max(slowest, self.probe_s())
        self.assert_bounded("room: 30 slow SSE members, 600 messages of 12 KB", before,
                            600 * len(body), slowest, time.monotonic() - started)

    def test_form_fields_have_a_memory_budget(self):
        pid = self.app.proc.pid
        before = memory_kib(pid)
        boundary = "b0undary"
        part = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"f{{}}\"\r\n\r\n"
                + "v" * 1_000_000 + "\r\n")
        body = "".join(part.format(i) for i in range(40)) + f"--{boundary}--\r\n"  # 40 MB of fields
        data = raw_exchange(self.app.port, (
            f"POST /api/upload/form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body.encode(), timeout=20)
        self.assertTrue(data.startswith(b"HTTP/1.1 413"), data[:200])
        self.assertIn(b"max_memory_bytes", data)
        self.assert_bounded("form of 40 fields of 1 MB", before, len(body), self.probe_s(), 0)

    def test_a_half_closed_client_still_gets_its_answer(self):
        s = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(b"GET /api/room/size HTTP/1.0\r\nHost: x\r\n\r\n")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])

    def non_reading_ws(self):
        c = WsClient(self.app.port, "/api/ws/echo")
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.addCleanup(c.close)
        return c

    def test_ping_flood_from_a_client_that_never_reads_its_pongs(self):
        before = memory_kib(self.app.proc.pid)
        c = self.non_reading_ws()
        sent, slowest = self.flood(c, frame(PING, b"p" * 125) * 2000)
        self.assert_bounded("ping flood", before, sent, slowest)

    def test_empty_messages_count_against_the_inbox(self):
        before = memory_kib(self.app.proc.pid)
        c = self.non_reading_ws()
        sent, slowest = self.flood(c, frame(TEXT, b"") * 50000)
        self.assert_bounded("empty-message flood", before, sent, slowest)


class BodyMemory(Probed):
    # Room for three 8 MiB bodies at once, so the test needs little memory.
    args = ("--max-body-memory", str(24 << 20))
    BODY = 8 << 20

    def start_body(self):
        """A POST declaring an 8 MiB JSON body that sends 512 KiB of it and stalls."""
        s = socket.create_connection((HOST, self.app.port), timeout=5)
        self.addCleanup(s.close)
        s.sendall(b"POST /api/json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(self.BODY).encode() + b"\r\n\r\n" + b" " * (512 << 10))
        return s

    def test_trickled_bodies_share_one_budget(self):
        pid = self.app.proc.pid
        before = memory_kib(pid, "VmHWM")
        held, refused = [], []
        for _ in range(12):  # 96 MiB declared; unbounded, each could hold 8 MiB for good
            s = self.start_body()
            s.settimeout(0.3)
            try:
                answer = s.recv(65536)
            except socket.timeout:
                held.append(s)  # being read: its body fits
                continue
            refused.append(answer)
        self.assertEqual(len(held), 3, "three 8 MiB bodies fit a 24 MiB budget")
        for answer in refused:
            status, fields, body = head_and_body(answer)
            self.assertEqual(status, 503, answer[:200])
            self.assertIn(("Retry-After", "1"), fields)
            self.assertIn(b"too many request bodies", body)
        self.assert_within_budget(f"12 bodies of 8 MiB trickled at once, budget 24 MiB: "
                                  f"{len(refused)} refused", before, self.probe_s())
        # Once the held bodies are gone, their memory is free for others.
        for s in held:
            s.close()
        time.sleep(0.2)
        body = b"[" + b"1," * (self.BODY // 2 - 1) + b"1]"
        data = raw_exchange(self.app.port, (
            b"POST /api/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n") + body, timeout=30)
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:200])
        self.assertIn(f'"entries":{self.BODY // 2}'.encode(), data)


class LargeBodies(AppTestCase):
    """Large JSON bodies are parsed off the event loop: a worker that parses
    them keeps answering its other connections."""

    def post_loop(self, target, body, until, results):
        s = socket.create_connection((HOST, self.app.port), timeout=30)
        try:
            request = (f"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n").encode() + body
            while time.monotonic() < until:
                s.sendall(request)
                answer = b""
                while not answer.endswith(b"}"):
                    answer += s.recv(65536)
                results.append(answer)
        finally:
            s.close()

    def probe_under_load(self, target):
        import threading
        entries = 1_200_000
        body = ("[" + ",".join(str(i % 1000) for i in range(entries)) + "]").encode()  # 4.6 MB
        until = time.monotonic() + ATTACK_S
        results = []
        posters = [threading.Thread(target=self.post_loop, args=(target, body, until, results))
                   for _ in range(2)]
        for t in posters:
            t.start()
        probes = []
        time.sleep(0.2)
        while time.monotonic() < until:
            started = time.monotonic()
            data = raw_exchange(self.app.port,
                                b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])
            probes.append(time.monotonic() - started)
            time.sleep(0.05)
        for t in posters:
            t.join()
        self.assertGreater(len(results), 0)
        for answer in results:
            self.assertIn(f'"entries":{entries}'.encode(), answer)
        probes.sort()
        median = probes[len(probes) // 2]
        print(f"\n  {target}: 2 clients posting {len(body) >> 20} MB of JSON for {ATTACK_S:.0f} s "
              f"({len(results)} parsed): probe median {median * 1000:.1f} ms, "
              f"slowest {probes[-1] * 1000:.0f} ms", file=sys.stderr)
        # Parsed on the loop, each body holds every other connection of the
        # worker for its whole parse (a probe then waits about that long).
        # (Parsed on the loop, the median was 120-170 ms here.)
        self.assertLess(median, 0.05)

    def test_app_router_json(self):
        self.probe_under_load("/api/json")

    def test_pages_router_body_parser(self):
        self.probe_under_load("/api/parsed")

    def test_memory_goes_back_after_a_burst(self):
        if SANITIZED:
            self.skipTest("AddressSanitizer keeps freed memory in quarantine")
        import threading
        pid = self.app.proc.pid
        before = memory_kib(pid)
        body = ("[" + ",".join(str(i % 1000) for i in range(1_200_000)) + "]").encode()
        posters = [threading.Thread(target=self.post, args=("application/json", body))
                   for _ in range(8)]
        for t in posters:
            t.start()
        for t in posters:
            t.join()
        peak = (memory_kib(pid, "VmHWM") - before) / 1024
        deadline = time.monotonic() + 8  # the server trims every 5 s
        while True:
            kept = (memory_kib(pid) - before) / 1024
            if kept < 16 or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        print(f"\n  8 JSON bodies of 4.6 MB at once: peak RSS +{peak:.0f} MiB, "
              f"+{kept:.1f} MiB once they were answered", file=sys.stderr)
        # (With glibc's own thresholds 50-80 MiB of it stayed.)
        self.assertLess(kept, 16)

    def post(self, content_type, body):
        return head_and_body(raw_exchange(self.app.port, (
            f"POST /api/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
            + body, timeout=30))

    def test_what_the_pool_parsed_reads_as_the_handler_would(self):
        status, _, body = self.post("application/json", b"[" + b"1," * 200_000 + b"]")  # trailing comma
        self.assertEqual((status, body), (400, b'{"error":"Invalid JSON"}'))
        form = "&".join(f"k{i}=v%20{i}" for i in range(50_000)).encode()
        status, _, body = self.post("application/x-www-form-urlencoded", form)
        self.assertEqual(status, 200, body)
        self.assertIn(b'"entries":50000', body)
        status, _, body = self.post("application/merge-patch+json; charset=utf-8",
                                    b'{"a":"' + b"x" * 300_000 + b'"}')
        self.assertEqual(status, 200, body)
        self.assertIn(b'"entries":1', body)


class Offload(AppTestCase):
    # One blocking-work thread, so that what queues behind it is known.
    args = ("--offload-threads", "1")

    def offload_runs(self):
        data = raw_exchange(self.app.port, b"GET /api/offload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return int(data.split(b'"ran":')[1].split(b"}")[0])

    def hang_up(self, target):
        s = socket.create_connection((HOST, self.app.port), timeout=5)
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        s.close()

    def block_the_pool(self, ms):
        """A client that waits for a job of `ms` on the only thread."""
        s = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(f"GET /api/offload?ms={ms} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        deadline = time.monotonic() + 5
        while self.offload_runs() < 1:
            self.assertLess(time.monotonic(), deadline, "the blocking job never started")
            time.sleep(0.01)

    def test_work_for_clients_that_left_is_skipped(self):
        self.block_the_pool(600)
        hang_ups = 200  # each a 50 ms job: 10 s of work for the one thread if all ran
        for _ in range(hang_ups):
            self.hang_up("/api/offload?ms=50")
        started = time.monotonic()
        data = raw_exchange(self.app.port,
                            b"GET /api/offload?ms=50 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                            timeout=30)
        waited = time.monotonic() - started
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:100])
        abandoned_ran = self.offload_runs() - 2  # the blocker and this request
        print(f"\n  {hang_ups} hang-ups with a 50 ms offload job each, one thread: the next client "
              f"waited {waited * 1000:.0f} ms; {abandoned_ran} of their jobs ran", file=sys.stderr)
        self.assertLess(abandoned_ran, hang_ups // 10)  # all 200 ran before
        self.assertLess(waited, 2.5)

    def test_must_finish_work_runs_after_the_client_left(self):
        self.block_the_pool(600)  # the jobs below queue behind it, their clients gone
        for _ in range(5):
            self.hang_up("/api/offload?ms=20&must_finish=1")
        deadline = time.monotonic() + 10
        while self.offload_runs() < 1 + 5:
            self.assertLess(time.monotonic(), deadline, "must_finish work was skipped")
            time.sleep(0.05)


class Connections(AppTestCase):
    args = ("--max-connections", "16")

    def setUp(self):
        # The app starts with a low open-files soft limit (as under systemd's
        # 1,024 default) and must raise it to the hard limit itself.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        low = min(256, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (low, hard))
        try:
            super().setUp()
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        self.hard = hard

    def test_open_files_limit_is_raised_to_the_hard_limit(self):
        with open(f"/proc/{self.app.proc.pid}/limits") as f:
            line = next(l for l in f if l.startswith("Max open files"))
        soft, hard = line.split()[3:5]
        self.assertEqual(soft, hard, line)
        self.assertTrue(any("Connections: up to 16" in l for l in self.app.tail()), self.app.tail())

    def test_idle_connections_cannot_lock_a_new_client_out(self):
        idle = []
        for _ in range(16):
            s = socket.create_connection((HOST, self.app.port), timeout=5)
            self.addCleanup(s.close)
            s.sendall(b"GET /api/room/size HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 200"))
            idle.append(s)
        # The limit is reached: a new client is still answered, because the
        # connection held idle longest makes room for it.
        started = time.monotonic()
        data = raw_exchange(self.app.port,
                            b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:80])
        print(f"\n  17th client at a limit of 16: answered in "
              f"{(time.monotonic() - started) * 1000:.0f} ms", file=sys.stderr)
        idle[0].settimeout(5)
        self.assertEqual(idle[0].recv(100), b"", "the oldest idle connection was not closed")
        # Connections the server holds never pass the limit (one more may be
        # in the accept queue's hands per worker).
        sockets = sum(1 for fd in os.listdir(f"/proc/{self.app.proc.pid}/fd")
                      if os.readlink(f"/proc/{self.app.proc.pid}/fd/{fd}").startswith("socket:"))
        self.assertLessEqual(sockets, 16 + 1 + 4, "listener and event-loop sockets aside")


class WebSocketOrigin(AppTestCase):
    def handshake(self, extra):
        c = WsClient(self.app.port, "/api/ws/echo", extra_headers=extra)
        self.addCleanup(c.close)
        return c.status

    def test_another_sites_page_cannot_open_a_socket(self):
        for origin in ("https://evil.example", "null", f"http://127.0.0.1:{self.app.port}.evil.example"):
            self.assertEqual(self.handshake(f"Origin: {origin}\r\nCookie: session=abc\r\n"), 403, origin)

    def test_the_apps_own_pages_and_non_browsers_can(self):
        # WsClient sends "Host: x": a page served from there has Origin http://x.
        self.assertEqual(self.handshake("Origin: http://x\r\n"), 101)
        self.assertEqual(self.handshake("Origin: https://X\r\n"), 101)
        self.assertEqual(self.handshake(""), 101)


class Headers(AppTestCase):
    def get(self, target):
        return head_and_body(raw_exchange(
            self.app.port, f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()))

    def names(self, fields):
        return [n.lower() for n, _ in fields]

    def test_framing_fields_of_a_handler_never_reach_the_wire(self):
        status, fields, body = self.get("/api/headers?framing=1")
        names = self.names(fields)
        self.assertEqual(status, 200)
        self.assertEqual(names.count("content-length"), 1, fields)
        self.assertEqual(dict((n.lower(), v) for n, v in fields)["content-length"], str(len(body)))
        self.assertEqual(names.count("date"), 1, fields)
        self.assertNotIn("transfer-encoding", names)
        self.assertNotIn("keep-alive", names)
        self.assertNotIn("upgrade", names)
        self.assertEqual(names.count("connection"), 1, fields)  # the server's own close
        self.assertIn("x-kept", names)

    def test_pipelined_requests_stay_in_step(self):
        one = b"GET /api/headers?framing=1 HTTP/1.1\r\nHost: x\r\n\r\n"
        last = b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        data = raw_exchange(self.app.port, one + last)
        # Two answers, each a real status line: the body's fake one is only a body.
        self.assertEqual(data.count(b"HTTP/1.1 200 OK\r\nDate:"), 2, data)

    def test_bad_header_names_and_values_are_refused_and_logged(self):
        for query, shown in (("name=X%20Y", "X Y"), ("name=Transfer-Encoding%20", "Transfer-Encoding "),
                             ("name=X-Value&value=a%00b", "X-Value"),
                             ("name=X-Value&value=a%0d%0aX-Injected:%201", "X-Value"),
                             ("name=X-Value&value=a%7fb", "X-Value")):
            status, fields, _ = self.get("/api/headers?" + query)
            self.assertEqual(status, 200, query)
            self.assertFalse([n for n in self.names(fields) if n.strip() in ("x y", "x-value", "x-injected")],
                             (query, fields))
            self.assertIn("x-kept", self.names(fields))
            deadline = time.monotonic() + 5
            while not any(f'header "{shown}' in line and "refused" in line for line in self.app.tail(50)):
                self.assertLess(time.monotonic(), deadline, (query, self.app.tail()))
                time.sleep(0.02)

    def test_a_backslash_never_redirects_to_another_host(self):
        for target in ("/\\evil.com/", "/a/..//\\evil.com/", "/\\\\evil.com/"):
            status, fields, _ = self.get(target)
            location = dict((n.lower(), v) for n, v in fields).get("location")
            self.assertEqual(status, 308, target)
            self.assertTrue(location.startswith("/%5C"), (target, location))
            self.assertNotIn("\\", location)


def main():
    global MEMORY_BUDGET_MIB, SANITIZED
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--memory-budget-mib", type=float, default=MEMORY_BUDGET_MIB)
    parser.add_argument("--sanitized", action="store_true")
    args, rest = parser.parse_known_args()
    AppTestCase.binary = args.binary
    MEMORY_BUDGET_MIB = args.memory_budget_mib
    SANITIZED = args.sanitized
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
