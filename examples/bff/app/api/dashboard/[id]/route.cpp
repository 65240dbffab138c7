// GET /api/dashboard/[id]: the user and their orders, from two services
// called at once. A service that fails answers 502 naming it; one slower
// than the deadline, 504; a client that leaves cancels both calls.
#include <spur/core/when_all.hpp>
#include <spur/fetch.hpp>
#include <spur/route.hpp>

#include "lib/env.hpp"
using namespace spur;

namespace {

FetchOptions within_deadline() {
  FetchOptions options;
  options.timeout = std::chrono::milliseconds(bff::env().dashboard_deadline_ms.value_or(2000));
  options.header("Accept", "application/json");
  return options;
}

// The body of a service's 2xx answer, else a 502 that names the service.
boost::json::value answer_of(std::string_view service, const FetchResponse& res) {
  if (!res.ok())
    throw HttpError(502, std::string(service) + " answered " + std::to_string(res.status));
  return res.json();
}

}  // namespace

Async<Response> GET(Request&, const Params& params) {
  const std::string id(params["id"]);
  auto calls = when_all(fetch(bff::env().users_api + "/users/" + id, within_deadline()),
                        fetch(bff::env().orders_api + "/orders?user=" + id, within_deadline()));
  auto [user, orders] = co_await std::move(calls);
  if (user.status == 404) throw HttpError(404, "No such user");
  co_return Response::json(
      {{"user", answer_of("users", user)}, {"orders", answer_of("orders", orders)}});
}
