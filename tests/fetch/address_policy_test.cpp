// Which addresses refuse_private_addresses lets a call reach.
#include "fetch/address_policy.hpp"

#include <gtest/gtest.h>

namespace spur::fetch_detail {
namespace {

bool is_public(const char* text) { return is_public_address(boost::asio::ip::make_address(text)); }

TEST(AddressPolicy, PublicAddressesPass) {
  for (const char* a :
       {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
        "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"})
    EXPECT_TRUE(is_public(a)) << a;
}

TEST(AddressPolicy, PrivateLoopbackAndSpecialAddressesAreRefused) {
  for (const char* a : {"127.0.0.1",
                        "127.1.2.3",
                        "10.0.0.1",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "0.1.2.3",
                        "224.0.0.1",
                        "255.255.255.255",
                        "192.0.2.1",
                        "198.18.0.1",
                        "::1",
                        "::",
                        "fc00::1",
                        "fd12:3456::1",
                        "fe80::1",
                        "ff02::1",
                        "2001:db8::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "::ffff:169.254.169.254",
                        "64:ff9b::7f00:1",
                        "64:ff9b::a9fe:a9fe"})
    EXPECT_FALSE(is_public(a)) << a;
}

}  // namespace
}  // namespace spur::fetch_detail
