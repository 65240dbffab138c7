// The WebSocket core: the accept key and handshake checks, the server's frame
// encoding, and the client-frame decoder, whose events must not depend on how
// the bytes are split across reads, and which answers every protocol
// violation with the close code RFC 6455 calls for.
#include "spur/http/websocket_codec.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "test_util.hpp"

namespace spur::http::ws {
namespace {

using namespace std::string_literals;
using test::ExactCopy;
using test::HeadParser;
using Kind = FrameDecoder::Kind;

// --- Helpers -----------------------------------------------------------------

using Key = std::array<std::uint8_t, 4>;
constexpr Key rfc_key = {0x37, 0xfa, 0x21, 0x3d};  // RFC 6455 §5.7's masking key

// A client frame: `first` is the first header byte (FIN, RSV, opcode); the
// length takes the shortest form unless `length` overrides it.
std::string client_frame(unsigned char first, std::string_view payload, Key key = rfc_key,
                         bool masked = true) {
  std::string f;
  f.push_back(static_cast<char>(first));
  const unsigned char m = masked ? 0x80 : 0;
  const std::uint64_t n = payload.size();
  if (n < 126) {
    f.push_back(static_cast<char>(m | n));
  } else if (n <= 0xFFFF) {
    f.push_back(static_cast<char>(m | 126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xFF));
  } else {
    f.push_back(static_cast<char>(m | 127));
    for (int s = 56; s >= 0; s -= 8) f.push_back(static_cast<char>((n >> s) & 0xFF));
  }
  if (masked) {
    for (auto b : key) f.push_back(static_cast<char>(b));
    for (std::size_t i = 0; i < payload.size(); ++i)
      f.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
  } else {
    f.append(payload);
  }
  return f;
}

// First header bytes.
constexpr unsigned char fin = 0x80;
constexpr unsigned char op_cont = 0x0, op_text = 0x1, op_binary = 0x2, op_close = 0x8,
                        op_ping = 0x9, op_pong = 0xA;

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
  std::string p;
  p.push_back(static_cast<char>(code >> 8));
  p.push_back(static_cast<char>(code & 0xFF));
  p.append(reason);
  return p;
}

struct Event {
  Kind kind = Kind::need_more;
  std::string data;
  std::uint16_t code = 0;
  bool operator==(const Event&) const = default;
};

const char* name(Kind k) {
  switch (k) {
    case Kind::need_more: return "need_more";
    case Kind::message_text: return "message_text";
    case Kind::message_binary: return "message_binary";
    case Kind::ping: return "ping";
    case Kind::pong: return "pong";
    case Kind::close: return "close";
    case Kind::error: return "error";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& os, const Event& e) {
  os << name(e.kind) << '(' << e.code << ", ";
  if (e.data.size() > 40)
    os << e.data.size() << " bytes";
  else
    os << '"' << e.data << '"';
  return os << ')';
}

Event text(std::string s) { return {Kind::message_text, std::move(s), 0}; }
Event binary(std::string s) { return {Kind::message_binary, std::move(s), 0}; }
Event ping(std::string s) { return {Kind::ping, std::move(s), 0}; }
Event pong(std::string s) { return {Kind::pong, std::move(s), 0}; }
Event closed(std::uint16_t code, std::string reason = {}) {
  return {Kind::close, std::move(reason), code};
}
Event error(std::uint16_t code) { return {Kind::error, {}, code}; }

struct Decoded {
  std::vector<Event> events;
  std::size_t consumed = 0;  // over all calls, up to the error if any
};

// Feeds `in` in pieces ending at each of `cuts` and then at its end, each
// piece in its own exactly-sized heap buffer (a read past it is an ASan
// report), calling feed() again on what a call left unused. Stops at an error
// (whose description is dropped: only the code is compared).
Decoded decode(std::string_view in, const std::vector<std::size_t>& cuts = {},
               std::size_t max_message = 1 << 20) {
  FrameDecoder d(max_message);
  Decoded out;
  std::size_t fed = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(in.size());
  for (std::size_t end : ends) {
    if (end < fed) continue;
    ExactCopy piece(in.substr(fed, end - fed));
    fed = end;
    std::string_view rest = piece.view();
    while (true) {
      std::size_t used = 12345;
      const auto r = d.feed(rest, used);
      EXPECT_LE(used, rest.size());
      rest.remove_prefix(used);
      out.consumed += used;
      if (r.kind == Kind::need_more) {
        EXPECT_TRUE(rest.empty());
        break;
      }
      if (r.kind == Kind::error) {
        EXPECT_TRUE(d.failed());
        EXPECT_FALSE(r.data.empty());
        out.events.push_back(error(r.code));
        // Sticky: the same error again, nothing used.
        std::size_t again = 1;
        const auto r2 = d.feed(rest, again);
        EXPECT_EQ(r2.kind, Kind::error);
        EXPECT_EQ(r2.code, r.code);
        EXPECT_EQ(again, 0u);
        return out;
      }
      out.events.push_back({r.kind, std::string(r.data), r.code});
    }
  }
  return out;
}

std::vector<Event> events(std::string_view in, std::size_t max_message = 1 << 20) {
  return decode(in, {}, max_message).events;
}

// --- Accept key, SHA-1, base64 -----------------------------------------------

std::string hex(const std::array<std::uint8_t, 20>& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (auto b : d) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 15]);
  }
  return s;
}

TEST(WebSocketHandshake, AcceptKeyOfRfc6455Example) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, Sha1KnownAnswers) {
  EXPECT_EQ(hex(detail::sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex(detail::sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // 56 bytes: the padding needs a second block.
  EXPECT_EQ(hex(detail::sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex(detail::sha1(std::string(1000000, 'a'))),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  // 64 bytes: one whole block, then a padding block.
  EXPECT_EQ(hex(detail::sha1(std::string(64, 'a'))), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST(WebSocketHandshake, Base64Rfc4648Vectors) {
  auto b64 = [](std::string_view s) {
    return detail::base64(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(b64("\xff\xfe\xfd"), "//79");
}

// The RFC 6455 §1.3 client handshake, with `fields` in place of its
// Upgrade/Connection/Sec-WebSocket-* lines.
std::string request(std::string_view fields, std::string_view start = "GET /chat HTTP/1.1") {
  return std::string(start) + "\r\nHost: server.example.com\r\n" + std::string(fields) + "\r\n";
}

constexpr std::string_view good_fields =
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Origin: http://example.com\r\n"
    "Sec-WebSocket-Protocol: chat, superchat\r\n"
    "Sec-WebSocket-Version: 13\r\n";

HandshakeCheck check(const std::string& req) {
  HeadParser p;
  const auto r = p.parse(req);
  EXPECT_EQ(r.status, ParseStatus::complete) << req;
  return check_upgrade(p.head);
}

TEST(WebSocketHandshake, AcceptsRfcExampleRequest) {
  const auto c = check(request(good_fields));
  EXPECT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.status, 101);
  EXPECT_TRUE(c.error.empty());
}

TEST(WebSocketHandshake, TokensAreCaseInsensitiveAndMayBeListed) {
  for (std::string_view fields : {
           "UPGRADE: WebSocket\r\nconnection: UPGRADE\r\n",
           "Upgrade: foo/2, websocket\r\nConnection: keep-alive, Upgrade\r\n",
           "Upgrade: websocket\r\nConnection: keep-alive\r\nConnection: upgrade\r\n",
       }) {
    const auto c =
        check(request(std::string(fields) + "Sec-WebSocket-Version:  13 \r\n"
                                            "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n"));
    EXPECT_TRUE(c.ok) << fields << c.error;
  }
}

TEST(WebSocketHandshake, RefusesBadRequests) {
  const std::string key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  const std::string v13 = "Sec-WebSocket-Version: 13\r\n";
  const std::string up = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  struct Case {
    const char* name;
    std::string req;
    int status;
  };
  const std::vector<Case> cases = {
      {"post", request(up + v13 + key, "POST /chat HTTP/1.1"), 400},
      {"head", request(up + v13 + key, "HEAD /chat HTTP/1.1"), 400},
      {"http10", request(up + v13 + key, "GET /chat HTTP/1.0"), 400},
      {"no upgrade", request("Connection: Upgrade\r\n" + v13 + key), 400},
      {"other upgrade", request("Upgrade: h2c\r\nConnection: Upgrade\r\n" + v13 + key), 400},
      {"websocket as a prefix",
       request("Upgrade: websockets\r\nConnection: Upgrade\r\n" + v13 + key), 400},
      {"no connection", request("Upgrade: websocket\r\n" + v13 + key), 400},
      {"connection keep-alive",
       request("Upgrade: websocket\r\nConnection: keep-alive\r\n" + v13 + key), 400},
      {"no version", request(up + key), 426},
      {"version 8", request(up + "Sec-WebSocket-Version: 8\r\n" + key), 426},
      {"version list", request(up + "Sec-WebSocket-Version: 13, 8\r\n" + key), 426},
      {"two versions", request(up + v13 + v13 + key), 426},
      {"no key", request(up + v13), 400},
      {"empty key", request(up + v13 + "Sec-WebSocket-Key: \r\n"), 400},
      {"short key", request(up + v13 + "Sec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n"), 400},
      {"long key", request(up + v13 + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZXg=\r\n"), 400},
      {"key without padding", request(up + v13 + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQAA\r\n"),
       400},
      {"key bad char", request(up + v13 + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZ!==\r\n"), 400},
      {"key pad bits", request(up + v13 + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\n"), 400},
      {"two keys", request(up + v13 + key + key), 400},
  };
  for (const auto& c : cases) {
    const auto r = check(c.req);
    EXPECT_FALSE(r.ok) << c.name;
    EXPECT_EQ(r.status, c.status) << c.name;
    EXPECT_FALSE(r.error.empty()) << c.name;
  }
}

// --- Encoding ----------------------------------------------------------------

TEST(WebSocketEncode, Rfc6455Examples) {
  std::string out;
  encode_frame(out, Opcode::text, "Hello");
  EXPECT_EQ(out, "\x81\x05Hello");

  out.clear();
  encode_frame(out, Opcode::text, "Hel", false);
  encode_frame(out, Opcode::continuation, "lo");
  EXPECT_EQ(out, "\x01\x03Hel\x80\x02lo"s);

  out.clear();
  encode_frame(out, Opcode::ping, "Hello");
  EXPECT_EQ(out, "\x89\x05Hello");

  out.clear();
  encode_frame(out, Opcode::binary, std::string(256, 'x'));
  EXPECT_EQ(out.substr(0, 4), "\x82\x7E\x01\x00"s);
  EXPECT_EQ(out.size(), 4u + 256);

  out.clear();
  encode_frame(out, Opcode::binary, std::string(65536, 'x'));
  EXPECT_EQ(out.substr(0, 10), "\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00"s);
  EXPECT_EQ(out.size(), 10u + 65536);
}

TEST(WebSocketEncode, LengthForms) {
  struct Case {
    std::size_t n;
    std::string header;
  };
  const std::vector<Case> cases = {
      {0, "\x82\x00"s},
      {125, "\x82\x7D"s},
      {126, "\x82\x7E\x00\x7E"s},
      {65535, "\x82\x7E\xFF\xFF"s},
      {65536, "\x82\x7F\x00\x00\x00\x00\x00\x01\x00\x00"s},
  };
  for (const auto& c : cases) {
    std::string out = "prefix";
    const std::string payload(c.n, 'p');
    encode_frame(out, Opcode::binary, payload);
    ASSERT_EQ(out.size(), 6 + c.header.size() + c.n) << c.n;
    EXPECT_EQ(out.substr(0, 6), "prefix");
    EXPECT_EQ(out.substr(6, c.header.size()), c.header) << c.n;
    EXPECT_EQ(out.substr(6 + c.header.size()), payload) << c.n;
  }
}

TEST(WebSocketEncode, Close) {
  std::string out;
  encode_close(out, close_code::normal, "bye");
  EXPECT_EQ(out,
            "\x88\x05\x03\xE8"
            "bye"s);

  out.clear();
  encode_close(out, close_code::going_away);
  EXPECT_EQ(out, "\x88\x02\x03\xE9"s);

  out.clear();
  encode_close(out, close_code::no_status, "ignored");
  EXPECT_EQ(out, "\x88\x00"s);

  // The reason is cut to fit 125 bytes, at a character boundary.
  out.clear();
  encode_close(out, 4000, std::string(200, 'r'));
  EXPECT_EQ(out.size(), 2u + 125);
  EXPECT_EQ(static_cast<unsigned char>(out[1]), 125);

  std::string accents;
  for (int i = 0; i < 62; ++i) accents += "\xC3\xA9";  // é: 124 bytes
  out.clear();
  encode_close(out, 4000, accents);
  ASSERT_EQ(static_cast<unsigned char>(out[1]), 2 + 122);
  EXPECT_EQ(out.substr(4), accents.substr(0, 122));
  EXPECT_TRUE(text::is_valid_utf8(out.substr(4)));
}

// What the server encodes, masked as a client would, decodes to itself.
TEST(WebSocketEncode, RoundTripsThroughTheDecoderWhenMasked) {
  for (std::size_t n : {0u, 1u, 125u, 126u, 1000u, 65535u, 65536u, 70000u}) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(i * 7 + 3);
    std::string frame;
    encode_frame(frame, Opcode::binary, payload);
    // Set the MASK bit and insert a key after the length, masking the payload.
    const std::size_t header = frame.size() - n;
    std::string masked = frame.substr(0, header);
    masked[1] = static_cast<char>(masked[1] | 0x80);
    const Key key = {0xA1, 0x00, 0xFF, 0x5C};
    for (auto b : key) masked.push_back(static_cast<char>(b));
    for (std::size_t i = 0; i < n; ++i)
      masked.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
    EXPECT_EQ(events(masked), std::vector<Event>{binary(payload)}) << n;
  }
}

// --- Decoding: RFC 6455 §5.7 examples ------------------------------------------

TEST(WebSocketDecoder, Rfc6455MaskedHello) {
  const std::string frame = "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
  EXPECT_EQ(frame, client_frame(fin | op_text, "Hello"));
  const auto d = decode(frame);
  EXPECT_EQ(d.events, std::vector<Event>{text("Hello")});
  EXPECT_EQ(d.consumed, frame.size());
}

TEST(WebSocketDecoder, Rfc6455UnmaskedHelloIsRefused) {
  EXPECT_EQ(events("\x81\x05\x48\x65\x6c\x6c\x6f"), std::vector<Event>{error(1002)});
}

TEST(WebSocketDecoder, Rfc6455FragmentedHello) {
  const std::string in = client_frame(op_text, "Hel") + client_frame(fin | op_cont, "lo");
  EXPECT_EQ(events(in), std::vector<Event>{text("Hello")});
}

TEST(WebSocketDecoder, Rfc6455PingAndMaskedPong) {
  const std::string pong_frame = "\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
  const std::string in = client_frame(fin | op_ping, "Hello") + pong_frame;
  EXPECT_EQ(events(in), (std::vector<Event>{ping("Hello"), pong("Hello")}));
}

TEST(WebSocketDecoder, Rfc6455LongBinaryFrames) {
  for (std::size_t n : {256u, 65536u}) {
    const std::string payload(n, '\x5a');
    const std::string frame = client_frame(fin | op_binary, payload);
    EXPECT_EQ(frame.substr(0, 2), n == 256 ? "\x82\xFE"s : "\x82\xFF"s);
    EXPECT_EQ(events(frame), std::vector<Event>{binary(payload)});
  }
}

// --- Decoding: events --------------------------------------------------------

TEST(WebSocketDecoder, OneEventPerCallAndConsumedStopsAtIt) {
  const std::string a = client_frame(fin | op_text, "one");
  const std::string b = client_frame(fin | op_binary, "two");
  const std::string in = a + b;
  FrameDecoder d(100);
  std::size_t used = 0;
  auto r = d.feed(in, used);
  EXPECT_EQ(r.kind, Kind::message_text);
  EXPECT_EQ(r.data, "one");
  EXPECT_EQ(used, a.size());
  r = d.feed(std::string_view(in).substr(used), used);
  EXPECT_EQ(r.kind, Kind::message_binary);
  EXPECT_EQ(r.data, "two");
  EXPECT_EQ(used, b.size());
  r = d.feed({}, used);
  EXPECT_EQ(r.kind, Kind::need_more);
  EXPECT_EQ(used, 0u);
}

TEST(WebSocketDecoder, EmptyFramesAndMessages) {
  const std::string in = client_frame(fin | op_text, "") + client_frame(fin | op_binary, "") +
                         client_frame(fin | op_ping, "") + client_frame(op_text, "") +
                         client_frame(op_cont, "") + client_frame(fin | op_cont, "");
  EXPECT_EQ(events(in), (std::vector<Event>{text(""), binary(""), ping(""), text("")}));
}

TEST(WebSocketDecoder, PingOf125Bytes) {
  const std::string p(125, 'p');
  EXPECT_EQ(events(client_frame(fin | op_ping, p)), std::vector<Event>{ping(p)});
}

TEST(WebSocketDecoder, FragmentsWithInterleavedControlFrames) {
  const std::string in = client_frame(op_binary, "ab") + client_frame(fin | op_ping, "p1") +
                         client_frame(op_cont, "cd") + client_frame(fin | op_pong, "p2") +
                         client_frame(fin | op_ping, "p3") + client_frame(fin | op_cont, "ef") +
                         client_frame(fin | op_text, "next");
  EXPECT_EQ(events(in), (std::vector<Event>{ping("p1"), pong("p2"), ping("p3"), binary("abcdef"),
                                            text("next")}));
}

TEST(WebSocketDecoder, InMessageWhileFragmented) {
  FrameDecoder d(100);
  std::size_t used;
  EXPECT_FALSE(d.in_message());
  d.feed(client_frame(op_text, "a"), used);
  EXPECT_TRUE(d.in_message());
  EXPECT_EQ(d.feed(client_frame(fin | op_cont, "b"), used).kind, Kind::message_text);
  EXPECT_FALSE(d.in_message());
}

TEST(WebSocketDecoder, CloseWithCodeAndReason) {
  EXPECT_EQ(events(client_frame(fin | op_close, close_payload(1000, "bye"))),
            std::vector<Event>{closed(1000, "bye")});
  EXPECT_EQ(events(client_frame(fin | op_close, close_payload(4999, "\xC3\xA9t\xC3\xA9"))),
            std::vector<Event>{closed(4999, "\xC3\xA9t\xC3\xA9")});
  EXPECT_EQ(events(client_frame(fin | op_close, "")),
            std::vector<Event>{closed(close_code::no_status)});
  const std::string reason(123, 'r');
  EXPECT_EQ(events(client_frame(fin | op_close, close_payload(1001, reason))),
            std::vector<Event>{closed(1001, reason)});
}

TEST(WebSocketDecoder, CloseMayInterruptAFragmentedMessage) {
  const std::string in =
      client_frame(op_text, "partial") + client_frame(fin | op_close, close_payload(1001));
  EXPECT_EQ(events(in), std::vector<Event>{closed(1001)});
}

TEST(WebSocketDecoder, BytesAfterCloseAreDiscarded) {
  const std::string c = client_frame(fin | op_close, close_payload(1000));
  const std::string after = client_frame(fin | op_text, "late") + "\xFF\xFF garbage";
  FrameDecoder d(100);
  std::size_t used = 0;
  const std::string in = c + after;
  auto r = d.feed(in, used);
  EXPECT_EQ(r.kind, Kind::close);
  EXPECT_EQ(r.code, 1000);
  EXPECT_EQ(used, c.size());
  EXPECT_TRUE(d.closed());
  r = d.feed(std::string_view(in).substr(used), used);
  EXPECT_EQ(r.kind, Kind::need_more);
  EXPECT_EQ(used, after.size());
  EXPECT_FALSE(d.failed());
}

TEST(WebSocketDecoder, CloseCodes) {
  for (int code = 0; code <= 0xFFFF; ++code) {
    const bool allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
                         (code >= 3000 && code <= 4999);
    EXPECT_EQ(valid_close_code(static_cast<std::uint16_t>(code)), allowed) << code;
  }
  for (std::uint16_t code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999})
    EXPECT_EQ(events(client_frame(fin | op_close, close_payload(code))),
              std::vector<Event>{closed(code)})
        << code;
  for (std::uint16_t code :
       {0, 1, 999, 1004, 1005, 1006, 1012, 1013, 1014, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    EXPECT_EQ(events(client_frame(fin | op_close, close_payload(code))),
              std::vector<Event>{error(1002)})
        << code;
}

// --- Decoding: errors --------------------------------------------------------

struct ErrorCase {
  const char* name;
  std::string in;
  std::uint16_t code;
  std::size_t max_message = 100;
};

TEST(WebSocketDecoder, ProtocolErrorsGiveTheirCloseCode) {
  const std::string hello = client_frame(fin | op_text, "Hello");
  std::vector<ErrorCase> cases = {
      {"unmasked text", client_frame(fin | op_text, "Hello", rfc_key, false), 1002},
      {"unmasked ping", client_frame(fin | op_ping, "", rfc_key, false), 1002},
      {"unmasked close", client_frame(fin | op_close, close_payload(1000), rfc_key, false), 1002},
      {"rsv1", client_frame(fin | 0x40 | op_text, "Hello"), 1002},
      {"rsv2", client_frame(fin | 0x20 | op_text, "Hello"), 1002},
      {"rsv3", client_frame(fin | 0x10 | op_text, "Hello"), 1002},
      {"rsv on ping", client_frame(fin | 0x40 | op_ping, ""), 1002},
      {"rsv on continuation", client_frame(op_text, "a") + client_frame(fin | 0x10 | op_cont, "b"),
       1002},
      {"fragmented ping", client_frame(op_ping, "p"), 1002},
      {"fragmented pong", client_frame(op_pong, "p"), 1002},
      {"fragmented close", client_frame(op_close, close_payload(1000)), 1002},
      {"ping of 126", client_frame(fin | op_ping, std::string(126, 'p')), 1002},
      {"pong of 126", client_frame(fin | op_pong, std::string(126, 'p')), 1002},
      {"close of 126", client_frame(fin | op_close, close_payload(1000, std::string(124, 'r'))),
       1002},
      {"ping with 16-bit length 5", "\x89\xFE\x00\x05"s, 1002},
      {"continuation first", client_frame(fin | op_cont, "x"), 1002},
      {"continuation after a whole message", hello + client_frame(fin | op_cont, "x"), 1002},
      {"unfinished continuation first", client_frame(op_cont, "x"), 1002},
      {"text inside fragmented text", client_frame(op_text, "a") + hello, 1002},
      {"binary inside fragmented text", client_frame(op_text, "a") + client_frame(op_binary, "b"),
       1002},
      {"text inside fragmented binary", client_frame(op_binary, "a") + client_frame(op_text, "b"),
       1002},
      {"64-bit length with the high bit set", "\x82\xFF\x80\x00\x00\x00\x00\x00\x00\x00"s, 1002},
      {"64-bit length all ones", "\x82\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"s, 1002},
      {"close of 1 byte", client_frame(fin | op_close, "\x03"), 1002},
      {"close code 1005", client_frame(fin | op_close, close_payload(1005)), 1002},
      {"close reason not UTF-8", client_frame(fin | op_close, close_payload(1000, "\xC3(")), 1007},
      {"close reason cut mid-character",
       client_frame(fin | op_close, close_payload(1000, "\xE2\x82")), 1007},
      {"message over the limit", client_frame(fin | op_binary, std::string(101, 'x')), 1009},
      {"16-bit length over the limit", "\x82\xFE\x00\x65"s, 1009},
      {"64-bit length over the limit", "\x81\xFF\x00\x00\x00\x01\x00\x00\x00\x00"s, 1009},
      {"fragments over the limit",
       client_frame(op_text, std::string(60, 'x')) + client_frame(fin | op_ping, "") +
           client_frame(fin | op_cont, std::string(41, 'x')),
       1009},
      {"zero limit", client_frame(fin | op_binary, "x"), 1009, 0},
  };
  for (unsigned op : {3u, 4u, 5u, 6u, 7u, 0xBu, 0xCu, 0xDu, 0xEu, 0xFu})
    cases.push_back(
        {"reserved opcode", client_frame(static_cast<unsigned char>(fin | op), ""), 1002});
  for (const auto& c : cases) {
    const auto d = decode(c.in, {}, c.max_message);
    ASSERT_FALSE(d.events.empty()) << c.name;
    EXPECT_EQ(d.events.back(), error(c.code)) << c.name;
    for (std::size_t i = 0; i + 1 < d.events.size(); ++i)
      EXPECT_NE(d.events[i].kind, Kind::error) << c.name;
    EXPECT_LE(d.consumed, c.in.size()) << c.name;
    // The same error however the bytes arrive.
    for (std::size_t cut = 0; cut <= c.in.size(); ++cut)
      EXPECT_EQ(decode(c.in, {cut}, c.max_message).events, d.events) << c.name << " cut " << cut;
  }
}

TEST(WebSocketDecoder, MessageAtTheLimitIsAccepted) {
  const std::string a(60, 'a'), b(40, 'b');
  EXPECT_EQ(events(client_frame(fin | op_binary, a + b), 100), std::vector<Event>{binary(a + b)});
  EXPECT_EQ(events(client_frame(op_binary, a) + client_frame(fin | op_cont, b), 100),
            std::vector<Event>{binary(a + b)});
  EXPECT_EQ(events(client_frame(fin | op_text, ""), 0), std::vector<Event>{text("")});
  // The limit counts each message afresh.
  EXPECT_EQ(
      events(client_frame(fin | op_binary, a + b) + client_frame(fin | op_binary, a + b), 100),
      (std::vector<Event>{binary(a + b), binary(a + b)}));
}

// The limit is enforced from the header: nothing of the payload is needed.
TEST(WebSocketDecoder, OversizeIsRefusedBeforeThePayloadArrives) {
  struct Case {
    std::string header;
    std::size_t max;
  };
  for (const auto& c : {Case{"\x82\xE5"s, 100},  // 7-bit: 101
                        Case{"\x82\xFE\x01\x00"s, 255},
                        Case{"\x82\xFF\x00\x00\x00\x00\x01\x00\x00\x00"s, 1 << 20}}) {
    FrameDecoder d(c.max);
    ExactCopy header(c.header);
    std::size_t used = 0;
    const auto r = d.feed(header.view(), used);
    EXPECT_EQ(r.kind, Kind::error);
    EXPECT_EQ(r.code, close_code::message_too_big);
    EXPECT_EQ(used, c.header.size());
  }
}

// --- Decoding: UTF-8 ---------------------------------------------------------

TEST(WebSocketDecoder, InvalidUtf8InOneFrameIs1007) {
  for (std::string bad : {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "ok\xE2\x82"})
    EXPECT_EQ(events(client_frame(fin | op_text, bad)), std::vector<Event>{error(1007)}) << bad;
  // Binary messages are not text.
  EXPECT_EQ(events(client_frame(fin | op_binary, "\xFF")), std::vector<Event>{binary("\xFF")});
  // Nor are pings.
  EXPECT_EQ(events(client_frame(fin | op_ping, "\xFF")), std::vector<Event>{ping("\xFF")});
}

TEST(WebSocketDecoder, InvalidUtf8AcrossFragmentsIs1007) {
  // € is E2 82 AC; here its third byte is wrong, in the next fragment.
  EXPECT_EQ(events(client_frame(op_text, "a\xE2\x82") + client_frame(fin | op_cont, "(b")),
            std::vector<Event>{error(1007)});
  // A message that ends inside a character.
  EXPECT_EQ(events(client_frame(op_text, "a\xE2") + client_frame(fin | op_cont, "\x82")),
            std::vector<Event>{error(1007)});
  // An interleaved ping does not reset the character in progress.
  EXPECT_EQ(events(client_frame(op_text, "\xE2\x82") + client_frame(fin | op_ping, "\xAC") +
                   client_frame(fin | op_cont, "")),
            (std::vector<Event>{ping("\xAC"), error(1007)}));
}

TEST(WebSocketDecoder, InvalidUtf8IsReportedBeforeTheFrameEnds) {
  // 1000 bytes announced, the third is invalid: no need to wait for the rest.
  std::string payload = "ok\xFF" + std::string(997, 'x');
  const std::string frame = client_frame(fin | op_text, payload);
  const std::size_t header = frame.size() - payload.size();
  FrameDecoder d(2000);
  ExactCopy part(std::string_view(frame).substr(0, header + 3));
  std::size_t used = 0;
  const auto r = d.feed(part.view(), used);
  EXPECT_EQ(r.kind, Kind::error);
  EXPECT_EQ(r.code, close_code::invalid_payload);
}

TEST(WebSocketDecoder, MultiByteCharactersSplitAcrossFragments) {
  const std::string s = "a\xF0\x9D\x84\x9E\xCE\xBA\xE2\x82\xAC\xC3\xA9z";  // a𝄞κ€éz
  for (std::size_t i = 0; i <= s.size(); ++i)
    for (std::size_t j = i; j <= s.size(); ++j) {
      const std::string in =
          client_frame(op_text, s.substr(0, i)) + client_frame(fin | op_ping, "") +
          client_frame(op_cont, s.substr(i, j - i)) + client_frame(fin | op_cont, s.substr(j));
      EXPECT_EQ(events(in), (std::vector<Event>{ping(""), text(s)})) << i << ' ' << j;
    }
}

// --- Decoding: split reads ---------------------------------------------------

// A conversation touching every path: fragments with multi-byte characters
// split between them and a control frame between them, each length form, a
// payload long enough for the eight-byte unmasking with every key offset, and
// a close.
std::string conversation() {
  const Key k2 = {0x00, 0xFF, 0x12, 0x80};
  const Key k3 = {0x9A, 0x01, 0x7E, 0xC3};
  std::string long_payload(300, '\0');
  for (std::size_t i = 0; i < long_payload.size(); ++i)
    long_payload[i] = static_cast<char>(i * 31 + 7);
  return client_frame(op_text, "H\xC3") + client_frame(fin | op_ping, "ping!", k2) +
         client_frame(op_cont, "\xA9llo \xE2\x82", k3) +
         client_frame(fin | op_cont, "\xAC world, abcdefghijklmnop") +
         client_frame(fin | op_binary, long_payload, k2) + client_frame(fin | op_text, "", k3) +
         client_frame(fin | op_pong, "") +
         client_frame(fin | op_close, close_payload(1000, "done"), k2);
}

std::vector<Event> conversation_events() {
  std::string long_payload(300, '\0');
  for (std::size_t i = 0; i < long_payload.size(); ++i)
    long_payload[i] = static_cast<char>(i * 31 + 7);
  return {ping("ping!"),
          text("H\xC3\xA9llo \xE2\x82\xAC world, abcdefghijklmnop"),
          binary(long_payload),
          text(""),
          pong(""),
          closed(1000, "done")};
}

TEST(WebSocketDecoder, WholeConversation) {
  const std::string in = conversation();
  const auto d = decode(in);
  EXPECT_EQ(d.events, conversation_events());
  EXPECT_EQ(d.consumed, in.size());
}

TEST(WebSocketDecoder, EverySplitPointGivesTheSameEvents) {
  const std::string in = conversation();
  const auto expected = conversation_events();
  for (std::size_t cut = 0; cut <= in.size(); ++cut) {
    const auto d = decode(in, {cut});
    EXPECT_EQ(d.events, expected) << "cut " << cut;
    EXPECT_EQ(d.consumed, in.size()) << "cut " << cut;
  }
}

TEST(WebSocketDecoder, EveryPairOfSplitPointsGivesTheSameEvents) {
  // A shorter stream, so that every pair stays cheap.
  const std::string in = client_frame(op_text, "\xE2\x82") + client_frame(fin | op_ping, "pi") +
                         client_frame(fin | op_cont, "\xAC!", {1, 2, 3, 4}) +
                         client_frame(fin | op_binary, std::string(130, 'b'), {5, 6, 7, 8});
  const std::vector<Event> expected = {ping("pi"), text("\xE2\x82\xAC!"),
                                       binary(std::string(130, 'b'))};
  ASSERT_EQ(events(in), expected);
  for (std::size_t i = 0; i <= in.size(); ++i)
    for (std::size_t j = i; j <= in.size(); ++j)
      ASSERT_EQ(decode(in, {i, j}).events, expected) << i << ' ' << j;
}

TEST(WebSocketDecoder, OneByteAtATime) {
  const std::string in = conversation();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < in.size(); ++i) cuts.push_back(i);
  const auto d = decode(in, cuts);
  EXPECT_EQ(d.events, conversation_events());
  EXPECT_EQ(d.consumed, in.size());
}

TEST(WebSocketDecoder, UnmaskingAtEveryKeyOffsetAndLength) {
  // Payloads of 0..40 bytes split at every point: each split leaves the key
  // at a different offset for the eight-byte loop.
  const Key key = {0xDE, 0xAD, 0xBE, 0xEF};
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string payload(n, '\0');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>(0x41 + i);
    const std::string frame = client_frame(fin | op_binary, payload, key);
    for (std::size_t cut = 0; cut <= frame.size(); ++cut)
      ASSERT_EQ(decode(frame, {cut}).events, std::vector<Event>{binary(payload)})
          << n << " cut " << cut;
  }
}

}  // namespace
}  // namespace spur::http::ws
