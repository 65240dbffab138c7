// The engine example: three API endpoints served by a Handler written directly
// against Spur's runtime (no routing layer), plus a slow endpoint for tests.
//   GET  /api/hello          {"message":"Hello from Next.js!"}
//   GET  /api/users/{id}     {"id":"…","name":"User …"}
//   POST /api/echo           the JSON body, parsed and serialized back
//   GET  /api/slow?ms=N      answers after N milliseconds, without blocking
//   GET  /api/offload?ms=N   blocks a pool thread for N ms via spur::offload
#include <boost/json.hpp>
#include <charconv>
#include <cstdio>
#include <exception>
#include <thread>

#include "spur/core/offload.hpp"
#include "spur/core/sleep.hpp"
#include "spur/server/options.hpp"
#include "spur/server/server.hpp"

using spur::Async;
using spur::Request;
using spur::Response;

namespace {

Response not_found() { return Response::json_text(R"({"error":"Not Found"})", 404); }

Response method_not_allowed(std::string_view allow) {
  return Response::json_text(R"({"error":"Method Not Allowed"})", 405).set_header("Allow", allow);
}

Response user(std::string_view id) {
  boost::json::object o;
  o["id"] = id;
  std::string name = "User ";
  name += id;
  o["name"] = name;
  return Response::json_text(boost::json::serialize(o));
}

Response echo(const Request& req) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.text(), ec);
  if (ec) return Response::json_text(R"({"error":"Invalid JSON"})", 400);
  return Response::json_text(boost::json::serialize(v));
}

Async<Response> slow(const Request& req) {
  int ms = 0;
  std::string_view q = req.query();
  if (q.starts_with("ms=")) std::from_chars(q.data() + 3, q.data() + q.size(), ms);
  co_await spur::sleep(std::chrono::milliseconds(ms));
  co_return Response::json_text(R"({"slept":)" + std::to_string(ms) + "}");
}

// Blocking work belongs on the pool: the worker keeps serving meanwhile.
Async<Response> offloaded(const Request& req) {
  int ms = 0;
  std::string_view q = req.query();
  if (q.starts_with("ms=")) std::from_chars(q.data() + 3, q.data() + q.size(), ms);
  int slept = co_await spur::offload([ms] {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
  });
  co_return Response::json_text(R"({"offloaded":)" + std::to_string(slept) + "}");
}

Async<Response> handle(Request& req) {
  using spur::http::Method;
  const std::string_view path = req.path();
  const Method m = req.method_kind();
  if (path == "/api/hello") {
    if (m != Method::get && m != Method::head) co_return method_not_allowed("GET, HEAD");
    co_return Response::json_text(R"({"message":"Hello from Next.js!"})");
  }
  if (path.starts_with("/api/users/") && path.size() > 11 &&
      path.find('/', 11) == std::string_view::npos) {
    if (m != Method::get && m != Method::head) co_return method_not_allowed("GET, HEAD");
    co_return user(path.substr(11));
  }
  if (path == "/api/echo") {
    if (m != Method::post) co_return method_not_allowed("POST");
    co_return echo(req);
  }
  if (path == "/api/slow") co_return co_await slow(req);
  if (path == "/api/offload") co_return co_await offloaded(req);
  if (path == "/api/throw") throw std::runtime_error("deliberate failure");
  co_return not_found();
}

}  // namespace

int main(int argc, char** argv) {
  spur::CommandLine command_line;
  switch (spur::parse_command_line(argc, argv, "The engine example: one hand-written Handler.", {},
                                   command_line)) {
    case spur::ParseOutcome::run: break;
    case spur::ParseOutcome::exit_ok: return 0;
    case spur::ParseOutcome::exit_error: return 2;
  }
  const spur::ServerOptions& options = command_line.server;
  try {
    spur::Server server(handle, options);
    server.start();
    std::string shown =
        options.hostname == "0.0.0.0" || options.hostname == "::" ? "localhost" : options.hostname;
    if (shown.find(':') != std::string::npos && shown.front() != '[') shown = "[" + shown + "]";
    std::printf("spur: listening on http://%s:%u\n", shown.c_str(), server.port());
    std::fflush(stdout);
    return server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: %s\n", e.what());
    return 1;
  }
}
