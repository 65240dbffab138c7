#include "support/raw_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace spur::integration {
namespace {

using clock = std::chrono::steady_clock;

// Opens a socket and connects it; returns the fd, or -errno.
int open_connected(std::uint16_t port, Family family) {
  const int domain = family == Family::ipv4 ? AF_INET : AF_INET6;
  int fd = ::socket(domain, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int rc;
  if (family == Family::ipv4) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    do rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    while (rc < 0 && errno == EINTR);
  } else {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port);
    a.sin6_addr = in6addr_loopback;
    do rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    while (rc < 0 && errno == EINTR);
  }
  if (rc < 0) {
    int e = errno;
    ::close(fd);
    return -e;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 400)) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += '?';
    else
      out += c;
  }
  if (s.size() > 400) out += "...";
  return out;
}

}  // namespace

RawClient::RawClient(std::uint16_t port, Family family) {
  int fd = open_connected(port, family);
  if (fd < 0)
    throw std::runtime_error("connect to port " + std::to_string(port) +
                             " failed: " + std::strerror(-fd));
  fd_ = fd;
  set_receive_timeout(default_timeout);
}

RawClient::~RawClient() { close(); }

RawClient::RawClient(RawClient&& other) noexcept
    : fd_(other.fd_), buffer_(std::move(other.buffer_)), timeout_(other.timeout_) {
  other.fd_ = -1;
}

RawClient& RawClient::operator=(RawClient&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    buffer_ = std::move(other.buffer_);
    timeout_ = other.timeout_;
    other.fd_ = -1;
  }
  return *this;
}

void RawClient::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

int RawClient::try_connect(std::uint16_t port, Family family) {
  int fd = open_connected(port, family);
  if (fd < 0) return -fd;
  ::close(fd);
  return 0;
}

void RawClient::set_receive_timeout(std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  // Also as SO_RCVTIMEO, so that no read on this socket can block forever.
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

bool RawClient::try_send(std::string_view data) noexcept {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void RawClient::send(std::string_view data) {
  if (!try_send(data))
    throw std::runtime_error(std::string("send failed: ") + std::strerror(errno));
}

void RawClient::shutdown_write() noexcept { ::shutdown(fd_, SHUT_WR); }

bool RawClient::wait_readable(std::chrono::milliseconds timeout) {
  if (!buffer_.empty()) return true;
  pollfd p{fd_, POLLIN, 0};
  int rc;
  do rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  while (rc < 0 && errno == EINTR);
  return rc > 0;
}

long RawClient::receive_some(clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() <= 0) {
      errno = EAGAIN;
      return -1;
    }
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return -1;
    if (rc == 0) continue;  // re-check the deadline
    char chunk[16 * 1024];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
    return static_cast<long>(n);
  }
}

HttpResponse RawClient::read_response(bool head_request) {
  const auto deadline = clock::now() + timeout_;
  bool eof = false;
  for (;;) {
    ParsedResponse p = parse_response(buffer_, head_request, eof);
    if (p.outcome == ParseOutcome::complete) {
      buffer_.erase(0, p.consumed);
      return std::move(p.response);
    }
    if (p.outcome == ParseOutcome::malformed)
      throw std::runtime_error("malformed response (" + p.error + "): " + printable(buffer_));
    if (eof)
      throw std::runtime_error("connection closed before a complete response; received: " +
                               printable(buffer_));
    long n = receive_some(deadline);
    if (n == 0) {
      eof = true;
    } else if (n < 0) {
      if (errno == EAGAIN)
        throw std::runtime_error("timed out waiting for a response; received: " +
                                 printable(buffer_));
      if (errno == ECONNRESET)
        throw std::runtime_error("connection reset before a complete response; received: " +
                                 printable(buffer_));
      throw std::runtime_error(std::string("recv failed: ") + std::strerror(errno));
    }
  }
}

RawClient::CloseResult RawClient::read_until_close(std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  CloseResult r;
  for (;;) {
    long n = receive_some(deadline);
    if (n > 0) continue;
    if (n == 0) {
      r.closed = true;
    } else if (errno == ECONNRESET || errno == EPIPE) {
      r.closed = true;
      r.reset = true;
    }
    break;  // EOF, reset, timeout or another error
  }
  r.bytes = std::move(buffer_);
  buffer_.clear();
  return r;
}

std::uint16_t RawClient::local_port() const {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::system_error(errno, std::generic_category(), "getsockname");
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&a)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&a)->sin6_port);
}

}  // namespace spur::integration
