#pragma once
// Incremental multipart/form-data parser (RFC 7578 over RFC 2046 §5.1),
// sans-I/O: the caller feeds the body as it arrives and gets events back, one
// per call. A part's body is never buffered: it comes out in pieces, each a
// view into the bytes just fed, so a large upload streams in constant memory.
//
//   MultipartParser p(*multipart_boundary(content_type), limits);
//   std::string_view in;  // read and not consumed yet
//   for (;;) {
//     switch (eof && in.empty() ? p.finish() : p.next(in)) {
//       case Event::need_more: in = read_some(); break;  // may set eof
//       case Event::part_begin: open(p.part()); break;
//       case Event::part_data: write(p.data()); break;
//       case Event::part_end: close(); break;
//       case Event::done: return ok();
//       case Event::error: return fail(multipart_status(p.error()));  // 400 or 413
//     }
//   }
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spur::detail {

// The boundary of a `multipart/form-data` Content-Type (media type and
// parameter names compared case-insensitively, the value a token or a quoted
// string): nullopt when the type is another one, or the boundary is missing,
// repeated, or not 1-70 of RFC 2046's bchars (not ending in a space).
std::optional<std::string> multipart_boundary(std::string_view content_type);

struct MultipartLimits {
  // Bytes of one part's header section, its boundary line's padding included.
  std::size_t max_part_header_bytes = 16 * 1024;
  std::size_t max_parts = 1000;
  // Body bytes of one file part (one with a filename).
  std::uint64_t max_file_bytes = UINT64_MAX;
  // Every byte fed before the closing delimiter: preamble, delimiters, headers
  // and bodies (the epilogue after it is not counted).
  std::uint64_t max_total_bytes = UINT64_MAX;
  // Body bytes of one field (a part without a filename).
  std::size_t max_field_bytes = 1 << 20;
};

// Each limit is detected on the first byte that passes it, before that byte
// is handed out.
enum class MultipartError : std::uint8_t {
  none,
  malformed,  // bad syntax, missing Content-Disposition/name, or no closing delimiter
  too_many_parts,
  header_too_large,
  file_too_large,
  field_too_large,
  total_too_large,
};

// 400 for malformed input, 413 for every limit (0 for none).
int multipart_status(MultipartError e) noexcept;
std::string_view to_string(MultipartError e) noexcept;

struct PartHeader {
  std::string name;   // as received
  std::string value;  // without surrounding whitespace
};

struct PartInfo {
  std::string name;
  // From filename*= (RFC 5987, UTF-8 or ISO-8859-1, converted to UTF-8) when
  // present, else filename=. Present but empty when a browser sends a file
  // input with nothing chosen. Sent by the client: may hold a path or "..".
  std::optional<std::string> filename;
  // The part's Content-Type; absent, "text/plain" for a field and
  // "application/octet-stream" for a file (RFC 7578 §4.4).
  std::string content_type;
  std::vector<PartHeader> headers;  // every header field of the part, in order

  bool is_file() const noexcept { return filename.has_value(); }
};

class MultipartParser final {
 public:
  enum class Event : std::uint8_t { need_more, part_begin, part_data, part_end, done, error };

  // An invalid boundary (see multipart_boundary) makes every call an error.
  explicit MultipartParser(std::string boundary, MultipartLimits limits = {});

  // Consumes bytes from the front of `input` and returns the next event:
  //  need_more  - all of `input` is consumed; call again with more bytes;
  //  part_begin - part() describes the part that starts;
  //  part_data  - data() is the next piece of the part's body (never empty);
  //  part_end   - the part's body is complete;
  //  done       - the closing delimiter was read; the epilogue after it is
  //               consumed and ignored, now and by later calls;
  //  error      - error() says why; nothing more is consumed.
  // Unless it says need_more, the call may leave bytes in `input`: call again.
  Event next(std::string_view& input);

  // The caller's end of input: `done` once the closing delimiter was read,
  // otherwise (truncated body) `error` with MultipartError::malformed.
  Event finish();

  // The part begun by the last part_begin; valid until the next one.
  const PartInfo& part() const noexcept { return part_; }
  // After part_data: a view into the `input` of that call, or, for bytes held
  // back at the end of an earlier input because they could have begun the
  // delimiter, into delimiter(). Valid until the next call.
  std::string_view data() const noexcept { return data_; }
  MultipartError error() const noexcept { return error_; }

  // CRLF "--" boundary: what ends every part.
  std::string_view delimiter() const noexcept { return delimiter_; }
  // Bytes the parser keeps between calls: a partial header section, or the
  // held-back prefix of a possible delimiter (never more than
  // delimiter().size() - 1 bytes while a body streams).
  std::size_t buffered_bytes() const noexcept { return header_buf_.size() + held_; }
  // Bytes consumed before the closing delimiter (what max_total_bytes limits).
  std::uint64_t total_bytes() const noexcept { return total_; }
  std::size_t parts() const noexcept { return parts_; }

 private:
  enum class State : std::uint8_t {
    preamble,
    boundary_tail,  // just after a delimiter: "--", or padding then CRLF
    close_dash,     // after the first '-' of "--"
    padding,        // LWSP after the boundary
    boundary_lf,
    headers,
    body,
    done,
    error,
  };

  Event step(std::string_view& in);
  Event scan_for_delimiter(std::string_view& in);
  Event headers_complete();
  Event emit(std::string_view bytes);
  Event fail(MultipartError e);

  std::string delimiter_;
  MultipartLimits limits_;
  State state_ = State::preamble;
  MultipartError error_ = MultipartError::none;
  std::size_t held_ = 0;  // held bytes are delimiter_[0, held_)
  std::string header_buf_;
  std::size_t header_bytes_ = 0;
  std::uint64_t part_bytes_ = 0;
  std::uint64_t total_ = 0;
  std::size_t parts_ = 0;
  PartInfo part_;
  std::string_view data_;
};

}  // namespace spur::detail
