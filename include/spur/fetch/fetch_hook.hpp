#pragma once
// Where fetch() looks before the network: a function installed on a thread
// answers the calls made on it (spur::testing::FakeFetch installs one, so
// that handler tests run in-process without upstreams).
#include <functional>
#include <string>

#include "spur/fetch/fetch_options.hpp"
#include "spur/fetch/fetch_response.hpp"

namespace spur::detail {

using FetchHook = std::function<FetchResponse(const std::string& url, const FetchOptions&)>;

// This thread's hook, or null; set_fetch_hook(nullptr) removes it.
FetchHook* fetch_hook() noexcept;
void set_fetch_hook(FetchHook* hook) noexcept;

}  // namespace spur::detail
