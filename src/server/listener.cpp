#include "listener.hpp"

#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/system/system_error.hpp>

namespace spur::server {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint resolve_endpoint(const std::string& hostname, std::uint16_t port) {
  boost::system::error_code ec;
  std::string host = hostname;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto address = asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  asio::io_context io;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || results.empty())
    throw std::system_error(
        ec ? std::error_code(ec) : std::make_error_code(std::errc::address_not_available),
        "cannot resolve hostname '" + hostname + "'");
  return results.begin()->endpoint();
}

void ensure_available(const tcp::endpoint& endpoint) {
  if (endpoint.port() == 0) return;  // the kernel picks an unused port
  asio::io_context io;
  tcp::acceptor probe(io);
  boost::system::error_code ec;
  probe.open(endpoint.protocol(), ec);
  // SO_REUSEADDR so that connections in TIME_WAIT do not count as in use.
  if (!ec) probe.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec)
    throw std::system_error(ec, "cannot listen on " + endpoint.address().to_string() + ":" +
                                    std::to_string(endpoint.port()));
}

tcp::acceptor open_listener(asio::io_context& io, const tcp::endpoint& endpoint, int backlog) {
  using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.set_option(reuse_port(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(backlog, ec);
  if (ec)
    throw std::system_error(ec, "cannot listen on " + endpoint.address().to_string() + ":" +
                                    std::to_string(endpoint.port()));
  return acceptor;
}

}  // namespace spur::server
