#include "health.hpp"

#include <string_view>

#include "spur/core/response.hpp"

namespace spur::server {
namespace {

Response probe_answer(int status, std::string_view state) {
  std::string body = R"({"status":")";
  body.append(state).append(R"("})");
  Response r = Response::json_text(std::move(body), status);
  r.set_header("Cache-Control", "no-store");
  return r;
}

Async<Response> answer_now(Response r) { co_return r; }

}  // namespace

Handler with_health_probes(Handler inner, const Health& health) {
  return [inner = std::move(inner), &health](Request& req) -> Async<Response> {
    const std::string_view target = req.target();
    if (!target.starts_with("/_spur/")) return inner(req);
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/_spur/live") return answer_now(probe_answer(200, "live"));
    if (path == "/_spur/ready") {
      switch (health.state()) {
        case Health::State::ready: return answer_now(probe_answer(200, "ready"));
        case Health::State::starting: return answer_now(probe_answer(503, "starting"));
        case Health::State::draining: return answer_now(probe_answer(503, "draining"));
      }
    }
    return inner(req);
  };
}

}  // namespace spur::server
