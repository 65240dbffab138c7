// MultipartReader (the sans-IO MultipartParser fed from the request's body
// stream) and read_form() on top of it, spooling files to disk.
#include "spur/uploads/form_data.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "multipart.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/request.hpp"

namespace spur {

using Event = detail::MultipartParser::Event;

struct MultipartReader::Impl {
  Impl(Request& r, std::string boundary, const UploadLimits& l)
      : body(&r.body_stream()),
        parser(std::move(boundary), {.max_part_header_bytes = l.max_part_header_bytes,
                                     .max_parts = l.max_parts,
                                     .max_file_bytes = l.max_file_bytes,
                                     .max_total_bytes = l.max_total_bytes,
                                     .max_field_bytes = l.max_field_bytes}) {}

  BodyStream* body;
  detail::MultipartParser parser;
  std::string_view input;  // body bytes not yet fed to the parser
  bool eof = false;
  bool in_part = false;  // between part_begin and part_end

  // The parser's next event, reading more of the body as it needs.
  Async<Event> step() {
    for (;;) {
      const Event e = input.empty() && eof ? parser.finish() : parser.next(input);
      if (e == Event::error) {
        const detail::MultipartError error = parser.error();
        throw HttpError(detail::multipart_status(error),
                        "Invalid form: " + std::string(detail::to_string(error)));
      }
      if (e != Event::need_more) co_return e;
      input = co_await body->read();
      eof = input.empty();
    }
  }
};

MultipartReader::MultipartReader(Request& req, const UploadLimits& limits) {
  std::optional<std::string> boundary =
      detail::multipart_boundary(req.header("content-type").value_or(""));
  if (!boundary) throw HttpError(415, "Expected multipart/form-data with a boundary");
  impl_ = std::make_unique<Impl>(req, std::move(*boundary), limits);
}

MultipartReader::~MultipartReader() = default;
MultipartReader::MultipartReader(MultipartReader&&) noexcept = default;
MultipartReader& MultipartReader::operator=(MultipartReader&&) noexcept = default;

Async<std::optional<FormPart>> MultipartReader::next_part() {
  Impl& m = *impl_;
  for (;;) {
    const Event e = co_await m.step();
    if (e == Event::done) {
      // Read on to the body's end (an epilogue, usually nothing), so that the
      // connection is known to be clean and stays open for the next request.
      while (!m.eof) m.eof = (co_await m.body->read()).empty();
      m.input = {};
      co_return std::nullopt;
    }
    if (e == Event::part_end) m.in_part = false;
    if (e == Event::part_begin) {
      m.in_part = true;
      const detail::PartInfo& info = m.parser.part();
      FormPart part{info.name, info.filename, info.content_type};
      co_return part;
    }
  }
}

Async<std::string_view> MultipartReader::read() {
  Impl& m = *impl_;
  if (!m.in_part) co_return std::string_view();
  const Event e = co_await m.step();
  if (e == Event::part_data) co_return m.parser.data();
  m.in_part = false;  // part_end (part_begin and done cannot come before it)
  co_return std::string_view();
}

// --- read_form ---------------------------------------------------------------

namespace {

// A file being spooled; removed unless finished.
class SpoolFile {
 public:
  SpoolFile(const std::string& dir, const Request& request) : request_(request) {
    path_ = (dir.empty() ? temp_dir() : dir) + "/spur-upload-XXXXXX";
    fd_ = ::mkostemp(path_.data(), O_CLOEXEC);
    if (fd_ < 0) fail("cannot create a file in");
  }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!kept_) ::unlink(path_.c_str());
  }
  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail("cannot write to");
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  std::string keep() {
    if (::close(std::exchange(fd_, -1)) != 0) fail("cannot write to");
    kept_ = true;
    return path_;
  }

 private:
  static std::string temp_dir() {
    const char* t = std::getenv("TMPDIR");
    return t && *t ? t : "/tmp";
  }
  [[noreturn]] void fail(const char* what) const {
    // The path is the server's business: logged, not sent.
    request_.log().error(std::string("upload spool: ") + what + " " + path_ + ": " +
                         std::strerror(errno));
    throw HttpError(500, "Could not store the upload");
  }
  const Request& request_;
  std::string path_;
  int fd_ = -1;
  bool kept_ = false;
};

// The rest of the current part, appended to `out` (bounded by the limits),
// taken from `memory`: what the request may still keep in memory.
Async<void> append_part(MultipartReader& parts, std::string& out, std::size_t& memory) {
  for (;;) {
    const std::string_view piece = co_await parts.read();
    if (piece.empty()) co_return;
    if (piece.size() > memory)
      throw HttpError(413, "Form fields too large: over UploadLimits::max_memory_bytes in all");
    memory -= piece.size();
    out += piece;
  }
}

}  // namespace

Async<FormData> read_form(Request& req, FormOptions options) {
  MultipartReader parts(req, options.limits);
  FormData form;
  std::size_t memory = options.limits.max_memory_bytes;
  while (std::optional<FormPart> part = co_await parts.next_part()) {
    if (!part->is_file()) {
      std::string value;
      co_await append_part(parts, value, memory);
      form.fields.emplace_back(std::move(part->name), std::move(value));
      continue;
    }
    UploadedFile file;
    file.field = std::move(part->name);
    file.filename = std::move(part->filename);
    file.content_type = std::move(part->content_type);
    if (!options.spool) {
      co_await append_part(parts, file.data, memory);
      file.size = file.data.size();
    } else {
      SpoolFile spool(options.spool_dir, req);
      for (;;) {
        const std::string_view piece = co_await parts.read();
        if (piece.empty()) break;
        spool.write(piece);
        file.size += piece.size();
      }
      file.path = spool.keep();
    }
    form.files.push_back(std::move(file));
  }
  co_return std::move(form);
}

FormData& FormData::operator=(FormData&& other) noexcept {
  if (this != &other) {
    remove_spooled();
    fields = std::move(other.fields);
    files = std::move(other.files);
  }
  return *this;
}

FormData::~FormData() { remove_spooled(); }

void FormData::remove_spooled() noexcept {
  for (const UploadedFile& f : files)
    if (!f.path.empty()) ::unlink(f.path.c_str());  // gone already if the handler moved it
}

std::optional<std::string_view> FormData::get(std::string_view name) const noexcept {
  for (const auto& [n, v] : fields)
    if (n == name) return v;
  return std::nullopt;
}

std::optional<UploadedFile> FormData::file(std::string_view name) const {
  for (const UploadedFile& f : files)
    if (f.field == name) return f;
  return std::nullopt;
}

}  // namespace spur
