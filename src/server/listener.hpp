#pragma once
// Listening sockets: address resolution and SO_REUSEPORT acceptors, one per
// worker, so the kernel spreads new connections across worker threads.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <string>

namespace spur::server {

// `hostname` as a literal IPv4/IPv6 address, or resolved (first result).
// Throws std::system_error when it cannot be resolved.
boost::asio::ip::tcp::endpoint resolve_endpoint(const std::string& hostname, std::uint16_t port);

// Throws std::system_error (address in use) when another socket listens on
// `endpoint`. SO_REUSEPORT would otherwise let a second server silently share
// the port with a running one, each getting part of the traffic.
void ensure_available(const boost::asio::ip::tcp::endpoint& endpoint);

// An acceptor bound to `endpoint` with SO_REUSEADDR and SO_REUSEPORT, listening.
// Throws std::system_error on failure (address in use, permission, …).
boost::asio::ip::tcp::acceptor open_listener(boost::asio::io_context& io,
                                             const boost::asio::ip::tcp::endpoint& endpoint,
                                             int backlog);

}  // namespace spur::server
