#!/usr/bin/env python3
"""WebSocket routes over real sockets, against tests/fixtures/stream-app (one
worker), with a small RFC 6455 client written here so that every frame can be
malformed on purpose. The cases follow the Autobahn TestSuite's sections:
echo of text and binary at the length-encoding edges (1.x), ping/pong (2.x),
reserved bits (3.x) and opcodes (4.x), fragmentation (5.x), UTF-8 (6.x),
closing (7.x), limits (9.x); then the handshake, upgrade() from GET, handler
failure, keep-alive pings, backpressure (server memory while a client does
not read) and a Room shared by SSE and WebSocket members.

Usage: websocket_test.py --binary PATH [unittest options]
"""
import argparse
import base64
import hashlib
import json
import os
import socket
import struct
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from spur_app import HOST, AppTestCase, memory_kib as rss_kib  # noqa: E402

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG, CONT = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0


def frame(opcode, payload=b"", fin=True, rsv=0, mask=True, length=None):
    """One client frame; `length` overrides the encoded length (to lie)."""
    n = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | (rsv << 4) | opcode])
    bit = 0x80 if mask else 0
    if n < 126:
        head += bytes([bit | n])
    elif n < 65536:
        head += bytes([bit | 126]) + struct.pack("!H", n)
    else:
        head += bytes([bit | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def close_payload(code, reason=b""):
    return struct.pack("!H", code) + reason


class WsClient:
    def __init__(self, port, path, extra_headers="", early=b"", timeout=10):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = b""
        self.key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {self.key}\r\n"
                           f"Sec-WebSocket-Version: 13\r\n{extra_headers}\r\n").encode() + early)
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        self.status = int(head.split(" ", 2)[1])
        self.headers = {}
        for line in head.split("\r\n")[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                self.headers[k.strip().lower()] = v.strip()

    def _read_until(self, marker):
        while marker not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError(f"closed before {marker!r}")
            self.buf += chunk
        head, _, self.buf = self.buf.partition(marker)
        return head + marker

    def _read_exact(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise EOFError("closed mid-frame")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, data):
        self.sock.sendall(data)

    def send_text(self, text):
        self.send(frame(TEXT, text.encode() if isinstance(text, str) else text))

    def recv_frame(self, timeout=10):
        """(fin, opcode, payload) of the server's next frame; checks it is unmasked."""
        self.sock.settimeout(timeout)
        b0, b1 = self._read_exact(2)
        assert not (b1 & 0x80), "server frames must not be masked"
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self._read_exact(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._read_exact(8))[0]
        return bool(b0 & 0x80), b0 & 0x0F, self._read_exact(n)

    def recv_message(self, timeout=10):
        """(opcode, payload) of the next data message, answering pings."""
        while True:
            fin, op, payload = self.recv_frame(timeout)
            if op == PING:
                self.send(frame(PONG, payload))
                continue
            assert fin, "the server sends whole messages"
            return op, payload

    def expect_close(self, timeout=10):
        """The code and reason of the server's Close frame, skipping data frames."""
        while True:
            _, op, payload = self.recv_frame(timeout)
            if op == CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                return code, payload[2:]

    def at_eof(self, timeout=5):
        """True once the server has closed the TCP connection."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


class WebSocketCase(AppTestCase):
    def ws(self, path="/api/ws/echo", **kw):
        c = WsClient(self.app.port, path, **kw)
        self.addCleanup(c.close)
        return c

    def assert_fails_with(self, c, code):
        got, _ = c.expect_close()
        self.assertEqual(got, code)
        self.assertTrue(c.at_eof(), "the server closes the connection after failing it")


class Handshake(WebSocketCase):
    def test_accept_key_and_headers(self):
        c = self.ws()
        self.assertEqual(c.status, 101)
        want = base64.b64encode(hashlib.sha1(c.key.encode() + GUID).digest()).decode()
        self.assertEqual(c.headers["sec-websocket-accept"], want)
        self.assertEqual(c.headers["upgrade"].lower(), "websocket")
        self.assertEqual(c.headers["connection"].lower(), "upgrade")
        self.assertNotIn("content-length", c.headers)
        self.assertNotIn("sec-websocket-protocol", c.headers)

    def test_subprotocol_is_the_routes_first_choice_the_client_offers(self):
        c = self.ws(extra_headers="Sec-WebSocket-Protocol: chat, echo.v1\r\n")
        self.assertEqual(c.headers["sec-websocket-protocol"], "echo.v1")
        c = self.ws(extra_headers="Sec-WebSocket-Protocol: echo.v1, echo.v2\r\n")
        self.assertEqual(c.headers["sec-websocket-protocol"], "echo.v2")

    def raw(self, request):
        s = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data.decode("latin-1")

    def test_bad_version_is_426_naming_13(self):
        r = self.raw("GET /api/ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 8\r\n\r\n")
        self.assertTrue(r.startswith("HTTP/1.1 426 "), r)
        self.assertIn("Sec-WebSocket-Version: 13", r)

    def test_bad_key_is_400(self):
        r = self.raw("GET /api/ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: short\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n")
        self.assertTrue(r.startswith("HTTP/1.1 400 "), r)

    def test_plain_get_of_a_socket_route_is_426(self):
        r = self.raw("GET /api/ws/echo HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertTrue(r.startswith("HTTP/1.1 426 "), r)
        self.assertIn("Upgrade: websocket", r)

    def test_frames_sent_right_behind_the_handshake(self):
        c = self.ws(early=frame(TEXT, b"early") + frame(TEXT, b"bird"))
        self.assertEqual(c.recv_message(), (TEXT, b"early"))
        self.assertEqual(c.recv_message(), (TEXT, b"bird"))

    def test_upgrade_from_get_after_a_check(self):
        c = WsClient(self.app.port, "/api/ws/guarded")
        self.addCleanup(c.close)
        self.assertEqual(c.status, 401)
        c = self.ws("/api/ws/guarded?token=let-me-in&user=ada")
        self.assertEqual(c.status, 101)
        self.assertEqual(c.recv_message(), (TEXT, b"hello ada"))
        self.assertEqual(c.expect_close(), (4000, b"bye"))
        c.send(frame(CLOSE, close_payload(4000)))
        self.assertTrue(c.at_eof())


class Echo(WebSocketCase):
    def test_1_text_and_binary_at_every_length_encoding(self):
        c = self.ws()
        for n in (0, 1, 125, 126, 127, 65535, 65536):
            text = ("é" * n)[: n // 2] + "a" * (n - 2 * (n // 2))  # n bytes of UTF-8
            self.assertEqual(len(text.encode()), n)
            c.send_text(text)
            self.assertEqual(c.recv_message(), (TEXT, text.encode()), n)
            data = os.urandom(n)
            c.send(frame(BINARY, data))
            self.assertEqual(c.recv_message(), (BINARY, data), n)

    def test_many_frames_in_one_write_keep_their_order(self):
        c = self.ws()
        c.send(b"".join(frame(TEXT, f"m{i}".encode()) for i in range(200)))
        for i in range(200):
            self.assertEqual(c.recv_message(), (TEXT, f"m{i}".encode()))

    def test_a_frame_trickled_byte_by_byte(self):
        c = self.ws()
        for b in frame(TEXT, b"slowly"):
            c.send(bytes([b]))
        self.assertEqual(c.recv_message(), (TEXT, b"slowly"))

    def test_2_ping_gets_a_pong_with_its_payload(self):
        c = self.ws()
        for payload in (b"", b"hello", os.urandom(125)):
            c.send(frame(PING, payload))
            self.assertEqual(c.recv_frame(), (True, PONG, payload))

    def test_2_unsolicited_pong_is_ignored(self):
        c = self.ws()
        c.send(frame(PONG, b"nobody asked") + frame(TEXT, b"after"))
        self.assertEqual(c.recv_message(), (TEXT, b"after"))

    def test_2_ping_over_125_bytes_fails_1002(self):
        c = self.ws()
        c.send(frame(PING, b"x" * 126))
        self.assert_fails_with(c, 1002)

    def test_3_reserved_bits_fail_1002(self):
        for rsv in (1, 2, 4):
            c = self.ws()
            c.send(frame(TEXT, b"x", rsv=rsv))
            self.assert_fails_with(c, 1002)

    def test_4_reserved_opcodes_fail_1002(self):
        for op in (0x3, 0x7, 0xB, 0xF):
            c = self.ws()
            c.send(frame(op, b"x"))
            self.assert_fails_with(c, 1002)

    def test_unmasked_client_frame_fails_1002(self):
        c = self.ws()
        c.send(frame(TEXT, b"x", mask=False))
        self.assert_fails_with(c, 1002)


class Fragmentation(WebSocketCase):
    def test_5_fragments_make_one_message(self):
        c = self.ws()
        c.send(frame(TEXT, b"frag", fin=False) + frame(CONT, b"men", fin=False) + frame(CONT, b"ts"))
        self.assertEqual(c.recv_message(), (TEXT, b"fragments"))

    def test_5_ping_between_fragments_is_answered_first(self):
        c = self.ws()
        c.send(frame(BINARY, b"ab", fin=False) + frame(PING, b"p") + frame(CONT, b"cd"))
        self.assertEqual(c.recv_frame(), (True, PONG, b"p"))
        self.assertEqual(c.recv_message(), (BINARY, b"abcd"))

    def test_5_continuation_without_a_start_fails_1002(self):
        c = self.ws()
        c.send(frame(CONT, b"orphan"))
        self.assert_fails_with(c, 1002)

    def test_5_new_message_inside_a_fragmented_one_fails_1002(self):
        c = self.ws()
        c.send(frame(TEXT, b"a", fin=False) + frame(TEXT, b"b"))
        self.assert_fails_with(c, 1002)

    def test_5_fragmented_control_frame_fails_1002(self):
        c = self.ws()
        c.send(frame(PING, b"p", fin=False))
        self.assert_fails_with(c, 1002)


class Utf8(WebSocketCase):
    def test_6_character_split_across_fragments_is_fine(self):
        c = self.ws()
        euro = "€".encode()
        c.send(frame(TEXT, euro[:1], fin=False) + frame(CONT, euro[1:2], fin=False)
               + frame(CONT, euro[2:]))
        self.assertEqual(c.recv_message(), (TEXT, euro))

    def test_6_invalid_utf8_fails_1007(self):
        for bad in (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"ok\xe2\x82"):
            c = self.ws()
            c.send(frame(TEXT, bad))
            self.assert_fails_with(c, 1007)

    def test_6_invalid_utf8_in_a_first_fragment_fails_at_once(self):
        c = self.ws()
        c.send(frame(TEXT, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80", fin=False))
        self.assert_fails_with(c, 1007)  # without waiting for the rest of the message


class Closing(WebSocketCase):
    def test_7_client_close_is_echoed_then_the_server_closes_tcp(self):
        c = self.ws()
        c.send(frame(CLOSE, close_payload(1000, b"done")))
        self.assertEqual(c.expect_close(), (1000, b""))
        self.assertTrue(c.at_eof())

    def test_7_close_without_a_code(self):
        c = self.ws()
        c.send(frame(CLOSE))
        self.assertEqual(c.expect_close(), (None, b""))
        self.assertTrue(c.at_eof())

    def test_7_invalid_close_codes_fail_1002(self):
        for code in (0, 999, 1004, 1005, 1006, 1015, 1100, 2999, 5000):
            c = self.ws()
            c.send(frame(CLOSE, close_payload(code)))
            self.assert_fails_with(c, 1002)

    def test_7_one_byte_close_payload_fails_1002(self):
        c = self.ws()
        c.send(frame(CLOSE, b"\x03"))
        self.assert_fails_with(c, 1002)

    def test_7_close_reason_must_be_utf8(self):
        c = self.ws()
        c.send(frame(CLOSE, close_payload(1000, b"\xff")))
        self.assert_fails_with(c, 1007)

    def test_7_server_initiated_close(self):
        c = self.ws()
        c.send_text("close 4001 going now")
        self.assertEqual(c.expect_close(), (4001, b"going now"))
        c.send(frame(CLOSE, close_payload(4001)))
        self.assertTrue(c.at_eof())

    def test_7_nothing_is_echoed_after_close(self):
        c = self.ws()
        c.send(frame(CLOSE, close_payload(1000)) + frame(TEXT, b"too late"))
        self.assertEqual(c.expect_close(), (1000, b""))
        self.assertTrue(c.at_eof())

    def test_handler_failure_closes_1011(self):
        c = self.ws()
        c.send_text("throw")
        self.assertEqual(c.expect_close()[0], 1011)
        c.send(frame(CLOSE, close_payload(1011)))
        self.assertTrue(c.at_eof())

    def test_client_vanishing_frees_the_connection(self):
        for _ in range(20):
            c = self.ws()
            c.close()
        c = self.ws()
        c.send_text("still here")
        self.assertEqual(c.recv_message(), (TEXT, b"still here"))


class Limits(WebSocketCase):
    def test_9_message_over_the_limit_fails_1009(self):
        c = self.ws()
        c.send(frame(BINARY, b"x" * (64 * 1024 + 1)))
        self.assert_fails_with(c, 1009)

    def test_9_refused_from_the_header_before_the_payload(self):
        c = self.ws()
        c.send(frame(BINARY, b"", length=10**9))  # announces 1 GB, sends none of it
        self.assert_fails_with(c, 1009)

    def test_9_fragments_over_the_limit_fail_1009(self):
        c = self.ws()
        c.send(frame(TEXT, b"a" * 40000, fin=False) + frame(CONT, b"a" * 40000))
        self.assert_fails_with(c, 1009)

    def test_keepalive_ping_and_silent_client_dropped(self):
        c = self.ws("/api/ws/quiet")
        started = time.monotonic()
        fin, op, _ = c.recv_frame(timeout=5)
        self.assertEqual(op, PING)
        self.assertTrue(c.at_eof(timeout=5), "a client that does not answer pings is dropped")
        self.assertLess(time.monotonic() - started, 3)

    def test_keepalive_answered_pings_keep_the_connection(self):
        c = self.ws("/api/ws/quiet")
        deadline = time.monotonic() + 1.5
        pings = 0
        while time.monotonic() < deadline:
            try:
                _, op, payload = c.recv_frame(timeout=max(0.05, deadline - time.monotonic()))
            except socket.timeout:
                break
            self.assertEqual(op, PING)
            pings += 1
            c.send(frame(PONG, payload))
        self.assertGreaterEqual(pings, 2)
        c.send(frame(CLOSE, close_payload(1000)))
        self.assertEqual(c.expect_close(), (1000, b""))

    def test_backpressure_bounds_server_memory(self):
        pid = self.app.proc.pid
        before = rss_kib(pid)
        n, size = 2000, 64 * 1024  # 128 MiB the handler wants to send
        c = self.ws(f"/api/ws/flood?n={n}&size={size}")
        time.sleep(1.0)  # not reading: the handler must be held back
        stalled = rss_kib(pid)
        got = 0
        while True:
            op, payload = c.recv_message(timeout=30)
            if op == TEXT:
                break
            self.assertEqual(len(payload), size)
            got += 1
        self.assertEqual(got, n)
        peak = int(payload.decode().split()[1])
        growth = (stalled - before) / 1024
        print(f"\n  WebSocket flood of {n * size >> 20} MiB to a client that stops reading: server "
              f"RSS +{growth:.1f} MiB, peak unsent {peak >> 10} KiB", file=sys.stderr)
        self.assertLess(growth, 16)
        self.assertLessEqual(peak, 64 * 1024 + 2 * size)


class RoomFanOut(WebSocketCase):
    def test_sse_and_websocket_members_share_a_room(self):
        a = self.ws("/api/ws/room")
        b = self.ws("/api/ws/room")
        self.assertEqual(a.recv_message(), (TEXT, b"joined"))
        self.assertEqual(b.recv_message(), (TEXT, b"joined"))
        sse = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(sse.close)
        sse.sendall(b"GET /api/room HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        data = b""
        while b"event: joined" not in data:
            data += sse.recv(65536)
        a.send_text("from a")
        self.assertEqual(a.recv_message(), (TEXT, b"from a"))
        self.assertEqual(b.recv_message(), (TEXT, b"from a"))
        while b"data: from a" not in data:
            data += sse.recv(65536)
        post = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(post.close)
        post.sendall(b"POST /api/room HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nby sse")
        self.assertEqual(a.recv_message(), (TEXT, b"by sse"))
        self.assertEqual(b.recv_message(), (TEXT, b"by sse"))
        a.close()
        b.send_text("a left")
        self.assertEqual(b.recv_message(), (TEXT, b"a left"))
        deadline = time.monotonic() + 5
        while json.loads(self.get("/api/room/size"))["members"] != 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(json.loads(self.get("/api/room/size"))["members"], 2)  # b and the SSE client

    def get(self, path):
        s = socket.create_connection((HOST, self.app.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        return data.partition(b"\r\n\r\n")[2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    WebSocketCase.binary = args.binary
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
