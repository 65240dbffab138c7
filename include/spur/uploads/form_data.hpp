#pragma once
// multipart/form-data uploads, parsed as the body arrives (with
// RouteConfig{.stream_body = true}, in constant memory), with limits that
// answer 413 the moment they are passed.
//
// Whole form, files spooled to a temporary folder:
//   const RouteConfig config{.body_size_limit = 1_GB, .stream_body = true};
//   Async<Response> POST(Request& req) {
//     FormOptions options{.limits = {.max_file_bytes = 200_MB}};
//     FormData form = co_await read_form(req, options);
//     std::optional<UploadedFile> photo = form.file("photo");   // photo->path, ->size
//     std::filesystem::rename(photo->path, "uploads/" + id);  // keep it
//     ...
//   }   // spooled files not moved away are deleted with `form`
//
// Part by part, the bytes going wherever the handler wants:
//   MultipartReader parts(req);
//   while (std::optional<FormPart> part = co_await parts.next_part())
//     for (;;) {
//       std::string_view piece = co_await parts.read();  // empty: the part ended
//       if (piece.empty()) break;
//       hash.update(piece);
//     }
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/core/async.hpp"

namespace spur {

class Request;

struct UploadLimits {
  // Bytes of one file (a part with a filename).
  std::uint64_t max_file_bytes = 100ull * 1024 * 1024;
  // Bytes of the whole form: every part, its headers and delimiters.
  std::uint64_t max_total_bytes = 1024ull * 1024 * 1024;
  // Bytes of one field (a part without a filename); fields are kept in memory.
  std::size_t max_field_bytes = 1024 * 1024;
  // Bytes read_form() keeps in memory for one request: every field, and the
  // files too when they are not spooled. More answers 413.
  std::size_t max_memory_bytes = 8 * 1024 * 1024;
  std::size_t max_parts = 1000;
  // Bytes of one part's header section.
  std::size_t max_part_header_bytes = 16 * 1024;
};

// One part of the form, as its headers describe it.
struct FormPart {
  std::string name;
  // Present for a file (empty when a browser sent a file input with nothing
  // chosen). Chosen by the client: may hold a path or "..", never use it
  // as a path as it is.
  std::optional<std::string> filename;
  std::string content_type;  // "text/plain" / "application/octet-stream" when not sent
  bool is_file() const noexcept { return filename.has_value(); }
};

class MultipartReader final {
 public:
  // Throws HttpError(415) unless the request is multipart/form-data with a
  // valid boundary.
  explicit MultipartReader(Request& req, const UploadLimits& limits = {});
  ~MultipartReader();
  MultipartReader(MultipartReader&&) noexcept;
  MultipartReader& operator=(MultipartReader&&) noexcept;

  // The next part (what is left of the current one is skipped), or nullopt
  // after the last. Throws HttpError: 400 for a malformed form, 413 for a
  // limit passed, and read()'s errors.
  Async<std::optional<FormPart>> next_part();
  // The next piece of the current part's body (valid until the next call),
  // or empty at its end. Throws as next_part().
  Async<std::string_view> read();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A file of a form read by read_form().
struct UploadedFile {
  std::string field;                    // the form field's name
  std::optional<std::string> filename;  // as the client sent it (see FormPart)
  std::string content_type;
  std::uint64_t size = 0;
  // Where it was spooled (a file of FormOptions::spool_dir); empty when
  // FormOptions::spool is false and `data` holds it instead.
  std::string path;
  std::string data;
};

class FormData final {
 public:
  FormData() = default;
  FormData(FormData&&) noexcept = default;
  FormData& operator=(FormData&&) noexcept;
  ~FormData();  // deletes the spooled files still at their path

  // The first field named `name`.
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  // The first file of field `name`, or nullopt. A copy: of its path for a
  // spooled file, of its bytes for one kept in memory (iterate `files` to
  // avoid that).
  std::optional<UploadedFile> file(std::string_view name) const;

  std::vector<std::pair<std::string, std::string>> fields;  // in form order
  std::vector<UploadedFile> files;

 private:
  void remove_spooled() noexcept;
};

struct FormOptions {
  UploadLimits limits;
  // Files are written here as they arrive (mode 0600, unique names); empty:
  // the system's temporary folder ($TMPDIR, else /tmp).
  std::string spool_dir;
  // false: files are kept in memory (UploadedFile::data), bounded by
  // limits.max_total_bytes.
  bool spool = true;
};

// Reads the whole form. Throws as MultipartReader, and HttpError(500) when
// a file cannot be written to spool_dir (what was written is removed).
Async<FormData> read_form(Request& req, FormOptions options = {});

}  // namespace spur
