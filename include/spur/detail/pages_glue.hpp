#pragma once
// What the generated unit of a Pages Router file (`pages/api/**.cpp`) calls
// to build its RouteModule from its `handler` and `config` (see glue.hpp).
#include <concepts>
#include <type_traits>

#include "spur/api.hpp"
#include "spur/app/route_module.hpp"
#include "spur/detail/glue.hpp"

namespace spur::detail {

template <auto HANDLER, auto CONFIG>
RouteModule make_pages_module() {
  using Handler = std::remove_pointer_t<decltype(HANDLER)>;
  static_assert(!is_missing<Handler>,
                "a Pages Router file must define handler(ApiRequest&, ApiResponse&)");
  ApiConfig config;
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  if constexpr (!is_missing<Config>) {
    static_assert(std::same_as<Config, ApiConfig>,
                  "`config` in a Pages Router file must be a spur::ApiConfig");
    config = *CONFIG;
  }
  // The handler and its config live in the module as long as the App does,
  // as run_pages_route needs.
  return RouteModule{{},
                     AnyMethod{[handler = to_pages_handler(*HANDLER), config](
                                   Request& req, const Params& params) -> Async<Response> {
                       return run_pages_route(handler, req, params, config);
                     }}};
}

}  // namespace spur::detail
