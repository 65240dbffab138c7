#pragma once
// spur::testing: call an app in-process, with no sockets, from a unit test.
// Requests go through the real HTTP parser and the whole App pipeline
// (normalisation, routing, HEAD/OPTIONS/405, body parsing), and handlers that
// co_await sleep() or offload() run on a small event loop inside the call.
//
//   spur::App app(spur_app_routes(), spur_app_options());
//   spur::testing::Client client(app);
//   auto res = client.post("/api/v2/posts", R"({"title":"Hi"})",
//                          {{"Content-Type", "application/json"}});
//   EXPECT_EQ(res.status, 201);
//   EXPECT_EQ(res.json().at("title"), "Hi");
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/app/app.hpp"

namespace boost::json {
class value;
}

namespace spur::detail {
class ThreadPool;
}

namespace spur::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct TestResponse {
  int status = 0;
  Headers headers;  // in order; repeated names stay separate (Set-Cookie, Allow)
  std::string body;

  // The first header named `name`, case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  // Every header named `name`.
  std::vector<std::string> header_values(std::string_view name) const;
  // The body parsed as JSON; throws std::runtime_error when it is not JSON.
  boost::json::value json() const;
};

class Client final {
 public:
  // Offloaded work runs on a small pool of the client's own.
  explicit Client(const App& app);

  TestResponse get(std::string_view target, const Headers& headers = {}) {
    return request("GET", target, {}, headers);
  }
  TestResponse post(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return request("POST", target, body, headers);
  }
  TestResponse put(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return request("PUT", target, body, headers);
  }
  TestResponse patch(std::string_view target, std::string_view body, const Headers& headers = {}) {
    return request("PATCH", target, body, headers);
  }
  TestResponse del(std::string_view target, const Headers& headers = {}) {
    return request("DELETE", target, {}, headers);
  }

  // Any method. `Host` and `Content-Length` are added unless given. Throws
  // std::invalid_argument when the request is not valid HTTP/1.1 (the server
  // would answer it with a 4xx before any handler ran), and std::runtime_error
  // when the handler has not finished within `timeout` (default 30 s).
  TestResponse request(std::string_view method, std::string_view target, std::string_view body = {},
                       const Headers& headers = {});

  void set_timeout(std::chrono::milliseconds t) { timeout_ = t; }

 private:
  // Runs a streamed body's producer to its end; the body it wrote.
  std::string collect_stream(const StreamBody& body);

  const App* app_;
  std::shared_ptr<detail::ThreadPool> pool_;
  std::chrono::milliseconds timeout_ = std::chrono::seconds(30);
};

}  // namespace spur::testing
