#include "spur/http/websocket_codec.hpp"

#include <algorithm>
#include <cstring>

#include "spur/text/ascii.hpp"
#include "spur/text/list.hpp"

namespace spur::http::ws {
namespace {

// --- SHA-1 and base64 --------------------------------------------------------

constexpr std::uint32_t rotl(std::uint32_t x, int n) noexcept { return (x << n) | (x >> (32 - n)); }

void sha1_block(std::uint32_t h[5], const unsigned char* b) noexcept {
  std::uint32_t w[80];
  for (int i = 0; i < 16; ++i)
    w[i] = static_cast<std::uint32_t>(b[4 * i]) << 24 |
           static_cast<std::uint32_t>(b[4 * i + 1]) << 16 |
           static_cast<std::uint32_t>(b[4 * i + 2]) << 8 | static_cast<std::uint32_t>(b[4 * i + 3]);
  for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  std::uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4];
  for (int i = 0; i < 80; ++i) {
    std::uint32_t f, k;
    if (i < 20) {
      f = (bb & c) | (~bb & d);
      k = 0x5A827999;
    } else if (i < 40) {
      f = bb ^ c ^ d;
      k = 0x6ED9EBA1;
    } else if (i < 60) {
      f = (bb & c) | (bb & d) | (c & d);
      k = 0x8F1BBCDC;
    } else {
      f = bb ^ c ^ d;
      k = 0xCA62C1D6;
    }
    const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rotl(bb, 30);
    bb = a;
    a = t;
  }
  h[0] += a;
  h[1] += bb;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// --- Handshake ---------------------------------------------------------------

using text::trim;

// Whether any field named `name` lists `token`.
bool any_field_lists(const RequestHead& head, std::string_view name,
                     std::string_view token) noexcept {
  for (const Header& h : head.headers)
    if (text::iequals(h.name, name) && text::list_has_token(h.value, token)) return true;
  return false;
}

// The only field named `name`; nullptr if there is none or more than one.
const Header* single_field(const RequestHead& head, std::string_view name) noexcept {
  const Header* found = nullptr;
  for (const Header& h : head.headers) {
    if (!text::iequals(h.name, name)) continue;
    if (found) return nullptr;
    found = &h;
  }
  return found;
}

// 16 bytes in base64: 22 characters, the last carrying 2 bits and 4 zero
// bits, then "==".
bool valid_key(std::string_view key) noexcept {
  if (key.size() != 24 || key[22] != '=' || key[23] != '=') return false;
  for (std::size_t i = 0; i < 22; ++i)
    if (base64_value(key[i]) < 0) return false;
  return (base64_value(key[21]) & 0x0F) == 0;
}

HandshakeCheck refuse(int status, std::string error) {
  return {.ok = false, .status = status, .error = std::move(error)};
}

// --- Frames ------------------------------------------------------------------

void put_length(std::string& out, unsigned char first, std::uint64_t n) {
  out.push_back(static_cast<char>(first));
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
}

// XORs `n` bytes at `d` with the masking key, starting at key index `offset`
// (the payload's byte count so far, mod 4), which is advanced.
void unmask(char* d, std::size_t n, const std::array<unsigned char, 4>& key,
            std::uint8_t& offset) noexcept {
  std::size_t i = 0;
  for (; i < n && offset != 0; ++i) {
    d[i] = static_cast<char>(d[i] ^ key[offset]);
    offset = (offset + 1) & 3;
  }
  if (n - i >= 8) {
    // Eight bytes at a time; the key laid out twice in memory order works on
    // either byte order.
    const unsigned char k8[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
    std::uint64_t k;
    std::memcpy(&k, k8, 8);
    for (; n - i >= 8; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, d + i, 8);
      w ^= k;
      std::memcpy(d + i, &w, 8);
    }
  }
  for (; i < n; ++i) {
    d[i] = static_cast<char>(d[i] ^ key[offset]);
    offset = (offset + 1) & 3;
  }
}

constexpr bool is_control(Opcode op) noexcept { return (static_cast<unsigned>(op) & 0x8) != 0; }

// A message buffer grown past this is given back once the message is handed
// out, so an idle connection does not keep its largest message's memory.
constexpr std::size_t retained_message_capacity = 64 * 1024;

}  // namespace

namespace detail {

std::array<std::uint8_t, 20> sha1(std::string_view data) noexcept {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t n = data.size();
  for (; n >= 64; n -= 64, p += 64) sha1_block(h, p);

  // The tail, 0x80, zeros, and the length in bits: one block or two.
  unsigned char tail[128] = {};
  if (n) std::memcpy(tail, p, n);
  tail[n] = 0x80;
  const std::size_t tail_size = n < 56 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  sha1_block(h, tail);
  if (tail_size == 128) sha1_block(h, tail + 64);

  std::array<std::uint8_t, 20> out{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
  return out;
}

std::string base64(const std::uint8_t* data, std::size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16 |
                            static_cast<std::uint32_t>(data[i + 1]) << 8 | data[i + 2];
    out.push_back(base64_alphabet[(v >> 18) & 63]);
    out.push_back(base64_alphabet[(v >> 12) & 63]);
    out.push_back(base64_alphabet[(v >> 6) & 63]);
    out.push_back(base64_alphabet[v & 63]);
  }
  if (size - i == 1) {
    const std::uint32_t v = static_cast<std::uint32_t>(data[i]) << 16;
    out.push_back(base64_alphabet[(v >> 18) & 63]);
    out.push_back(base64_alphabet[(v >> 12) & 63]);
    out += "==";
  } else if (size - i == 2) {
    const std::uint32_t v =
        static_cast<std::uint32_t>(data[i]) << 16 | static_cast<std::uint32_t>(data[i + 1]) << 8;
    out.push_back(base64_alphabet[(v >> 18) & 63]);
    out.push_back(base64_alphabet[(v >> 12) & 63]);
    out.push_back(base64_alphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

}  // namespace detail

std::string accept_key(std::string_view sec_websocket_key) {
  std::string input;
  input.reserve(sec_websocket_key.size() + handshake_guid.size());
  input.append(sec_websocket_key).append(handshake_guid);
  const auto digest = detail::sha1(input);
  return detail::base64(digest.data(), digest.size());
}

HandshakeCheck check_upgrade(const RequestHead& head) {
  if (head.method != Method::get) return refuse(400, "a WebSocket handshake must be a GET request");
  if (head.version_minor != 1) return refuse(400, "a WebSocket handshake needs HTTP/1.1");
  if (!any_field_lists(head, "upgrade", "websocket"))
    return refuse(400, "missing \"Upgrade: websocket\"");
  if (!any_field_lists(head, "connection", "upgrade"))
    return refuse(400, "missing \"Connection: Upgrade\"");
  const Header* version = single_field(head, "sec-websocket-version");
  if (!version || trim(version->value) != "13")
    return refuse(426, "unsupported Sec-WebSocket-Version; this server speaks 13");
  const Header* key = single_field(head, "sec-websocket-key");
  if (!key || !valid_key(key->value))
    return refuse(400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
  return {.ok = true, .status = 101, .error = {}};
}

bool asks_for_websocket(const RequestHead& head) noexcept {
  return any_field_lists(head, "upgrade", "websocket");
}

std::vector<std::string_view> offered_protocols(const RequestHead& head) {
  std::vector<std::string_view> offered;
  for (const Header& h : head.headers)
    if (text::iequals(h.name, "sec-websocket-protocol"))
      text::for_each_list_element(h.value, [&offered](std::string_view item) {
        offered.push_back(item);
        return true;
      });
  return offered;
}

void encode_frame(std::string& out, Opcode op, std::string_view payload, bool fin) {
  out.reserve(out.size() + 10 + payload.size());
  put_length(out, static_cast<unsigned char>((fin ? 0x80 : 0) | static_cast<unsigned>(op)),
             payload.size());
  out.append(payload);
}

void encode_close(std::string& out, std::uint16_t code, std::string_view reason) {
  if (code == close_code::no_status) {
    encode_frame(out, Opcode::close, {});
    return;
  }
  constexpr std::size_t max_reason = max_control_payload - 2;
  if (reason.size() > max_reason) {
    std::size_t cut = max_reason;
    // Not inside a character: back up over the continuation bytes cut off.
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
    reason = reason.substr(0, cut);
  }
  char body[max_control_payload];
  body[0] = static_cast<char>(code >> 8);
  body[1] = static_cast<char>(code & 0xFF);
  if (!reason.empty()) std::memcpy(body + 2, reason.data(), reason.size());
  encode_frame(out, Opcode::close, {body, 2 + reason.size()});
}

bool valid_close_code(std::uint16_t code) noexcept {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
         (code >= 3000 && code <= 4999);
}

FrameDecoder::Result FrameDecoder::fail(std::uint16_t code, std::string_view why) noexcept {
  state_ = State::failed;
  error_code_ = code;
  error_text_ = why;
  return {Kind::error, why, code};
}

bool FrameDecoder::reject(std::uint16_t code, std::string_view why) noexcept {
  fail(code, why);
  return false;
}

// The first two header bytes: everything but the length's size is known.
bool FrameDecoder::check_first_bytes() noexcept {
  const unsigned char b0 = header_[0], b1 = header_[1];
  fin_ = (b0 & 0x80) != 0;
  if (b0 & 0x70) return reject(close_code::protocol_error, "reserved bits set");
  const unsigned op = b0 & 0x0F;
  switch (op) {
    case 0x0:
    case 0x1:
    case 0x2:
    case 0x8:
    case 0x9:
    case 0xA: break;
    default: return reject(close_code::protocol_error, "unknown opcode");
  }
  opcode_ = static_cast<Opcode>(op);
  const unsigned len7 = b1 & 0x7F;
  if (is_control(opcode_)) {
    if (!fin_) return reject(close_code::protocol_error, "fragmented control frame");
    if (len7 > max_control_payload)
      return reject(close_code::protocol_error, "control frame over 125 bytes");
    control_len_ = 0;
  } else if (opcode_ == Opcode::continuation) {
    if (!in_message_)
      return reject(close_code::protocol_error, "continuation frame without a message");
  } else {
    if (in_message_)
      return reject(close_code::protocol_error, "new message inside a fragmented one");
    in_message_ = true;
    message_opcode_ = opcode_;
    utf8_.reset();
  }
  if (!(b1 & 0x80)) return reject(close_code::protocol_error, "unmasked client frame");
  length_bytes_ = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  return true;
}

// The payload length, once its extended bytes (if any) are in.
bool FrameDecoder::check_length() noexcept {
  std::uint64_t len = header_[1] & 0x7F;
  if (length_bytes_ != 0) {
    len = 0;
    for (std::size_t i = 0; i < length_bytes_; ++i) len = (len << 8) | header_[2 + i];
    if (len >> 63) return reject(close_code::protocol_error, "64-bit length with the high bit set");
  }
  if (!is_control(opcode_) && len > max_message_ - message_.size())
    return reject(close_code::message_too_big, "message too big");
  remaining_ = len;
  return true;
}

void FrameDecoder::take_payload(const char* p, std::size_t n) {
  char* dst;
  if (is_control(opcode_)) {
    dst = control_.data() + control_len_;
    std::memcpy(dst, p, n);
    control_len_ = static_cast<std::uint8_t>(control_len_ + n);
  } else {
    const std::size_t old = message_.size();
    message_.append(p, n);
    dst = message_.data() + old;
  }
  unmask(dst, n, mask_, mask_offset_);
  if (!is_control(opcode_) && message_opcode_ == Opcode::text && !utf8_.feed({dst, n}))
    fail(close_code::invalid_payload, "invalid UTF-8 in a text message");
}

FrameDecoder::Result FrameDecoder::finish_frame() {
  state_ = State::header;
  header_len_ = 0;
  const std::string_view control(control_.data(), control_len_);
  switch (opcode_) {
    case Opcode::ping: return {Kind::ping, control, 0};
    case Opcode::pong: return {Kind::pong, control, 0};
    case Opcode::close: {
      if (control.empty()) {
        state_ = State::closed;
        return {Kind::close, {}, close_code::no_status};
      }
      if (control.size() == 1) return fail(close_code::protocol_error, "close frame of 1 byte");
      const auto code = static_cast<std::uint16_t>(static_cast<unsigned char>(control[0]) << 8 |
                                                   static_cast<unsigned char>(control[1]));
      if (!valid_close_code(code)) return fail(close_code::protocol_error, "invalid close code");
      const std::string_view reason = control.substr(2);
      if (!text::is_valid_utf8(reason))
        return fail(close_code::invalid_payload, "close reason not UTF-8");
      state_ = State::closed;
      return {Kind::close, reason, code};
    }
    default: break;
  }
  if (!fin_) return {};  // more fragments to come
  if (message_opcode_ == Opcode::text && !utf8_.complete())
    return fail(close_code::invalid_payload, "text message ends inside a character");
  in_message_ = false;
  clear_message_ = true;
  return {message_opcode_ == Opcode::text ? Kind::message_text : Kind::message_binary, message_, 0};
}

FrameDecoder::Result FrameDecoder::feed(std::string_view bytes, std::size_t& consumed) {
  consumed = 0;
  if (state_ == State::failed) return {Kind::error, error_text_, error_code_};
  if (state_ == State::closed) {
    consumed = bytes.size();
    return {};
  }
  if (clear_message_) {
    clear_message_ = false;
    if (message_.capacity() > retained_message_capacity)
      std::string().swap(message_);
    else
      message_.clear();
  }

  const char* const begin = bytes.data();
  const char* p = begin;
  const char* const end = p + bytes.size();
  auto done = [&](Result r) {
    consumed = static_cast<std::size_t>(p - begin);
    return r;
  };
  const auto error = [&] { return done({Kind::error, error_text_, error_code_}); };
  // Copies header bytes until header_len_ reaches `target`; false if the
  // input ran out first.
  auto header_to = [&](std::size_t target) {
    if (header_len_ >= target) return true;
    const std::size_t n = std::min(target - header_len_, static_cast<std::size_t>(end - p));
    if (n == 0) return false;  // (`p` may be null)
    std::memcpy(header_.data() + header_len_, p, n);
    header_len_ = static_cast<std::uint8_t>(header_len_ + n);
    p += n;
    return header_len_ == target;
  };

  while (true) {
    if (state_ == State::header) {
      if (header_len_ < 2) {
        if (!header_to(2)) return done({});
        if (!check_first_bytes() || (length_bytes_ == 0 && !check_length())) return error();
      }
      if (header_len_ < 2 + length_bytes_) {
        if (!header_to(2 + length_bytes_)) return done({});
        if (!check_length()) return error();
      }
      if (!header_to(6 + length_bytes_)) return done({});
      std::memcpy(mask_.data(), header_.data() + 2 + length_bytes_, 4);
      mask_offset_ = 0;
      state_ = State::payload;
    }

    // state_ == State::payload
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(end - p)));
    if (n) {
      take_payload(p, n);
      p += n;
      remaining_ -= n;
      if (state_ == State::failed) return error();
    }
    if (remaining_ > 0) return done({});
    const Result r = finish_frame();
    if (r.kind != Kind::need_more) return done(r);
  }
}

}  // namespace spur::http::ws
