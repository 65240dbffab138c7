"""A built Spur app (an executable made by spur_add_app()) as a child process, for
the Python tests in this folder (standard library only).

    app = AppServer("build/conf/examples/seeds/spur-seeds")
    app.start()          # --port 0 --workers 1 --hostname 127.0.0.1; waits for `- Local:`
    ... http.client.HTTPConnection(HOST, app.port) ...
    app.stop()           # SIGTERM by PID, SIGKILL by PID after STOP_TIMEOUT_S

The app dies with the test process (PR_SET_PDEATHSIG) should the test be killed
before it can stop it.
"""
import ctypes
import json
import os
import re
import select
import signal
import subprocess
import threading
import time
import unittest

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 15
STOP_TIMEOUT_S = 10

# The banner line an app prints once it is listening: `  - Local: http://localhost:PORT`.
LOCAL_LINE = re.compile(r"-\s+Local:\s+http://(\S+):(\d+)")


def _die_with_parent():
    """preexec_fn: the app gets SIGKILL should the test process die without stopping it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def memory_kib(pid, field="VmRSS"):
    """A process's memory figure from /proc/PID/status, in KiB: VmRSS (resident
    now) or VmHWM (the peak resident so far)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


class AppServer:
    """The app on 127.0.0.1, port chosen by the kernel, one worker."""

    def __init__(self, binary, workers=1, env=None, args=()):
        self.binary = binary
        self.workers = workers
        self.args = list(args)
        self.env = None if env is None else {**os.environ, **env}
        self.proc = None
        self.port = None
        self._output = []  # the last lines the app printed, stdout and stderr
        self._lock = threading.Lock()
        self._threads = []

    def start(self):
        """Starts the app and returns once it printed its Local line; raises
        RuntimeError (after stopping it) if it does not within STARTUP_TIMEOUT_S."""
        if not os.access(self.binary, os.X_OK):
            raise RuntimeError(f"not an executable: {self.binary}")
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--workers", str(self.workers), "--hostname", HOST,
             *self.args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=self.env, preexec_fn=_die_with_parent)
        try:
            self._wait_for_local_line()
        except BaseException:
            if self.proc.poll() is None:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            self._remember_available(self.proc.stderr)  # why it failed, if it said
            self.stop()
            raise
        # Keep draining both pipes so the app never blocks on a full pipe.
        for stream in (self.proc.stdout, self.proc.stderr):
            t = threading.Thread(target=self._drain, args=(stream,), daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def _wait_for_local_line(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        partial = b""
        while self.port is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError(f"no `- Local:` line within {STARTUP_TIMEOUT_S} s")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                try:
                    self.proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
                raise RuntimeError(f"the app closed stdout before listening ({self.describe_exit()})")
            partial += chunk
            *lines, partial = partial.split(b"\n")
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                self._remember(line)
                m = LOCAL_LINE.search(line)
                if m:
                    self.port = int(m.group(2))
        if partial:
            self._remember(partial.decode("utf-8", "replace"))

    def _remember(self, line):
        with self._lock:
            self._output.append(line)
            del self._output[:-200]

    def _remember_available(self, stream, wait_s=0.5):
        """Keeps what `stream` has to give within `wait_s` (it may be held open by
        a process the app started)."""
        deadline = time.monotonic() + wait_s
        data = b""
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([stream], [], [], left)[0]:
                break
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                break
            data += chunk
        for line in data.decode("utf-8", "replace").splitlines():
            self._remember(line)

    def _drain(self, stream):
        for raw in iter(stream.readline, b""):
            self._remember(raw.decode("utf-8", "replace").rstrip("\n"))

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def describe_exit(self):
        rc = None if self.proc is None else self.proc.returncode
        if rc is None:
            return "running"
        return f"killed by signal {-rc}" if rc < 0 else f"exit status {rc}"

    def stop(self):
        """SIGTERM by PID, then SIGKILL by PID if it has not exited in time. Idempotent."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                self.proc.wait()
        for t in self._threads:
            t.join(timeout=2)
        self._threads = []
        for stream in (self.proc.stdout, self.proc.stderr):
            if not stream.closed:
                stream.close()

    def tail(self, n=20):
        """The last `n` lines the app printed."""
        with self._lock:
            return self._output[-n:]


class AppTestCase(unittest.TestCase):
    """A test case with `self.app`, a fresh AppServer of `binary` (with `env`
    added to the environment) per test, checked to be still running at the end."""

    binary = None
    env = None
    args = ()  # extra command-line flags

    def setUp(self):
        self.app = AppServer(self.binary, env=self.env, args=self.args).start()
        self.addCleanup(self.app.stop)

    def tearDown(self):
        self.assertTrue(self.app.running(), f"the app died ({self.app.describe_exit()}): "
                        + "\n".join(self.app.tail()))


class Answer:
    """An HTTP response read whole: status, headers in order, body bytes."""

    def __init__(self, resp, body):
        self.status = resp.status
        self.headers = resp.getheaders()
        self.body = body

    def header(self, name):
        """Every value of `name`, joined with ", "; None when absent."""
        vals = [v for k, v in self.headers if k.lower() == name.lower()]
        return ", ".join(vals) if vals else None

    def json(self):
        return json.loads(self.body)
