#include "address_policy.hpp"

#include <cstdint>

namespace spur::fetch_detail {
namespace {

bool in(std::uint32_t a, std::uint32_t net, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == net;
}

bool public_v4(const boost::asio::ip::address_v4& v4) {
  const std::uint32_t a = v4.to_uint();
  return !(in(a, 0x00000000, 8) ||   // 0.0.0.0/8 "this network"
           in(a, 0x0A000000, 8) ||   // 10.0.0.0/8
           in(a, 0x64400000, 10) ||  // 100.64.0.0/10 carrier-grade NAT
           in(a, 0x7F000000, 8) ||   // 127.0.0.0/8 loopback
           in(a, 0xA9FE0000, 16) ||  // 169.254.0.0/16 link-local (cloud metadata)
           in(a, 0xAC100000, 12) ||  // 172.16.0.0/12
           in(a, 0xC0000000, 24) ||  // 192.0.0.0/24 protocol assignments
           in(a, 0xC0000200, 24) ||  // 192.0.2.0/24 documentation
           in(a, 0xC0A80000, 16) ||  // 192.168.0.0/16
           in(a, 0xC6120000, 15) ||  // 198.18.0.0/15 benchmarking
           in(a, 0xC6336400, 24) ||  // 198.51.100.0/24 documentation
           in(a, 0xCB007100, 24) ||  // 203.0.113.0/24 documentation
           in(a, 0xE0000000, 4) ||   // 224.0.0.0/4 multicast
           in(a, 0xF0000000, 4));    // 240.0.0.0/4 reserved, broadcast
}

}  // namespace

bool is_public_address(const boost::asio::ip::address& address) noexcept {
  if (address.is_v4()) return public_v4(address.to_v4());
  const boost::asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped())
    return public_v4(boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6));
  const auto bytes = v6.to_bytes();
  if (v6.is_loopback() || v6.is_unspecified() || v6.is_multicast()) return false;
  if ((bytes[0] & 0xFE) == 0xFC) return false;                      // fc00::/7 unique local
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) return false;  // fe80::/10 link-local
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0) return false;  // fec0::/10 site-local
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)
    return false;  // 2001:db8::/32 documentation
  // 64:ff9b::/96 (NAT64) and ::ffff:0:0/96 carry an IPv4 address: judge it.
  bool nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B;
  for (int i = 4; nat64 && i < 12; ++i) nat64 = bytes[i] == 0;
  if (nat64)
    return public_v4(boost::asio::ip::address_v4(
        boost::asio::ip::address_v4::bytes_type{bytes[12], bytes[13], bytes[14], bytes[15]}));
  return true;
}

}  // namespace spur::fetch_detail
