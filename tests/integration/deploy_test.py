#!/usr/bin/env python3
"""Running behind a load balancer and a supervisor, with the engine example
(spur-engine-example) as the app: /_spur/live and /_spur/ready; SIGTERM
answering not-ready while it keeps serving for --drain-delay-ms, then
finishing what is in flight and exiting 0; systemd socket activation and
READY=1 / STOPPING=1 on a notify socket made here (systemd-socket-activate
from Debian); and a rolling restart of two instances behind a real HAProxy
(retries off) under GET and POST load with zero failed requests.

Usage: deploy_test.py --binary PATH [--haproxy PATH] [unittest options]
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
from spur_app import HOST, _die_with_parent  # noqa: E402

BINARY = HAPROXY = None


def free_port():
    s = socket.socket()
    s.bind((HOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, method="GET", body=None, timeout=10):
    c = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        c.request(method, path, body=body)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


class Instance:
    """The engine example on 127.0.0.1:port, one worker; stopped by its PID."""

    def __init__(self, port=0, args=()):
        self.proc = subprocess.Popen(
            [BINARY, "--hostname", HOST, "--port", str(port), "--workers", "1", *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent)
        line = self.proc.stdout.readline().decode()
        if "listening on" not in line:
            self.kill()
            raise RuntimeError(f"the server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        try:
            self.proc.stdout.read()
        except (OSError, ValueError):
            pass  # closed by wait() or kill()

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)

    def wait(self, timeout=15):
        code = self.proc.wait(timeout=timeout)
        self.proc.stdout.close()
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


class Probes(unittest.TestCase):
    def test_live_ready_and_a_drain(self):
        app = Instance(args=["--drain-delay-ms", "800"])
        try:
            self.assertEqual(get(app.port, "/_spur/live"), (200, b'{"status":"live"}'))
            self.assertEqual(get(app.port, "/_spur/ready"), (200, b'{"status":"ready"}'))
            slow = {}
            t = threading.Thread(target=lambda: slow.update(r=get(app.port, "/api/slow?ms=1500")))
            t.start()
            time.sleep(0.2)
            app.terminate()
            time.sleep(0.1)
            # Not ready, yet serving new connections for the drain delay.
            self.assertEqual(get(app.port, "/_spur/ready"), (503, b'{"status":"draining"}'))
            self.assertEqual(get(app.port, "/api/hello")[0], 200)
            time.sleep(1.0)
            with self.assertRaises(ConnectionRefusedError):
                get(app.port, "/api/hello")
            t.join(5)
            self.assertEqual(slow["r"], (200, b'{"slept":1500}'), "the request in flight finished")
            self.assertEqual(app.wait(), 0)
        finally:
            app.kill()


class Systemd(unittest.TestCase):
    def test_socket_activation_and_notifications(self):
        folder = tempfile.mkdtemp(prefix="spur-notify-")
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        path = os.path.join(folder, "notify")
        notify.bind(path)
        notify.settimeout(10)
        port = free_port()
        proc = subprocess.Popen(
            ["systemd-socket-activate", "-l", f"{HOST}:{port}", "-E", f"NOTIFY_SOCKET={path}",
             BINARY, "--workers", "2", "--port", "1"],  # the inherited socket wins over --port
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent)
        try:
            for _ in range(100):  # until systemd-socket-activate listens
                try:
                    status, body = get(port, "/api/hello")
                    break
                except ConnectionRefusedError:
                    time.sleep(0.05)
            self.assertEqual(status, 200, body)
            self.assertEqual(notify.recv(256), b"READY=1")
            for _ in range(20):  # both workers accept on the one socket
                self.assertEqual(get(port, "/api/hello")[0], 200)
            proc.send_signal(signal.SIGTERM)  # the app replaced systemd-socket-activate (exec)
            self.assertEqual(notify.recv(256), b"STOPPING=1")
            self.assertEqual(proc.wait(timeout=15), 0, proc.stderr.read().decode())
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stderr.close()
            notify.close()
            shutil.rmtree(folder, ignore_errors=True)


HAPROXY_CONFIG = """
global
  maxconn 2000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 0
  option redispatch 0
frontend front
  bind {host}:{front}
  default_backend apps
backend apps
  balance roundrobin
  option httpchk GET /_spur/ready
  http-check expect status 200
  default-server inter 100ms fall 1 rise 2
  server a {host}:{a} check
  server b {host}:{b} check
"""


class RollingRestart(unittest.TestCase):
    """Each instance in turn: SIGTERM (200 ms of drain delay, twice HAProxy's
    check interval), wait for its exit, start its successor on the same port;
    GET and POST through HAProxy all along, with retries off."""

    DURATION_S = 20

    def test_zero_failed_requests(self):
        ports = {"a": free_port(), "b": free_port()}
        front = free_port()
        folder = tempfile.mkdtemp(prefix="spur-haproxy-")
        config = os.path.join(folder, "haproxy.cfg")
        with open(config, "w") as f:
            f.write(HAPROXY_CONFIG.format(host=HOST, front=front, **ports))
        delay = ["--drain-delay-ms", "300"]
        apps = {name: Instance(port, delay) for name, port in ports.items()}
        lb = subprocess.Popen([HAPROXY, "-db", "-f", config], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              preexec_fn=_die_with_parent)
        results = {"ok": 0, "failed": []}
        lock = threading.Lock()
        stop = threading.Event()

        def load(n):
            c = None
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    if c is None:
                        c = http.client.HTTPConnection(HOST, front, timeout=10)
                    if i % 2:
                        c.request("GET", f"/api/users/{n}")
                    else:
                        c.request("POST", "/api/echo", body=json.dumps({"n": n, "i": i}),
                                  headers={"Content-Type": "application/json"})
                    r = c.getresponse()
                    body = r.read()
                    ok = r.status == 200
                    if r.getheader("Connection", "").lower() == "close":
                        c.close()
                        c = None
                except (OSError, http.client.HTTPException) as e:
                    ok, body = False, repr(e).encode()
                    c = None
                with lock:
                    if ok:
                        results["ok"] += 1
                    else:
                        results["failed"].append(body[:200])
            if c is not None:
                c.close()

        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # both servers up in HAProxy
                try:
                    if get(front, "/api/hello")[0] == 200 and get(front, "/api/hello")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            workers = [threading.Thread(target=load, args=(n,)) for n in range(6)]
            for w in workers:
                w.start()
            restarts = 0
            end = time.monotonic() + self.DURATION_S
            while time.monotonic() < end:
                for name in ("a", "b"):
                    old = apps[name]
                    old.terminate()
                    self.assertEqual(old.wait(), 0)
                    apps[name] = Instance(ports[name], delay)
                    restarts += 1
                    time.sleep(0.6)  # HAProxy sees it ready twice (rise 2) before the next
            stop.set()
            for w in workers:
                w.join(15)
            print(f"rolling restart: {restarts} restarts, {results['ok']} requests, "
                  f"{len(results['failed'])} failed", file=sys.stderr)
            self.assertGreater(restarts, 10)
            self.assertGreater(results["ok"], 1000)
            self.assertEqual(results["failed"], [])
        finally:
            stop.set()
            lb.kill()
            lb.wait()
            lb.stderr.close()
            for app in apps.values():
                app.kill()
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    args, rest = parser.parse_known_args()
    BINARY, HAPROXY = args.binary, args.haproxy
    unittest.main(argv=[sys.argv[0]] + rest)
