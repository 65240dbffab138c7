// spur::proxy: the request and its answer relayed piece by piece. The
// handler's coroutine drives both sides: it reads the client's body and
// awaits each write upstream (OnLoop) before the next read, and the
// response's producer awaits each read upstream and each write to the
// client; back-pressure is that alternation.
#include "spur/fetch/proxy.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <optional>

#include "exchange.hpp"
#include "on_loop.hpp"
#include "spur/core/stream.hpp"
#include "spur/fetch/fetch_error.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/list.hpp"

namespace asio = boost::asio;

namespace spur {
namespace fetch_detail {
namespace {

using Exchanged = std::shared_ptr<Exchange>;

bool hop_by_hop(std::string_view name) {
  return text::iequals(name, "connection") || text::iequals(name, "keep-alive") ||
         text::iequals(name, "te") || text::iequals(name, "trailer") ||
         text::iequals(name, "transfer-encoding") || text::iequals(name, "upgrade") ||
         text::iequals(name, "proxy-connection");
}

// Adds the names a Connection field lists ("close, x-trace"): hop-by-hop too.
void add_connection_tokens(std::string_view value, std::vector<std::string>& out) {
  text::for_each_list_element(value, [&out](std::string_view token) {
    out.emplace_back(token);
    return true;
  });
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& n : names)
    if (text::iequals(n, name)) return true;
  return false;
}

// The value of `name` joined over every field of that name, or "".
std::string joined(const Request& req, std::string_view name) {
  std::string out;
  for (const http::Header& h : req.headers())
    if (text::iequals(h.name, name)) {
      if (!out.empty()) out += ", ";
      out += h.value;
    }
  return out;
}

void append_forwarded(Headers& out, const Request& req, std::string_view name,
                      std::string_view value) {
  std::string all = joined(req, name);
  if (!all.empty()) all += ", ";
  all += value;
  out.emplace_back(std::string(name), std::move(all));
}

// The client's headers for the upstream: hop-by-hop and framing dropped,
// X-Forwarded-* added, then the caller's own.
Headers upstream_headers(const Request& req, const FetchOptions& options) {
  std::vector<std::string> named;
  for (const http::Header& h : req.headers())
    if (text::iequals(h.name, "connection")) add_connection_tokens(h.value, named);
  Headers out;
  for (const http::Header& h : req.headers()) {
    const std::string_view name = h.name;
    if (hop_by_hop(name) || listed(named, name) || text::iequals(name, "host") ||
        text::iequals(name, "content-length") || text::iequals(name, "expect") ||
        text::iequals(name, "x-forwarded-for") || text::iequals(name, "x-forwarded-proto") ||
        text::iequals(name, "x-forwarded-port"))
      continue;
    bool replaced = false;
    for (const auto& [n, v] : options.headers) replaced = replaced || text::iequals(n, name);
    if (!replaced) out.emplace_back(std::string(name), std::string(h.value));
  }
  const std::string_view host = req.host();
  const std::size_t colon = host.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos;
  if (!req.client_address().empty())
    append_forwarded(out, req, "X-Forwarded-For", req.client_address());
  append_forwarded(out, req, "X-Forwarded-Proto", "http");
  append_forwarded(out, req, "X-Forwarded-Port", has_port ? host.substr(colon + 1) : "80");
  if (!req.has_header("x-forwarded-host") && !host.empty())
    out.emplace_back("X-Forwarded-Host", std::string(host));
  for (const auto& header : options.headers) out.push_back(header);
  return out;
}

// The length the client declared, when its body is not chunked.
std::optional<std::uint64_t> declared_length(const Request& req) {
  if (req.has_header("transfer-encoding")) return std::nullopt;
  const std::optional<std::string_view> length = req.header("content-length");
  if (!length) return std::uint64_t{0};
  std::uint64_t n = 0;
  const auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), n);
  if (error != std::errc() || end != length->data() + length->size()) return std::nullopt;
  return n;
}

asio::awaitable<Exchanged> open_whole(Target target, NextRequest request, FetchOptions options) {
  co_return Exchanged(co_await open_exchange(target, request, options, true));
}

asio::awaitable<Exchanged> open_streamed(Target target, NextRequest request,
                                         std::optional<std::uint64_t> length,
                                         FetchOptions options) {
  auto x = std::make_shared<Exchange>(co_await lease_for(target, options), options.read_timeout);
  co_await x->send_head(request, length, options, true);
  co_return x;
}

asio::awaitable<bool> write_piece(Exchanged x, std::string_view piece) {
  co_await x->write(piece);
  co_return true;
}

asio::awaitable<bool> finish_request(Exchanged x, bool head_request) {
  co_await x->finish();
  try {
    co_await x->read_head(head_request, std::nullopt);
  } catch (const StaleConnection& e) {
    throw FetchError(FetchError::Kind::protocol,
                     "the upstream closed the connection: " + std::string(e.what()));
  }
  co_return true;
}

asio::awaitable<std::string_view> read_piece(Exchanged x) { co_return co_await x->read(); }

// The upstream's answer as the response: its status and end-to-end
// headers, and its body relayed as the client takes it.
Response relay(const Exchanged& x, const std::string& what) {
  Response res(x->status());
  std::vector<std::string> named;
  for (const auto& [n, v] : x->headers())
    if (text::iequals(n, "connection")) add_connection_tokens(v, named);
  for (const auto& [n, v] : x->headers())
    if (!hop_by_hop(n) && !listed(named, n) && !text::iequals(n, "content-length"))
      res.append_header(n, v);
  if (x->done()) return res;
  return std::move(res).stream_body([x, what](StreamWriter& out) -> Async<void> {
    for (;;) {
      std::string_view piece;
      try {
        piece = co_await OnLoop<std::string_view>(read_piece(x), std::nullopt, what);
      } catch (const FetchError& e) {
        if (e.kind() == FetchError::Kind::cancelled) co_return;  // the client left
        throw;
      }
      if (piece.empty()) co_return;
      if (!co_await out.write(piece)) co_return;
    }
  });
}

}  // namespace
}  // namespace fetch_detail

Async<Response> proxy(Request& req, std::string url, FetchOptions options) {
  using namespace fetch_detail;
  std::optional<Target> target = parse_target(url);
  if (!target) throw FetchError(FetchError::Kind::invalid_url, "not an http(s) URL: " + url);
  options.stream_body = true;
  options.decompress = false;
  options.redirect = Redirect::manual;
  options.retries = 0;
  NextRequest request{std::string(req.method()), upstream_headers(req, options), {}};
  const bool head_request = request.method == "HEAD";
  BodyStream& body = req.body_stream();
  Exchanged x;
  if (!body.streamed()) {
    request.body = std::string(req.text());
    x = co_await OnLoop<Exchanged>(open_whole(*target, std::move(request), options),
                                   options.timeout, target->url);
  } else {
    x = co_await OnLoop<Exchanged>(
        open_streamed(*target, std::move(request), declared_length(req), options), options.timeout,
        target->url);
    for (;;) {
      const std::string_view piece = co_await body.read();
      if (piece.empty()) break;
      const bool written = co_await OnLoop<bool>(write_piece(x, piece), std::nullopt, target->url);
      (void)written;
    }
    const bool answered =
        co_await OnLoop<bool>(finish_request(x, head_request), options.timeout, target->url);
    (void)answered;
  }
  co_return fetch_detail::relay(x, target->url);
}

Async<Response> proxy(Request& req, std::string url) {
  return proxy(req, std::move(url), FetchOptions{});
}

}  // namespace spur
