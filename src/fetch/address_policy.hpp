#pragma once
// Which addresses a call that refuses private ones may not reach: loopback,
// private ranges, link-local, carrier-grade NAT, unspecified, multicast and
// reserved, in IPv4 and IPv6 (and IPv4 inside IPv6). Checked on the
// addresses a name resolved to, which are the ones then connected to, so a
// name that resolves differently the second time cannot slip through.
#include <boost/asio/ip/address.hpp>

namespace spur::fetch_detail {

bool is_public_address(const boost::asio::ip::address& address) noexcept;

}  // namespace spur::fetch_detail
