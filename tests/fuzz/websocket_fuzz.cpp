// libFuzzer target: the WebSocket frame decoder (client → server frames).
// Besides crashes and sanitizer reports it aborts when an invariant does not
// hold:
//  - feed() never reports more bytes used than it was given, and uses them
//    all when it asks for more;
//  - after an error nothing but the same error comes out, with nothing used;
//  - messages fit max_message_bytes, text messages and close reasons are
//    UTF-8, control payloads fit 125 bytes, close codes are allowed ones, and
//    errors carry 1002, 1007 or 1009 with a description;
//  - the events are those of a simple whole-buffer reference decoder;
//  - they do not depend on how the bytes were split across reads.
// The first input byte picks how the rest is read: as raw frames, or as
// frames whose payloads are given in clear and masked here (the MASK bit
// inverted), so that text payloads need not be found through the mask.
// Every input is run with a small and a large message limit.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "spur/http/websocket_codec.hpp"

namespace {

using spur::fuzz::Copy;
using spur::fuzz::hash;

using namespace spur::http::ws;
using Kind = FrameDecoder::Kind;

struct Event {
  Kind kind = Kind::need_more;
  std::string data;  // empty for errors: only the code is compared
  std::uint16_t code = 0;
  bool operator==(const Event&) const = default;
};

struct Decoded {
  std::vector<Event> events;
  bool failed = false;
  std::size_t consumed = 0;
};

// --- An independent UTF-8 check ----------------------------------------------

enum class Utf8 { valid, incomplete, invalid };

// Decodes whole sequences and judges the code point (overlong, surrogate,
// range); a sequence cut off at the end is `incomplete` if some continuation
// bytes would make it valid, found by trying them all.
Utf8 classify_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return Utf8::invalid;
    }
    if (s.size() - i < len) {
      // Try every completion of the cut-off sequence.
      const std::size_t missing = len - (s.size() - i);
      std::string trial(s.substr(i));
      trial.append(missing, '\x80');
      for (std::uint32_t n = 0; n < (1u << (6 * missing)); ++n) {
        for (std::size_t k = 0; k < missing; ++k)
          trial[trial.size() - 1 - k] = static_cast<char>(0x80 | ((n >> (6 * k)) & 0x3F));
        if (classify_utf8(trial) == Utf8::valid) return Utf8::incomplete;
      }
      return Utf8::invalid;
    }
    for (std::size_t k = 1; k < len; ++k) {
      const unsigned char t = static_cast<unsigned char>(s[i + k]);
      if ((t & 0xC0) != 0x80) return Utf8::invalid;
      cp = (cp << 6) | (t & 0x3F);
    }
    const std::uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return Utf8::invalid;
    i += len;
  }
  return Utf8::valid;
}

// --- A whole-buffer reference decoder ----------------------------------------

Decoded reference(std::string_view in, std::size_t max_message) {
  Decoded out;
  auto error = [&](std::uint16_t code) {
    out.events.push_back({Kind::error, {}, code});
    out.failed = true;
    return out;
  };
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  bool in_message = false;
  bool text = false;
  std::string message;
  std::size_t pos = 0;
  while (true) {
    if (in.size() - pos < 2) return out;
    const bool fin = byte(pos) & 0x80;
    const unsigned op = byte(pos) & 0x0F;
    const unsigned len7 = byte(pos + 1) & 0x7F;
    const bool control = op >= 8;
    if (byte(pos) & 0x70) return error(1002);
    if (!(op <= 2 || (op >= 8 && op <= 10))) return error(1002);
    if (control && (!fin || len7 > 125)) return error(1002);
    if (op == 0 && !in_message) return error(1002);
    if ((op == 1 || op == 2) && in_message) return error(1002);
    if (!(byte(pos + 1) & 0x80)) return error(1002);
    if (op == 1 || op == 2) {
      in_message = true;
      text = op == 1;
      message.clear();
    }
    const std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    if (in.size() - pos < 2 + ext) return out;
    std::uint64_t len = len7;
    if (ext) {
      len = 0;
      for (std::size_t i = 0; i < ext; ++i) len = len << 8 | byte(pos + 2 + i);
    }
    if (ext == 8 && len >= (1ull << 63)) return error(1002);
    if (!control && message.size() + len > max_message) return error(1009);
    if (in.size() - pos < 6 + ext) return out;
    const std::size_t key = pos + 2 + ext;
    pos = key + 4;
    const std::size_t avail =
        static_cast<std::size_t>(std::min<std::uint64_t>(len, in.size() - pos));
    std::string payload;
    for (std::size_t i = 0; i < avail; ++i)
      payload.push_back(static_cast<char>(byte(pos + i) ^ byte(key + i % 4)));
    pos += avail;
    if (!control) {
      message += payload;
      if (text && classify_utf8(message) == Utf8::invalid) return error(1007);
    }
    if (avail < len) return out;
    switch (op) {
      case 9: out.events.push_back({Kind::ping, payload, 0}); continue;
      case 10: out.events.push_back({Kind::pong, payload, 0}); continue;
      case 8: {
        if (payload.size() == 1) return error(1002);
        std::uint16_t code = close_code::no_status;
        if (!payload.empty()) {
          code = static_cast<std::uint16_t>(static_cast<unsigned char>(payload[0]) << 8 |
                                            static_cast<unsigned char>(payload[1]));
          const bool allowed = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
                               (code >= 3000 && code <= 4999);
          if (!allowed) return error(1002);
          if (classify_utf8(std::string_view(payload).substr(2)) != Utf8::valid) return error(1007);
        }
        out.events.push_back({Kind::close, payload.size() > 2 ? payload.substr(2) : "", code});
        return out;
      }
      default: break;
    }
    if (!fin) continue;
    if (text && classify_utf8(message) != Utf8::valid) return error(1007);
    out.events.push_back({text ? Kind::message_text : Kind::message_binary, message, 0});
    in_message = false;
  }
}

// --- The decoder under test --------------------------------------------------

// Feeds `in` in pieces ending at each of `cuts`, then the rest, each piece in
// its own exactly-sized buffer.
Decoded decode(std::string_view in, const std::vector<std::size_t>& cuts, std::size_t max_message) {
  FrameDecoder d(max_message);
  Decoded out;
  bool closed = false;
  std::size_t fed = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(in.size());
  for (std::size_t end : ends) {
    if (end < fed) continue;
    Copy piece(in.substr(fed, end - fed));
    fed = end;
    // Nothing (a null view) completes nothing.
    if (!d.failed()) {
      std::size_t none = 1;
      FUZZ_CHECK(d.feed(std::string_view{}, none).kind == Kind::need_more && none == 0);
    }
    std::string_view rest = piece.view();
    while (true) {
      std::size_t used = ~std::size_t{0};
      const auto r = d.feed(rest, used);
      FUZZ_CHECK(used <= rest.size());
      rest.remove_prefix(used);
      out.consumed += used;
      if (closed) FUZZ_CHECK(r.kind == Kind::need_more);
      switch (r.kind) {
        case Kind::need_more: FUZZ_CHECK(rest.empty()); break;
        case Kind::message_text: FUZZ_CHECK(classify_utf8(r.data) == Utf8::valid); [[fallthrough]];
        case Kind::message_binary:
          FUZZ_CHECK(r.data.size() <= max_message);
          FUZZ_CHECK(!d.in_message());
          break;
        case Kind::ping:
        case Kind::pong: FUZZ_CHECK(r.data.size() <= max_control_payload); break;
        case Kind::close:
          FUZZ_CHECK(r.code == close_code::no_status || valid_close_code(r.code));
          FUZZ_CHECK(r.code != close_code::no_status || r.data.empty());
          FUZZ_CHECK(r.data.size() <= max_control_payload - 2);
          FUZZ_CHECK(classify_utf8(r.data) == Utf8::valid);
          FUZZ_CHECK(d.closed());
          closed = true;
          break;
        case Kind::error: {
          FUZZ_CHECK(r.code == 1002 || r.code == 1007 || r.code == 1009);
          FUZZ_CHECK(!r.data.empty() && r.data.size() <= max_control_payload - 2);
          FUZZ_CHECK(d.failed());
          // Sticky, whatever comes next.
          for (std::string_view next : {rest, piece.view(), std::string_view{}}) {
            std::size_t again = 1;
            const auto r2 = d.feed(next, again);
            FUZZ_CHECK(r2.kind == Kind::error && r2.code == r.code && again == 0);
          }
          out.events.push_back({Kind::error, {}, r.code});
          out.failed = true;
          return out;
        }
      }
      if (r.kind == Kind::need_more) break;
      out.events.push_back({r.kind, std::string(r.data), r.code});
    }
  }
  FUZZ_CHECK(out.consumed == in.size());
  return out;
}

void check(std::string_view in, std::size_t max_message, std::uint64_t seed) {
  const Decoded whole = decode(in, {}, max_message);
  FUZZ_CHECK(whole.events == reference(in, max_message).events);

  const std::uint64_t h = hash(in, seed);
  const std::size_t n = in.size() + 1;
  std::vector<std::size_t> cuts = {static_cast<std::size_t>(h % n)};
  FUZZ_CHECK(decode(in, cuts, max_message).events == whole.events);
  cuts = {static_cast<std::size_t>((h >> 8) % n), static_cast<std::size_t>((h >> 24) % n),
          static_cast<std::size_t>((h >> 40) % n)};
  std::sort(cuts.begin(), cuts.end());
  FUZZ_CHECK(decode(in, cuts, max_message).events == whole.events);
  if (in.size() <= 256) {
    cuts.clear();
    for (std::size_t i = 1; i < in.size(); ++i) cuts.push_back(i);
    FUZZ_CHECK(decode(in, cuts, max_message).events == whole.events);
  }
}

// Frames with clear payloads → the same frames masked: each header is copied
// with its MASK bit inverted, then the 4-byte key, then the payload XORed with
// it. Whatever the input lacks is simply not there (a truncated stream).
std::string mask_frames(std::string_view in) {
  std::string out;
  std::size_t pos = 0;
  while (in.size() - pos >= 2) {
    const unsigned char b1 = static_cast<unsigned char>(in[pos + 1]);
    out.push_back(in[pos]);
    out.push_back(static_cast<char>(b1 ^ 0x80));
    pos += 2;
    const unsigned len7 = b1 & 0x7F;
    const std::size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    std::uint64_t len = len7;
    if (in.size() - pos < ext) break;
    if (ext) {
      len = 0;
      for (std::size_t i = 0; i < ext; ++i)
        len = len << 8 | static_cast<unsigned char>(in[pos + i]);
      out.append(in.substr(pos, ext));
      pos += ext;
    }
    if (in.size() - pos < 4) break;
    const std::string_view key = in.substr(pos, 4);
    out.append(key);
    pos += 4;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(len, in.size() - pos));
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(in[pos + i] ^ key[i % 4]));
    pos += n;
  }
  out.append(in.substr(pos));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string masked;
  if (data[0] & 1) {
    masked = mask_frames(in);
    in = masked;
  }
  check(in, 32, 0);
  check(in, 1 << 20, 1);
  return 0;
}
