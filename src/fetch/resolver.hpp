#pragma once
// Name resolution that never blocks a worker and never queues one lookup
// behind another. Asio's resolver runs every lookup of an io_context on one
// background thread, so a slow name delays every other; here each lookup
// gets a thread of a shared pool (up to max_threads, then they queue), and
// answers are cached for `ttl`. An IP literal resolves at once.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace spur::fetch_detail {

using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

inline constexpr std::size_t max_resolver_threads = 32;
inline constexpr std::chrono::seconds resolver_ttl{30};

// The addresses of host:port, resumed on the awaiting coroutine's executor.
// Cancellable (a deadline, a client gone) at once, even while the lookup
// runs; throws FetchError(resolve) when the name does not resolve and
// FetchError(timeout) when it takes longer than `timeout`.
boost::asio::awaitable<Endpoints> resolve(std::string host, std::uint16_t port,
                                          std::chrono::milliseconds timeout);

}  // namespace spur::fetch_detail
