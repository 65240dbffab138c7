// GET /fortunes: every fortune plus one added at request time, sorted by
// message, as an HTML table (messages escaped).
#include <algorithm>
#include <spur/route.hpp>

#include "lib/world.hpp"
using namespace spur;

namespace {
void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
}
}  // namespace

Async<Response> GET() {
  std::vector<Fortune> fortunes = co_await db::query<Fortune>("SELECT id, message FROM fortune");
  fortunes.emplace_back().message = "Additional fortune added at request time.";
  std::sort(fortunes.begin(), fortunes.end(),
            [](const Fortune& a, const Fortune& b) { return a.message < b.message; });
  std::string html =
      "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
      "<tr><th>id</th><th>message</th></tr>";
  for (const Fortune& f : fortunes) {
    html += "<tr><td>" + std::to_string(f.id) + "</td><td>";
    append_escaped(html, f.message);
    html += "</td></tr>";
  }
  html += "</table></body></html>";
  Response res = Response::text(std::move(html));
  res.set_header("Content-Type", "text/html; charset=utf-8");
  co_return res;
}
