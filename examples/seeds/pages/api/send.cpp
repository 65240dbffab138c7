// The Pages API response helpers, picked by ?kind=.
#include <spur/api.hpp>
using namespace spur;

namespace {

// Answers that are one call.
void send_kind(std::string_view kind, ApiRequest& req, ApiResponse& res) {
  if (kind == "text") return res.send("plain text");
  if (kind == "buffer") return res.send_bytes("raw bytes");
  if (kind == "number") return res.send(42);
  if (kind == "redirect") return res.redirect("/api/hello");
  if (kind == "redirect301") return res.redirect(301, "/api/hello");
  if (kind == "nocontent") return res.status(204).json({{"ignored", true}});
  if (kind == "cookies") {
    res.set_header("Set-Cookie", {"a=1; Path=/", "b=2; Path=/; HttpOnly"});
    boost::json::object cookies;
    for (const auto& [name, value] : req.cookies().entries())
      if (!cookies.contains(name)) cookies[name] = value;
    return res.status(200).json({{"cookies", cookies}});
  }
  res.status(400).json({{"error", "unknown kind"}});
}

// Server-Sent Events through res.write(): each event leaves as it is written.
Async<void> send_events(ApiResponse& res) {
  res.status(200).set_header("Content-Type", "text/event-stream");
  res.set_header("Cache-Control", "no-cache");
  for (int n = 1; n <= 3; ++n) {
    res.write("data: " + std::to_string(n) + "\n\n");
    if (n < 3) co_await sleep(std::chrono::milliseconds(50));
  }
  res.end();
}

}  // namespace

Async<void> handler(ApiRequest& req, ApiResponse& res) {
  std::string_view kind = req.query["kind"];
  if (kind == "sse")
    co_await send_events(res);
  else
    send_kind(kind, req, res);
}
