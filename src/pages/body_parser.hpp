#pragma once
// The Pages Router's default body parser, as Next.js's parseBody: the
// Content-Type picks the parse, its charset decodes the bytes, and the size
// limit is checked before any of it reaches the handler.
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spur::detail::pages {

// A Content-Type parsed as the `content-type` package does (RFC 7231 media
// type): type/subtype lower-cased, parameter names lower-cased, quoted values
// unescaped, a repeated parameter's last value kept. Anything else (no '/',
// a bad token, a stray ';') is malformed.
struct MediaType {
  std::string type;  // "application/json"
  std::vector<std::pair<std::string, std::string>> parameters;

  std::optional<std::string_view> parameter(std::string_view name) const noexcept;
};
std::optional<MediaType> parse_media_type(std::string_view header);

enum class Charset { utf8, latin1, ascii };
// The charsets accepted, named as iconv-lite names them (case, '-' and '_'
// ignored): utf-8/utf8; latin1/iso-8859-1/binary/l1; us-ascii/ascii. Other
// names are nullopt (Next.js answers those 400 "Invalid body"; it knows more
// names than Spur does).
std::optional<Charset> charset_from_name(std::string_view name);

// `bytes` as UTF-8 text: utf-8 has a leading BOM dropped and invalid sequences
// replaced by U+FFFD; latin1 maps each byte to U+0000–U+00FF; ascii maps bytes
// above 0x7F to U+FFFD.
std::string decode_text(std::string_view bytes, Charset charset);

enum class BodyError { none, invalid_body, too_large, invalid_json };

struct ParsedBody {
  BodyError error = BodyError::none;
  boost::json::value value;  // when error == none
};

// Parses `bytes` by `content_type` (the header value, if any):
//   application/json, application/ld+json → JSON (an empty body is {});
//   application/x-www-form-urlencoded → object of strings, arrays for repeats;
//   anything else, no header or a malformed one → the text as a string.
// Errors, in the order Next.js finds them: an unknown charset → invalid_body;
// more than `limit` bytes → too_large; malformed JSON → invalid_json.
ParsedBody parse_body(std::optional<std::string_view> content_type, std::string_view bytes,
                      std::uint64_t limit);

// A limit as Next.js's default is written: "1mb", "512kb", "1gb"; a size that
// is not a whole number of KiB in bytes: "1000b".
std::string format_size_limit(std::uint64_t bytes);

}  // namespace spur::detail::pages
