#pragma once
// Static files from an app's public/ folder, served as-is at the URL of their
// path (public/docs/a.txt at /docs/a.txt), as Next.js serves its public
// directory. App::handle() asks here when no route matches.
//
// Three parts, each tested on its own (tests/static/static_files_test.cpp):
//  - resolve_public_path: request path → relative file path, or refused: a
//    pure function over the URL (traversal, hidden files, encoded separators);
//  - StaticFiles::open: the file system, confined to the folder (symlinks that
//    leave it refused), regular files only;
//  - decide: the conditional and range logic over validators, a pure function.
// serve_static() puts them together into a Response whose body is the file
// itself (a FileBody: sent with sendfile(2), never read into memory).
// docs/static-files.md describes the behaviour.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/file_body.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

// The file a request path names, relative to public/, e.g. "/docs/a.txt" →
// "docs/a.txt". Each segment is percent-decoded; nullopt (not a static file)
// for the root, an empty segment, a malformed escape or invalid UTF-8, a
// segment that starts with '.' (hidden files, and so `.` and `..`), or one
// whose decoded bytes hold '/', '\', NUL or another control character; and
// at once for a path longer than any file's can be (PATH_MAX), so that a
// long hostile path costs nothing here.
std::optional<std::string> resolve_public_path(std::string_view url_path);

// The Content-Type for a file name, by its extension (case-insensitive):
// text types with "; charset=utf-8"; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view file_name) noexcept;

// What the file system says about a file, for validators and ranges.
struct FileStat {
  std::uint64_t size = 0;
  std::int64_t mtime_seconds = 0;
  std::int64_t mtime_nanoseconds = 0;  // 0 to 999'999'999
};

// A strong entity tag from size and modification time:
// `"<size in hex>-<mtime in nanoseconds, hex>"`.
std::string etag_for(const FileStat& stat);

// One byte range of a representation.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

// The request fields that decide() reads; absent fields are nullopt.
struct Preconditions {
  bool get = true;  // GET; false for HEAD (Range is defined for GET only)
  std::optional<std::string_view> if_none_match;
  std::optional<std::string_view> if_modified_since;
  std::optional<std::string_view> range;
  std::optional<std::string_view> if_range;
};

struct Decision {
  enum class Kind {
    full,           // 200 with the whole file
    not_modified,   // 304
    partial,        // 206 with `range`
    unsatisfiable,  // 416 with Content-Range: bytes */size
  };
  Kind kind = Kind::full;
  ByteRange range;
};

// RFC 9110 §13.2.2 for GET and HEAD: If-None-Match (weak comparison; `*`
// matches), else If-Modified-Since (an IMF-fixdate; 304 when the file is not
// newer, by the second), then Range for GET: one range `a-b`, `a-` or `-n`;
// If-Range (an entity tag compared strongly, or a date equal to the file's
// Last-Modified) must hold, else the Range is ignored; several ranges, another
// unit or bad syntax are ignored too (the whole file, 200).
Decision decide(const Preconditions& request, const FileStat& file, std::string_view etag);

// An open regular file under the public folder.
struct OpenFile {
  FileBody body;  // the whole file
  FileStat stat;
};

// The public folder of an app. Cheap to share between worker threads: open()
// is const and keeps no state.
class StaticFiles final {
 public:
  // `root` is resolved once here (symlinks included); when it is not a
  // folder, nothing is served.
  explicit StaticFiles(const std::string& root);
  StaticFiles(const StaticFiles&) = delete;
  StaticFiles& operator=(const StaticFiles&) = delete;
  ~StaticFiles();

  bool enabled() const noexcept { return root_fd_ >= 0; }
  // The resolved folder, e.g. "/srv/app/public"; empty when not enabled.
  const std::string& root() const noexcept { return root_; }

  // Opens the regular file at `relative` (from resolve_public_path) for
  // reading. nullopt when it does not exist, is not a regular file (a folder
  // is not listed), or resolves, through symlinks, to a path outside the
  // folder or to a hidden name. Opening cannot be redirected outside the
  // folder by a symlink swapped in meanwhile: openat2(2) refuses symlinks and
  // escapes when the kernel has it.
  std::optional<OpenFile> open(std::string_view relative) const;

 private:
  std::string root_;
  int root_fd_ = -1;
};

// The answer for `req` from `files`, or nullopt when the path names no file
// there (the caller answers 404). GET and HEAD are answered (200, 206, 304 or
// 416, with Content-Type, ETag, Last-Modified, Accept-Ranges and
// Cache-Control: public, max-age=0); other methods get 405 with Allow: GET, HEAD.
std::optional<Response> serve_static(const StaticFiles& files, const Request& req);

}  // namespace spur::detail
