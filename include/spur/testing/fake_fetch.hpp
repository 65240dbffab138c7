#pragma once
// Answers spur::fetch in handler tests, in-process, without upstreams:
//   spur::testing::FakeFetch upstreams;   // this thread's calls, while it lives
//   upstreams.on("http://users.test/users/7", 200, R"({"id":7,"name":"Ada"})");
//   upstreams.on("http://orders.test/", [](const FetchRequest& r) {
//     return FakeFetch::json(200, R"([{"id":1}])");
//   });
//   auto res = client.get("/api/dashboard/7");          // spur::testing::Client
//   EXPECT_EQ(upstreams.calls().size(), 2u);
// A call is answered by the rule with the longest URL prefix it starts with;
// a call no rule answers fails as a refused connection would (a 502), naming
// its URL. A rule may throw (FetchError(timeout, …) to test a 504).
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "spur/fetch/fetch_hook.hpp"

namespace spur::testing {

struct FetchRequest {
  std::string url;
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class FakeFetch final {
 public:
  using Answer = std::function<FetchResponse(const FetchRequest&)>;

  FakeFetch();   // installed on this thread
  ~FakeFetch();  // and removed
  FakeFetch(const FakeFetch&) = delete;
  FakeFetch& operator=(const FakeFetch&) = delete;

  FakeFetch& on(std::string url_prefix, Answer answer);
  FakeFetch& on(std::string url_prefix, int status, std::string body,
                std::vector<std::pair<std::string, std::string>> headers = {});

  // The calls made so far, in order.
  const std::vector<FetchRequest>& calls() const noexcept { return calls_; }

  // A response with a body and Content-Type: application/json.
  static FetchResponse json(int status, std::string body);

 private:
  FetchResponse answer(const std::string& url, const FetchOptions& options);
  std::vector<std::pair<std::string, Answer>> rules_;
  std::vector<FetchRequest> calls_;
  detail::FetchHook hook_;
  detail::FetchHook* previous_ = nullptr;
};

}  // namespace spur::testing
