#!/usr/bin/env python3
"""Mixed-load soak: normal traffic and abuse at once, for a few minutes, against
tests/fixtures/stream-app; prints the server's resident memory beside the
number of requests served, slice by slice. A flat curve is the point: every
budget of docs/limits.md holds while the load goes on.

The load, all on 127.0.0.1 and bounded in time:
  - wrk: GET /api/room/size on 16 connections (the request count);
  - JSON posts of 300 KB (parsed off the loop) and 8 MB (budgeted bodies);
  - WebSocket clients that echo, and ones that ping and never read the pongs;
  - SSE room members that never read, while messages are published;
  - clients that send half a large body and stall, and clients that hang up.

Usage: bench/soak.py --binary PATH [--seconds 180] [--slice 10]
(bench/soak.sh builds Release and runs it.)
"""
import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
sys.dont_write_bytecode = True
from abuse_test import raw_exchange as exchange  # noqa: E402
from websocket_test import PING, WsClient, frame  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def post(path, body, content_type="application/json"):
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


class Load:
    """Background clients, each a loop until `stop` is set; errors are counted,
    never raised (a refused or closed connection is part of the abuse)."""

    def __init__(self, port):
        self.port = port
        self.stop = threading.Event()
        self.threads = []
        self.counts = {}
        self.lock = threading.Lock()

    def count(self, name):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1

    def run(self, name, fn, pause):
        def loop():
            while not self.stop.is_set():
                try:
                    fn()
                    self.count(name)
                except (OSError, EOFError):
                    self.count(name + " (refused or cut)")
                self.stop.wait(pause)
        t = threading.Thread(target=loop, daemon=True)
        t.start()
        self.threads.append(t)

    def json_post(self, size):
        body = ("[" + ",".join(str(i % 997) for i in range(size // 4)) + "]").encode()
        return lambda: exchange(self.port, post("/api/json", body), timeout=30)

    def ws_echo(self):
        c = WsClient(self.port, "/api/ws/echo")
        try:
            for _ in range(50):
                c.send_text("hello")
                c.recv_message()
        finally:
            c.sock.close()

    def ping_flood(self):
        c = WsClient(self.port, "/api/ws/echo")
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c.sock.settimeout(0.2)
        pings = frame(PING, b"p" * 125) * 500
        until = time.monotonic() + 5
        try:
            while time.monotonic() < until:
                try:
                    c.sock.send(pings)
                except socket.timeout:
                    pass  # the server stopped reading us: as it should
        finally:
            c.sock.close()

    def slow_room_member(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(10)
        s.connect((HOST, self.port))
        try:
            s.sendall(b"GET /api/room HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            self.stop.wait(8)  # never reads
        finally:
            s.close()

    def publish(self):
        exchange(self.port, post("/api/room", b"m" * 12000, "text/plain"))

    def stalled_body(self):
        s = socket.create_connection((HOST, self.port), timeout=10)
        try:
            s.sendall(b"POST /api/json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 8000000\r\n\r\n" + b" " * 1_000_000)
            self.stop.wait(3)  # then gives up
        finally:
            s.close()

    def hang_up(self):
        s = socket.create_connection((HOST, self.port), timeout=5)
        s.sendall(b"GET /api/offload?ms=5 HTTP/1.1\r\nHost: x\r\n\r\n")
        s.close()


def wrk_requests(port, seconds):
    out = subprocess.run(["wrk", "-t1", "-c16", f"-d{seconds}s", f"http://{HOST}:{port}/api/room/size"],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    m = re.search(r"(\d+) requests in", out)
    return int(m.group(1)) if m else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--slice", type=int, default=10)
    args = parser.parse_args()

    port = free_port()
    server = subprocess.Popen([args.binary, "--hostname", HOST, "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                exchange(port, b"GET /api/room/size HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("soak: the server did not start")
                time.sleep(0.1)
        start_rss = rss_mib(server.pid)
        load = Load(port)
        load.run("JSON 300 KB", load.json_post(300_000), 0.05)
        load.run("JSON 8 MB", load.json_post(8_000_000), 0.5)
        load.run("WebSocket echo x50", load.ws_echo, 0.1)
        load.run("ping flood 5 s", load.ping_flood, 0.5)
        for _ in range(4):
            load.run("slow SSE member 8 s", load.slow_room_member, 0.1)
        load.run("publish 12 KB", load.publish, 0.02)
        for _ in range(3):
            load.run("stalled 8 MB body", load.stalled_body, 0.1)
        load.run("hang-up", load.hang_up, 0.01)

        print(f"soak: {args.seconds} s of mixed load on {HOST}:{port} (2 workers); "
              f"server RSS at start {start_rss:.1f} MiB", flush=True)
        print("RSS sampled every 0.25 s; in flight at any moment: up to two 8 MB JSON bodies "
              "and their parsed values", flush=True)
        print(f"{'t (s)':>6} {'GET requests':>13} {'RSS min':>8} {'median':>8} {'max':>8}  MiB",
              flush=True)
        samples = []
        sampling = threading.Event()

        def sample():
            while not sampling.is_set():
                samples.append(rss_mib(server.pid))
                sampling.wait(0.25)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        total, medians, t0 = 0, [], time.monotonic()
        while time.monotonic() - t0 < args.seconds:
            taken = len(samples)
            total += wrk_requests(port, args.slice)
            window = sorted(samples[taken:]) or [rss_mib(server.pid)]
            medians.append(window[len(window) // 2])
            print(f"{time.monotonic() - t0:6.0f} {total:13d} {window[0]:8.1f} {medians[-1]:8.1f} "
                  f"{window[-1]:8.1f}", flush=True)
        sampling.set()
        sampler.join()
        load.stop.set()
        for t in load.threads:
            t.join(timeout=15)
        time.sleep(6)  # the server gives freed memory back every 5 s
        idle = rss_mib(server.pid)
        print("\nclients served meanwhile:")
        for name, n in sorted(load.counts.items()):
            print(f"  {name:32} {n:7d}")
        half = len(medians) // 2
        first, second = sorted(medians[:half]), sorted(medians[half:])
        print(f"\n{total} GET requests beside the load. RSS: start {start_rss:.1f} MiB; median of "
              f"the slices' medians {first[len(first) // 2]:.1f} MiB in the first half, "
              f"{second[len(second) // 2]:.1f} MiB in the second; highest sample "
              f"{max(samples):.1f} MiB; idle after the load {idle:.1f} MiB")
        if server.poll() is not None:
            sys.exit("soak: the server died")
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
