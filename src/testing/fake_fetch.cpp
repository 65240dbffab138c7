#include "spur/testing/fake_fetch.hpp"

#include "spur/fetch/fetch_error.hpp"

namespace spur::testing {

FakeFetch::FakeFetch()
    : hook_([this](const std::string& url, const FetchOptions& options) {
        return answer(url, options);
      }),
      previous_(detail::fetch_hook()) {
  detail::set_fetch_hook(&hook_);
}

FakeFetch::~FakeFetch() { detail::set_fetch_hook(previous_); }

FakeFetch& FakeFetch::on(std::string url_prefix, Answer answer) {
  rules_.emplace_back(std::move(url_prefix), std::move(answer));
  return *this;
}

FakeFetch& FakeFetch::on(std::string url_prefix, int status, std::string body,
                         std::vector<std::pair<std::string, std::string>> headers) {
  return on(std::move(url_prefix), [status, body = std::move(body),
                                    headers = std::move(headers)](const FetchRequest& request) {
    FetchResponse res;
    res.status = status;
    res.headers = headers;
    res.url = request.url;
    res.body_ = body;
    return res;
  });
}

FetchResponse FakeFetch::json(int status, std::string body) {
  FetchResponse res;
  res.status = status;
  res.headers = {{"Content-Type", "application/json"}};
  res.body_ = std::move(body);
  return res;
}

FetchResponse FakeFetch::answer(const std::string& url, const FetchOptions& options) {
  calls_.push_back({url, options.method, options.headers, options.body});
  const Answer* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [prefix, rule] : rules_)
    if (url.starts_with(prefix) && (best == nullptr || prefix.size() > best_length)) {
      best = &rule;
      best_length = prefix.size();
    }
  if (best == nullptr)
    throw FetchError(FetchError::Kind::connect,
                     "could not connect to " + url + ": no FakeFetch rule answers it");
  FetchResponse res = (*best)(calls_.back());
  if (res.url.empty()) res.url = url;
  return res;
}

}  // namespace spur::testing
