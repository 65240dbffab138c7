#!/usr/bin/env python3
"""Request bodies that stream, over real sockets, against
tests/fixtures/stream-app (one worker): a 200 MB upload read as it arrives,
raw and as multipart/form-data spooled to disk, with the server's peak RSS
staying under 32 MB; chunked uploads; limits answering 413 before the body
(declared length) or as soon as they are passed (chunked, per file), without
the server reading the rest; a handler that answers without reading at all.

Every body carries a pattern (byte k is k % 251) that the server checks.

Usage: upload_test.py --binary PATH [unittest options]
Prints the measured figures (peak RSS, throughput).
"""
import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from spur_app import HOST, AppTestCase, memory_kib  # noqa: E402

MB = 1000 * 1000
BLOCK = bytes(i % 251 for i in range(251 * 4096))  # a whole number of periods: blocks chain
RSS_BOUND_KIB = 32 * 1024
# The growth allowed over the server's peak before the upload: what holds
# under AddressSanitizer too, whose shadow memory alone passes 32 MiB.
GROWTH_BOUND_KIB = 16 * 1024


def pattern_blocks(total):
    """The pattern's first `total` bytes, as a sequence of blocks."""
    left = total
    while left:
        n = min(left, len(BLOCK))
        yield BLOCK[:n]
        left -= n


def read_response(sock, timeout=60):
    """(status, headers dict, body) of one Content-Length response."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError(f"closed before a response: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split(" ", 2)[1]), headers, body[:length]


class Sender(threading.Thread):
    """Sends `blocks` on `sock` in the background, counting bytes, until done or refused."""

    def __init__(self, sock, blocks):
        super().__init__(daemon=True)
        self.sock, self.blocks, self.sent, self.error = sock, blocks, 0, None

    def run(self):
        try:
            for b in self.blocks:
                self.sock.sendall(b)
                self.sent += len(b)
        except OSError as e:
            self.error = e


def chunked(blocks):
    for b in blocks:
        yield b"%x\r\n" % len(b) + b + b"\r\n"
    yield b"0\r\n\r\n"


class Uploads(AppTestCase):
    def connect(self):
        s = socket.create_connection((HOST, self.app.port), timeout=60)
        self.addCleanup(s.close)
        return s

    def post(self, path, head_fields, blocks):
        """Streams a POST; returns (status, headers, body, seconds)."""
        s = self.connect()
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\n{head_fields}\r\n".encode())
        started = time.monotonic()
        sender = Sender(s, blocks)
        sender.start()
        status, headers, body = read_response(s)
        sender.join(60)
        return status, headers, body, time.monotonic() - started

    def assert_memory_bounded(self, before_kib, peak_kib, what, secs, total):
        print(f"\n  200 MB {what}: peak server RSS {peak_kib / 1024:.1f} MiB "
              f"(+{(peak_kib - before_kib) / 1024:.1f} MiB), {total / MB / secs:.0f} MB/s",
              file=sys.stderr)
        self.assertLess(peak_kib - before_kib, GROWTH_BOUND_KIB)
        if before_kib < GROWTH_BOUND_KIB:  # a plain build: the whole process stays small
            self.assertLess(peak_kib, RSS_BOUND_KIB)

    def test_raw_200mb_in_constant_memory(self):
        before = memory_kib(self.app.proc.pid, "VmHWM")
        total = 200 * MB
        status, _, body, secs = self.post("/api/upload/raw", f"Content-Length: {total}\r\n",
                                          pattern_blocks(total))
        self.assertEqual(status, 200, body)
        r = json.loads(body)
        self.assertEqual(r["bytes"], total)
        self.assertTrue(r["pattern_ok"])
        self.assertTrue(r["streamed"])
        self.assertLessEqual(r["largest_piece"], 64 * 1024)
        self.assert_memory_bounded(before, r["peak_rss_kib"], "streamed upload (raw)", secs, total)

    def test_chunked_upload_streams(self):
        total = 20 * MB
        status, _, body, _ = self.post("/api/upload/raw", "Transfer-Encoding: chunked\r\n",
                                       chunked(pattern_blocks(total)))
        self.assertEqual(status, 200, body)
        r = json.loads(body)
        self.assertEqual((r["bytes"], r["pattern_ok"]), (total, True))

    def test_multipart_200mb_file_spooled_in_constant_memory(self):
        before = memory_kib(self.app.proc.pid, "VmHWM")
        total = 200 * MB
        spool = tempfile.mkdtemp(prefix="spur-spool-")
        self.addCleanup(os.rmdir, spool)
        boundary = "----spurtest7f3a"
        pre = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nholiday\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"video\"; "
               f"filename=\"clip.bin\"\r\nContent-Type: video/mp4\r\n\r\n").encode()
        post = f"\r\n--{boundary}--\r\n".encode()
        length = len(pre) + total + len(post)

        def blocks():
            yield pre
            yield from pattern_blocks(total)
            yield post

        status, _, body, secs = self.post(
            f"/api/upload/form?dir={spool}",
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n",
            blocks())
        self.assertEqual(status, 200, body)
        r = json.loads(body)
        self.assertEqual(r["fields"], {"title": "holiday"})
        self.assertEqual(len(r["files"]), 1)
        f = r["files"][0]
        self.assertEqual((f["field"], f["filename"], f["content_type"], f["size"]),
                         ("video", "clip.bin", "video/mp4", total))
        self.assertTrue(f["spooled"] and f["pattern_ok"])
        self.assertEqual(os.listdir(spool), [], "spooled files are removed with the form")
        self.assert_memory_bounded(before, r["peak_rss_kib"], "multipart upload spooled to disk",
                                   secs, total)

    def test_declared_length_over_the_limit_is_413_before_the_body(self):
        s = self.connect()
        s.sendall(b"POST /api/upload/small HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
        status, headers, _ = read_response(s, timeout=5)  # no body byte was sent
        self.assertEqual(status, 413)
        self.assertEqual(headers.get("connection"), "close")

    def test_chunked_over_the_limit_is_413_as_soon_as_passed(self):
        status, headers, _, _ = self.post("/api/upload/small", "Transfer-Encoding: chunked\r\n",
                                          chunked(pattern_blocks(50 * MB)))
        self.assertEqual(status, 413)
        self.assertEqual(headers.get("connection"), "close")

    def assert_413_without_reading_the_rest(self, path, head_fields, blocks, limit):
        s = self.connect()
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\n{head_fields}\r\n".encode())
        sender = Sender(s, blocks)
        sender.start()
        status, headers, body = read_response(s)
        sent_when_answered = sender.sent
        self.assertEqual(status, 413, body)
        self.assertEqual(headers.get("connection"), "close")
        # What the client had sent when the answer came: the limit plus what
        # socket buffers hold, far from the whole body.
        self.assertLess(sent_when_answered, limit + 32 * MB)
        sender.join(30)
        self.assertFalse(sender.is_alive())
        return json.loads(body)

    def test_file_limit_is_413_without_reading_the_rest(self):
        boundary = "b0undary"
        pre = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big\"\r\n\r\n"
               ).encode()

        def blocks():  # chunked, so no declared length gives the size away
            yield pre
            yield from pattern_blocks(900 * MB)

        body = self.assert_413_without_reading_the_rest(
            "/api/upload/form?file_limit=1000000",
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            "Transfer-Encoding: chunked\r\n", chunked(blocks()), 1 * MB)
        self.assertIn("file too large", body["error"])

    def test_answer_without_reading_closes_the_connection(self):
        s = self.connect()
        s.sendall(b"POST /api/upload/small HTTP/1.1\r\nHost: x\r\nX-Reject: yes\r\n"
                  b"Content-Length: 500000\r\n\r\n")
        status, headers, body = read_response(s, timeout=5)
        self.assertEqual(status, 403)
        self.assertEqual(headers.get("connection"), "close")
        # The app still serves, on a new connection.
        status, _, body, _ = self.post("/api/upload/small", "Content-Length: 1000\r\n",
                                       pattern_blocks(1000))
        self.assertEqual((status, json.loads(body)["bytes"]), (200, 1000))

    def test_keep_alive_after_a_fully_read_streamed_body(self):
        s = self.connect()
        for _ in range(3):
            s.sendall(b"POST /api/upload/small HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"
                      + BLOCK[:1000])
            status, headers, body = read_response(s)
            self.assertEqual((status, json.loads(body)["bytes"]), (200, 1000))
            self.assertNotEqual(headers.get("connection"), "close")

    def test_keep_alive_after_a_form_read_to_its_end(self):
        s = self.connect()
        boundary = "b0undary"
        for epilogue in ("", "an epilogue the parser ignores\r\n"):
            form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhi\r\n"
                    f"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n"
                    f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n{epilogue}").encode()
            for _ in range(2):
                s.sendall((f"POST /api/upload/form HTTP/1.1\r\nHost: x\r\n"
                           f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                           f"Content-Length: {len(form)}\r\n\r\n").encode() + form)
                status, headers, body = read_response(s)
                self.assertEqual(status, 200, body)
                self.assertEqual(json.loads(body)["fields"], {"title": "hi"})
                self.assertNotEqual(headers.get("connection"), "close", epilogue)

    def test_expect_100_continue_is_sent_when_the_handler_reads(self):
        s = self.connect()
        s.sendall(b"POST /api/upload/small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  b"Expect: 100-continue\r\n\r\n")
        s.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(1024)
        self.assertTrue(data.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), data)
        s.sendall(b"hello")
        status, _, body = read_response(s)
        self.assertEqual((status, json.loads(body)["bytes"]), (200, 5))

    def test_expect_100_continue_refused_without_continue(self):
        s = self.connect()
        s.sendall(b"POST /api/upload/small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                  b"X-Reject: yes\r\nExpect: 100-continue\r\n\r\n")
        status, _, _ = read_response(s, timeout=5)
        self.assertEqual(status, 403)  # the client never had to send its body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    Uploads.binary = args.binary
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
