#pragma once
// The WebSocket protocol (RFC 6455) for a server endpoint, without I/O: the
// opening-handshake checks and Sec-WebSocket-Accept, the encoder for the
// server's (unmasked) frames, and a resumable decoder for the client's
// (masked) frames that yields one event at a time: a whole message, a
// control frame, or the close code a protocol violation calls for.
// No extensions are negotiated (so every RSV bit must be zero) and no
// subprotocol is chosen here; both are the caller's business.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spur/http/request_head.hpp"
#include "spur/text/utf8.hpp"

namespace spur::http::ws {

enum class Opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

// Status codes of a Close frame (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;  // reported, never sent
inline constexpr std::uint16_t abnormal = 1006;   // reported, never sent
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t mandatory_extension = 1010;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// The largest payload of a control frame (RFC 6455 §5.5), and so of a ping,
// a pong, and a close frame's code plus reason.
inline constexpr std::size_t max_control_payload = 125;

// The GUID the accept key is derived with (RFC 6455 §1.3).
inline constexpr std::string_view handshake_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// ---------------------------------------------------------------------------
// Opening handshake (RFC 6455 §4.2)

// Sec-WebSocket-Accept for a request's Sec-WebSocket-Key:
// base64(SHA-1(key + GUID)).
// Example: accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
std::string accept_key(std::string_view sec_websocket_key);

struct HandshakeCheck {
  bool ok = false;
  int status = 400;   // when !ok: 400, or 426 for a missing or unsupported version
  std::string error;  // when !ok: what was wrong, for the response body or a log
};

// Whether `head` is a valid opening handshake: GET, HTTP/1.1, an Upgrade
// field listing "websocket", a Connection field listing "upgrade" (both
// case-insensitive), exactly one Sec-WebSocket-Version, "13" (else 426; the
// caller's response adds "Sec-WebSocket-Version: 13"), and exactly one
// Sec-WebSocket-Key, the canonical base64 form of 16 bytes (else 400).
// When ok, the 101 response carries
//   Upgrade: websocket, Connection: Upgrade,
//   Sec-WebSocket-Accept: accept_key(head.find("Sec-WebSocket-Key")->value).
HandshakeCheck check_upgrade(const RequestHead& head);

// Whether `head` asks for a WebSocket at all: an Upgrade field listing
// "websocket" (case-insensitive), valid handshake or not.
bool asks_for_websocket(const RequestHead& head) noexcept;

// The subprotocols a handshake offers, in order: every item of every
// Sec-WebSocket-Protocol field (compared exactly by whoever chooses).
std::vector<std::string_view> offered_protocols(const RequestHead& head);

// ---------------------------------------------------------------------------
// Server → client frames (never masked, RFC 6455 §5.1)

// Appends one frame with the shortest length encoding (7, 16 or 64 bits).
// A control frame (close, ping, pong) must be final and carry at most
// max_control_payload bytes; that is the caller's to ensure.
void encode_frame(std::string& out, Opcode op, std::string_view payload, bool fin = true);

// Appends a Close frame with `code` and as much of `reason` as fits in a
// control frame (123 bytes, cut at a UTF-8 character boundary). For
// close_code::no_status the frame has an empty body, as that code means.
void encode_close(std::string& out, std::uint16_t code, std::string_view reason = {});

// ---------------------------------------------------------------------------
// Client → server frames

// Whether a Close frame may carry `code` (RFC 6455 §7.4): 1000-1003,
// 1007-1011 and the private ranges 3000-4999.
bool valid_close_code(std::uint16_t code) noexcept;

// Decodes the frames a client sends, resumable across reads. Each feed()
// reads until one event is complete, reports how many bytes it used, and is
// called again with the rest:
//   while (true) {
//     std::size_t used = 0;
//     const auto r = decoder.feed(in, used);
//     in.remove_prefix(used);
//     if (r.kind == Kind::need_more) break;  // all of `in` was used
//     ...handle r; after close or error, send a Close frame and stop...
//   }
// Payload bytes are unmasked into the decoder's own buffers, so the caller
// may discard what was fed. A text message is validated as its bytes arrive:
// invalid UTF-8 is reported at once, not when the message ends. A data frame
// whose length would make its message exceed max_message_bytes is refused
// from its header, before any of its payload is read.
// After an error, feed() returns the same error again and uses nothing.
// After a close event, feed() discards whatever follows (RFC 6455 §5.5.1:
// nothing may be sent after a Close frame) and returns need_more.
class FrameDecoder final {
 public:
  enum class Kind : std::uint8_t {
    need_more,       // every byte fed was used; feed more
    message_text,    // `data`: a whole text message, valid UTF-8
    message_binary,  // `data`: a whole binary message
    ping,            // `data`: the payload (at most 125 bytes); answer with a pong
    pong,            // `data`: the payload
    close,           // `code` (close_code::no_status if none) and `data`: the reason
    error,           // `code`: the close code to send; `data`: a short description
  };

  // `data` views the decoder's buffers (or, for an error, static text) and is
  // valid until the next call to feed().
  struct Result {
    Kind kind = Kind::need_more;
    std::string_view data;
    std::uint16_t code = 0;
  };

  explicit FrameDecoder(std::size_t max_message_bytes) noexcept : max_message_(max_message_bytes) {}

  Result feed(std::string_view bytes, std::size_t& consumed);

  bool failed() const noexcept { return state_ == State::failed; }
  bool closed() const noexcept { return state_ == State::closed; }
  // True while a fragmented data message has begun and not yet ended.
  bool in_message() const noexcept { return in_message_; }
  std::size_t max_message_bytes() const noexcept { return max_message_; }

 private:
  enum class State : std::uint8_t { header, payload, closed, failed };

  Result fail(std::uint16_t code, std::string_view why) noexcept;
  bool reject(std::uint16_t code, std::string_view why) noexcept;  // fail(), then false
  bool check_first_bytes() noexcept;                               // false after fail()
  bool check_length() noexcept;                                    // false after fail()
  void take_payload(const char* p, std::size_t n);
  Result finish_frame();

  std::size_t max_message_;
  State state_ = State::header;

  // The frame header being read: 2 bytes, then 0, 2 or 8 of extended length,
  // then the 4-byte masking key.
  std::array<unsigned char, 14> header_{};
  std::uint8_t header_len_ = 0;
  std::uint8_t length_bytes_ = 0;  // 0, 2 or 8: the extended length's size
  bool fin_ = false;
  Opcode opcode_ = Opcode::continuation;
  std::uint64_t remaining_ = 0;  // payload bytes of this frame still to read
  std::array<unsigned char, 4> mask_{};
  std::uint8_t mask_offset_ = 0;  // mask_ index for the next payload byte

  // The data message being assembled, fragments included.
  bool in_message_ = false;
  bool clear_message_ = false;  // message_ was handed out; empty it on the next feed()
  Opcode message_opcode_ = Opcode::text;
  std::string message_;
  text::Utf8Validator utf8_;

  // The payload of the control frame being read.
  std::array<char, max_control_payload> control_{};
  std::uint8_t control_len_ = 0;

  std::uint16_t error_code_ = 0;
  std::string_view error_text_;
};

namespace detail {
// SHA-1 (FIPS 180-4), for the accept key; exposed for its tests.
std::array<std::uint8_t, 20> sha1(std::string_view data) noexcept;
std::string base64(const std::uint8_t* data, std::size_t size);
}  // namespace detail

}  // namespace spur::http::ws
