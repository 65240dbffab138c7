#include "spur/static/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spur/text/ascii.hpp"
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <limits>

#include "spur/core/error_body.hpp"
#include "spur/http/header.hpp"
#include "spur/text/http_date.hpp"
#include "spur/text/percent.hpp"

namespace spur::detail {
namespace {

using text::is_ows;
using text::trim;

// 1*DIGIT as a number, saturating at the largest uint64 (a position past any
// file's end means the same as a very large one); nullopt for anything else.
std::optional<std::uint64_t> parse_digits(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  std::uint64_t n = 0;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    n = n > (max - digit) / 10 ? max : n * 10 + digit;
  }
  return n;
}

// Calls `f(tag)` for each entity-tag of an If-None-Match list, `tag` with its
// W/ prefix and quotes, or "*"; stops at the first malformed member (a quoted
// tag may itself hold commas, so this scans rather than splits).
template <typename F>
void for_each_entity_tag(std::string_view list, F&& f) {
  std::size_t i = 0;
  while (i < list.size()) {
    if (is_ows(list[i]) || list[i] == ',') {
      ++i;
      continue;
    }
    if (list[i] == '*') {
      f(list.substr(i, 1));
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (list.substr(i, 2) == "W/") i += 2;
    if (i >= list.size() || list[i] != '"') return;
    const std::size_t close = list.find('"', i + 1);
    if (close == std::string_view::npos) return;
    i = close + 1;
    f(list.substr(start, i - start));
  }
}

std::string_view opaque_tag(std::string_view tag) noexcept {
  return tag.starts_with("W/") ? tag.substr(2) : tag;
}

// If-None-Match uses the weak comparison (RFC 9110 §8.8.3.2).
bool none_match_hits(std::string_view list, std::string_view etag) {
  bool hit = false;
  for_each_entity_tag(list, [&](std::string_view tag) {
    if (tag == "*" || opaque_tag(tag) == opaque_tag(etag)) hit = true;
  });
  return hit;
}

// If-Range: an entity tag compared strongly (a weak one never matches), or a
// date that must equal Last-Modified exactly (RFC 9110 §13.1.5).
bool if_range_holds(std::string_view value, const FileStat& file, std::string_view etag) {
  value = trim(value);
  if (value.starts_with("W/")) return false;
  if (value.starts_with('"')) return value == etag && !etag.starts_with("W/");
  const std::optional<std::int64_t> date = text::parse_http_date(value);
  return date && *date == file.mtime_seconds;
}

// Range: bytes=<one range-spec> (RFC 9110 §14.1.1, §14.2).
Decision evaluate_range(std::string_view value, std::uint64_t size) {
  using Kind = Decision::Kind;
  value = trim(value);
  constexpr std::string_view unit = "bytes=";
  if (value.size() < unit.size() || !text::iequals(value.substr(0, unit.size()), unit))
    return {};  // another unit: ignored
  std::string_view spec;
  std::size_t members = 0;
  std::string_view rest = value.substr(unit.size());
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view member = trim(rest.substr(0, comma));
    if (!member.empty() && ++members == 1) spec = member;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (members != 1) return {};  // none (malformed), or several: the whole file

  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  if (dash == 0) {  // suffix-range: the last n bytes
    const std::optional<std::uint64_t> n = parse_digits(spec.substr(1));
    if (!n) return {};
    if (*n == 0) return {Kind::unsatisfiable, {}};
    if (size == 0) return {};  // satisfiable, but there is no byte to send
    const std::uint64_t length = std::min(*n, size);
    return {Kind::partial, {size - length, length}};
  }
  const std::optional<std::uint64_t> first = parse_digits(spec.substr(0, dash));
  if (!first) return {};
  std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
  if (dash + 1 < spec.size()) {
    const std::optional<std::uint64_t> l = parse_digits(spec.substr(dash + 1));
    if (!l || *l < *first) return {};  // invalid: ignored
    last = *l;
  }
  if (*first >= size) return {Kind::unsatisfiable, {}};
  last = std::min(last, size - 1);
  return {Kind::partial, {*first, last - *first + 1}};
}

struct ContentType {
  std::string_view extension;
  std::string_view type;
};
constexpr std::array<ContentType, 31> content_types = {{
    {"avif", "image/avif"},
    {"css", "text/css; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"gif", "image/gif"},
    {"htm", "text/html; charset=utf-8"},
    {"html", "text/html; charset=utf-8"},
    {"ico", "image/x-icon"},
    {"jpeg", "image/jpeg"},
    {"jpg", "image/jpeg"},
    {"js", "text/javascript; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"mp3", "audio/mpeg"},
    {"mp4", "video/mp4"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
    {"png", "image/png"},
    {"svg", "image/svg+xml"},
    {"ttf", "font/ttf"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},
    {"wav", "audio/wav"},
    {"webm", "video/webm"},
    {"webmanifest", "application/manifest+json"},
    {"webp", "image/webp"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"xml", "application/xml"},
    {"zip", "application/zip"},
}};

// Opens `relative` (already free of symlinks: a realpath) under `dir` with no
// symlink followed and no way out of `dir`: openat2(2) with RESOLVE_BENEATH
// and RESOLVE_NO_SYMLINKS, or openat(O_NOFOLLOW) on kernels without it, which
// still refuses a symlink as the last component.
int open_beneath(int dir, const std::string& relative) noexcept {
  // O_NONBLOCK: opening a FIFO that was swapped in must not block the worker.
  constexpr int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
  open_how how{};
  how.flags = flags;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = ::syscall(SYS_openat2, dir, relative.c_str(), &how, sizeof how);
  if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
#endif
  return ::openat(dir, relative.c_str(), flags | O_NOFOLLOW);
}

void append_hex(std::string& out, std::uint64_t n) {
  char digits[20];
  auto r = std::to_chars(digits, digits + sizeof digits, n, 16);
  out.append(digits, r.ptr);
}

}  // namespace

std::optional<std::string> resolve_public_path(std::string_view url_path) {
  // Linux's PATH_MAX: no file under public/ has a longer relative path (and
  // percent-decoding only shortens it).
  constexpr std::size_t longest_path = 4096;
  if (url_path.size() < 2 || url_path.front() != '/' || url_path.size() > longest_path)
    return std::nullopt;
  std::string relative;
  relative.reserve(url_path.size());
  std::string_view rest = url_path.substr(1);
  while (true) {
    const std::size_t slash = rest.find('/');
    std::optional<std::string> segment = text::decode_uri_component(rest.substr(0, slash));
    if (!segment || segment->empty() || segment->front() == '.') return std::nullopt;
    for (char c : *segment) {
      const auto u = static_cast<unsigned char>(c);
      // An encoded separator would name a deeper file than the URL shows; a
      // control byte has no business in a public file name.
      if (c == '/' || c == '\\' || u < 0x20 || u == 0x7F) return std::nullopt;
    }
    if (!relative.empty()) relative += '/';
    relative += *segment;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return relative;
}

std::string_view content_type_for(std::string_view file_name) noexcept {
  constexpr std::string_view unknown = "application/octet-stream";
  const std::size_t slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return unknown;
  const std::string_view extension = file_name.substr(dot + 1);
  for (const ContentType& t : content_types)
    if (text::iequals(t.extension, extension)) return t.type;
  return unknown;
}

std::string etag_for(const FileStat& stat) {
  const auto mtime = static_cast<std::uint64_t>(stat.mtime_seconds) * 1'000'000'000u +
                     static_cast<std::uint64_t>(stat.mtime_nanoseconds);
  std::string etag = "\"";
  append_hex(etag, stat.size);
  etag += '-';
  append_hex(etag, mtime);
  etag += '"';
  return etag;
}

Decision decide(const Preconditions& request, const FileStat& file, std::string_view etag) {
  using Kind = Decision::Kind;
  // If-None-Match takes precedence: If-Modified-Since is then ignored (§13.2.2).
  if (request.if_none_match) {
    if (none_match_hits(*request.if_none_match, etag)) return {Kind::not_modified, {}};
  } else if (request.if_modified_since) {
    const std::optional<std::int64_t> since =
        text::parse_http_date(trim(*request.if_modified_since));
    if (since && file.mtime_seconds <= *since) return {Kind::not_modified, {}};
  }
  if (!request.get || !request.range) return {};
  if (request.if_range && !if_range_holds(*request.if_range, file, etag)) return {};
  return evaluate_range(*request.range, file.size);
}

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  char* real = ::realpath(root.c_str(), nullptr);
  if (real == nullptr) return;
  std::string resolved(real);
  std::free(real);
  const int fd = ::open(resolved.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  root_ = std::move(resolved);
  root_fd_ = fd;
}

StaticFiles::~StaticFiles() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::optional<OpenFile> StaticFiles::open(std::string_view relative) const {
  if (root_fd_ < 0 || relative.empty()) return std::nullopt;
  // Resolve symlinks first, so that the path opened below has none and a
  // link that leaves the folder, or lands on a hidden name, is refused.
  const std::string prefix = root_ == "/" ? root_ : root_ + '/';
  const std::string candidate = prefix + std::string(relative);
  char* real = ::realpath(candidate.c_str(), nullptr);
  if (real == nullptr) return std::nullopt;
  std::string resolved(real);
  std::free(real);
  if (resolved.size() <= prefix.size() || !resolved.starts_with(prefix)) return std::nullopt;
  const std::string inner = resolved.substr(prefix.size());
  for (std::size_t at = 0; at != std::string::npos;) {
    if (inner[at] == '.') return std::nullopt;
    at = inner.find('/', at);
    if (at != std::string::npos) ++at;
  }
  // Only regular files are opened: a device or FIFO is never touched.
  struct stat st {};
  if (::fstatat(root_fd_, inner.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  const int fd = open_beneath(root_fd_, inner);
  if (fd < 0) return std::nullopt;
  auto handle = std::make_shared<const FileHandle>(fd);
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const auto size = static_cast<std::uint64_t>(st.st_size);
  return OpenFile{{std::move(handle), 0, size}, {size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec}};
}

std::optional<Response> serve_static(const StaticFiles& files, const Request& req) {
  if (!files.enabled()) return std::nullopt;
  const std::optional<std::string> relative = resolve_public_path(req.path());
  if (!relative) return std::nullopt;
  std::optional<OpenFile> file = files.open(*relative);
  if (!file) return std::nullopt;

  const http::Method method = req.method_kind();
  if (method != http::Method::get && method != http::Method::head) {
    Response r = Response::json_text(error_body("Method Not Allowed"), 405);
    r.set_header("Allow", "GET, HEAD");
    return r;
  }

  const std::string etag = etag_for(file->stat);
  const std::string last_modified = text::format_http_date(file->stat.mtime_seconds);
  const Decision decision = decide({.get = method == http::Method::get,
                                    .if_none_match = req.header("if-none-match"),
                                    .if_modified_since = req.header("if-modified-since"),
                                    .range = req.header("range"),
                                    .if_range = req.header("if-range")},
                                   file->stat, etag);
  using Kind = Decision::Kind;
  const std::string size = std::to_string(file->stat.size);
  if (decision.kind == Kind::unsatisfiable) {
    Response r(416);
    r.set_header("Content-Range", "bytes */" + size).set_header("Accept-Ranges", "bytes");
    return r;
  }
  Response r(decision.kind == Kind::not_modified ? 304 : 200);
  // A 304 carries the validators and caching fields a 200 would (RFC 9110 §15.4.5).
  if (decision.kind != Kind::not_modified)
    r.set_header("Content-Type", content_type_for(*relative));
  r.set_header("Accept-Ranges", "bytes")
      .set_header("Cache-Control", "public, max-age=0")
      .set_header("ETag", etag)
      .set_header("Last-Modified", last_modified);
  if (decision.kind == Kind::not_modified) return r;
  FileBody body = std::move(file->body);
  if (decision.kind == Kind::partial) {
    r.status(206);
    body.offset = decision.range.first;
    body.length = decision.range.length;
    r.set_header("Content-Range",
                 "bytes " + std::to_string(decision.range.first) + '-' +
                     std::to_string(decision.range.first + decision.range.length - 1) + '/' + size);
  }
  r.file_body(std::move(body));
  return r;
}

}  // namespace spur::detail
