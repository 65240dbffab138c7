#pragma once
// A blocking TCP client for driving the server byte by byte: it sends exactly
// what a test writes, reads responses one at a time (keeping any bytes of the
// next one for the next call, for pipelining), and tells a close from silence.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/http_response.hpp"

namespace spur::integration {

enum class Family { ipv4, ipv6 };

class RawClient {
 public:
  static constexpr std::chrono::milliseconds default_timeout{10'000};

  // Connects to 127.0.0.1 (or ::1) at `port`; throws std::runtime_error on failure.
  explicit RawClient(std::uint16_t port, Family family = Family::ipv4);
  ~RawClient();
  RawClient(RawClient&& other) noexcept;
  RawClient& operator=(RawClient&& other) noexcept;
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // One connection attempt; returns 0 on success (the socket is closed again)
  // or the errno of the failure, e.g. ECONNREFUSED.
  static int try_connect(std::uint16_t port, Family family = Family::ipv4);

  // How long a read waits for the next bytes before giving up.
  void set_receive_timeout(std::chrono::milliseconds timeout);

  // Sends every byte; throws on error.
  void send(std::string_view data);
  // Sends every byte; false on error (e.g. the peer has reset the connection).
  bool try_send(std::string_view data) noexcept;
  void shutdown_write() noexcept;

  // Reads one complete response. Throws std::runtime_error when the receive
  // timeout expires, the connection ends first, or the bytes are not HTTP.
  HttpResponse read_response(bool head_request = false);

  struct CloseResult {
    std::string bytes;    // everything received until the end (including buffered bytes)
    bool closed = false;  // EOF or reset seen before the timeout
    bool reset = false;   // ended by a reset (ECONNRESET) rather than a FIN
  };
  // Reads until the peer ends the connection or `timeout` passes.
  CloseResult read_until_close(std::chrono::milliseconds timeout = default_timeout);

  // True once bytes (or an EOF/reset) can be read, within `timeout`.
  bool wait_readable(std::chrono::milliseconds timeout);

  // Bytes received but not yet consumed by read_response().
  const std::string& buffered() const noexcept { return buffer_; }
  std::uint16_t local_port() const;
  int fd() const noexcept { return fd_; }
  void close() noexcept;

 private:
  // Appends what one recv() returns within `deadline`: >0 bytes, 0 at EOF,
  // -1 on error (errno set; EAGAIN means the deadline passed).
  long receive_some(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
  std::chrono::milliseconds timeout_ = default_timeout;
};

}  // namespace spur::integration
