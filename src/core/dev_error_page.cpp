#include "spur/core/dev_error_page.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <fstream>

#include "spur/http/accept.hpp"

namespace spur::detail {
namespace {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr std::string_view page_style =
    "<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:60rem;padding:0 "
    "1rem;color:#222}h1{color:#c00;font-size:1.4rem}code,pre,td{font-family:ui-monospace,"
    "monospace}pre{white-space:pre-wrap;background:#fff4f4;padding:1rem;border-left:4px solid "
    "#c00}table{border-collapse:collapse;background:#f6f6f6;width:100%}td{padding:0 .5rem;"
    "white-space:pre}td:first-child{color:#888;text-align:right;width:3rem}.hit{background:"
    "#ffe0e0}</style>";

// The excerpt as table rows, the error's line marked.
std::string source_rows(std::string_view source, int line) {
  std::string rows;
  while (!source.empty()) {
    const std::size_t eol = source.find('\n');
    std::string_view row = source.substr(0, eol);
    source = eol == std::string_view::npos ? std::string_view{} : source.substr(eol + 1);
    const std::size_t tab = row.find('\t');
    if (tab == std::string_view::npos) continue;
    int n = 0;
    std::from_chars(row.data(), row.data() + tab, n);
    rows.append(n == line ? "<tr class=hit><td>" : "<tr><td>").append(std::to_string(n));
    rows.append("</td><td>").append(html_escape(row.substr(tab + 1))).append("</td></tr>");
  }
  return rows;
}

std::string html_page(const DevError& e) {
  std::string where(e.file);
  if (e.line > 0) where.append(":").append(std::to_string(e.line));
  if (e.column > 0) where.append(":").append(std::to_string(e.column));
  std::string page = "<!doctype html><html lang=en><meta charset=utf-8><title>";
  page.append(html_escape(e.error)).append("</title>").append(page_style);
  page.append("<h1>").append(html_escape(e.error)).append("</h1><p><code>");
  page.append(html_escape(where)).append("</code></p><pre>").append(html_escape(e.message));
  page.append("</pre>");
  if (!e.source.empty())
    page.append("<table>").append(source_rows(e.source, e.line)).append("</table>");
  page.append("<p>spur dev reloads this route when the file is saved.</p></html>\n");
  return page;
}

}  // namespace

bool prefers_html(std::string_view accept) {
  return media_quality(accept, "text/html") > media_quality(accept, "application/json");
}

Response dev_error_response(const DevError& e, std::string_view accept) {
  if (prefers_html(accept)) {
    Response r(500);
    r.set_header("Content-Type", "text/html; charset=utf-8");
    r.body(html_page(e));
    return r;
  }
  boost::json::object body{{"error", e.error}, {"file", e.file}};
  if (e.line > 0) body["line"] = e.line;
  if (e.column > 0) body["column"] = e.column;
  body["message"] = e.message;
  return Response::json(boost::json::value(std::move(body)), 500);
}

std::string source_excerpt(const std::string& path, int line) {
  std::ifstream in(path);
  std::string out;
  int n = 0;
  for (std::string text; line > 0 && std::getline(in, text) && ++n <= line + 2;)
    if (n >= line - 2) out += std::to_string(n) + "\t" + text + "\n";
  return out;
}

}  // namespace spur::detail
