#include "body_parser.hpp"

#include <boost/json/parse.hpp>
#include <unordered_map>

#include "spur/text/percent.hpp"
#include "spur/text/utf8.hpp"

namespace spur::detail::pages {
namespace {

// RFC 7230 tchar, the `content-type` package's token class.
bool is_token_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}

// qdtext: HTAB-less VCHAR and obs-text, minus '"' and '\' (plus VT, as the
// package's regex has it).
bool is_qdtext(unsigned char c) noexcept {
  return c == 0x0B || c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
         (c >= 0x5D && c <= 0x7E) || c >= 0x80;
}
bool is_quoted_pair_char(unsigned char c) noexcept { return c == 0x0B || c >= 0x20; }

std::size_t token_length(std::string_view s, std::size_t at) noexcept {
  std::size_t n = 0;
  while (at + n < s.size() && is_token_char(s[at + n])) ++n;
  return n;
}

void skip_spaces(std::string_view s, std::size_t& at) noexcept {
  while (at < s.size() && s[at] == ' ') ++at;
}

// JavaScript's String#trim, over the ASCII whitespace a header can hold.
std::string_view js_trim(std::string_view s) noexcept {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

void add_form_pair(boost::json::object& obj, std::string key, std::string value) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    obj.emplace(key, boost::json::string(value));
  } else if (boost::json::array* list = it->value().if_array()) {
    list->emplace_back(boost::json::string(value));
  } else {
    boost::json::array both;
    both.emplace_back(std::move(it->value()));
    both.emplace_back(boost::json::string(value));
    it->value() = std::move(both);
  }
}

}  // namespace

std::optional<std::string_view> MediaType::parameter(std::string_view name) const noexcept {
  for (const auto& [key, value] : parameters)
    if (key == name) return value;
  return std::nullopt;
}

std::optional<MediaType> parse_media_type(std::string_view header) {
  const std::size_t semi = header.find(';');
  const std::string_view type = js_trim(header.substr(0, semi));
  const std::size_t slash = type.find('/');
  if (slash == std::string_view::npos || slash == 0 || token_length(type, 0) != slash ||
      slash + 1 == type.size() || token_length(type, slash + 1) != type.size() - slash - 1)
    return std::nullopt;

  MediaType out;
  out.type = lower(type);
  if (semi == std::string_view::npos) return out;

  // Each parameter is `; *token *= *(token|quoted-string) *`, back to back to
  // the end of the header.
  std::size_t at = semi;
  std::unordered_map<std::string, std::size_t> index;  // name → its place in parameters
  while (at < header.size()) {
    if (header[at] != ';') return std::nullopt;
    ++at;
    skip_spaces(header, at);
    const std::size_t name_len = token_length(header, at);
    if (name_len == 0) return std::nullopt;
    std::string name = lower(header.substr(at, name_len));
    at += name_len;
    skip_spaces(header, at);
    if (at == header.size() || header[at] != '=') return std::nullopt;
    ++at;
    skip_spaces(header, at);
    std::string value;
    if (at < header.size() && header[at] == '"') {
      ++at;
      while (true) {
        if (at == header.size()) return std::nullopt;
        const auto c = static_cast<unsigned char>(header[at]);
        if (c == '"') break;
        if (c == '\\') {
          if (at + 1 == header.size() ||
              !is_quoted_pair_char(static_cast<unsigned char>(header[at + 1])))
            return std::nullopt;
          value += header[at + 1];
          at += 2;
        } else if (is_qdtext(c)) {
          value += header[at++];
        } else {
          return std::nullopt;
        }
      }
      ++at;  // the closing quote
    } else {
      const std::size_t value_len = token_length(header, at);
      if (value_len == 0) return std::nullopt;
      value = std::string(header.substr(at, value_len));
      at += value_len;
    }
    skip_spaces(header, at);
    // A repeated name keeps its place and takes the last value; the index
    // keeps 1,500 parameters (16 KiB of header) linear.
    const auto [slot, fresh] = index.try_emplace(name, out.parameters.size());
    if (fresh)
      out.parameters.emplace_back(std::move(name), std::move(value));
    else
      out.parameters[slot->second].second = std::move(value);
  }
  return out;
}

std::optional<Charset> charset_from_name(std::string_view name) {
  // iconv-lite's canonical form: lower case, only letters and digits.
  std::string canonical;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) canonical += c;
  }
  if (canonical == "utf8" || canonical == "unicode11utf8") return Charset::utf8;
  if (canonical == "latin1" || canonical == "iso88591" || canonical == "binary" ||
      canonical == "l1")
    return Charset::latin1;
  if (canonical == "ascii" || canonical == "usascii") return Charset::ascii;
  return std::nullopt;
}

std::string decode_text(std::string_view bytes, Charset charset) {
  switch (charset) {
    case Charset::utf8:
      if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
      return text::sanitize_utf8(bytes);
    case Charset::latin1: {
      if (text::is_ascii(bytes)) return std::string(bytes);
      std::string out;
      out.reserve(bytes.size() + bytes.size() / 2);
      for (char c : bytes) text::append_utf8(out, static_cast<unsigned char>(c));
      return out;
    }
    case Charset::ascii: {
      std::string out;
      out.reserve(bytes.size());
      for (char c : bytes) {
        if (static_cast<unsigned char>(c) < 0x80)
          out += c;
        else
          text::append_utf8(out, text::replacement_character);
      }
      return out;
    }
  }
  return std::string(bytes);
}

ParsedBody parse_body(std::optional<std::string_view> content_type, std::string_view bytes,
                      std::uint64_t limit) {
  ParsedBody result;
  // An absent, empty or malformed Content-Type reads as text/plain.
  std::optional<MediaType> media;
  if (content_type && !content_type->empty()) media = parse_media_type(*content_type);
  if (!media) media = MediaType{"text/plain", {}};

  std::optional<std::string_view> charset_name = media->parameter("charset");
  std::optional<Charset> charset =
      charset_name && !charset_name->empty() ? charset_from_name(*charset_name) : Charset::utf8;
  if (!charset) {
    result.error = BodyError::invalid_body;
    return result;
  }
  if (bytes.size() > limit) {
    result.error = BodyError::too_large;
    return result;
  }

  std::string text = decode_text(bytes, *charset);
  if (media->type == "application/json" || media->type == "application/ld+json") {
    if (text.empty()) {
      // An empty JSON body is {} in Next.js: a common client mistake.
      result.value = boost::json::object();
      return result;
    }
    boost::json::parse_options options;
    options.max_depth = 1000;  // JSON.parse has no small depth limit
    boost::system::error_code ec;
    result.value = boost::json::parse(text, ec, {}, options);
    if (ec) {
      result.error = BodyError::invalid_json;
      result.value = nullptr;
    }
  } else if (media->type == "application/x-www-form-urlencoded") {
    boost::json::object form;
    for (auto& [key, value] : text::parse_urlencoded(text))
      add_form_pair(form, std::move(key), std::move(value));
    result.value = std::move(form);
  } else {
    result.value = boost::json::string(text);
  }
  return result;
}

std::string format_size_limit(std::uint64_t bytes) {
  constexpr std::uint64_t kb = 1024, mb = kb * 1024, gb = mb * 1024;
  if (bytes != 0 && bytes % gb == 0) return std::to_string(bytes / gb) + "gb";
  if (bytes != 0 && bytes % mb == 0) return std::to_string(bytes / mb) + "mb";
  if (bytes != 0 && bytes % kb == 0) return std::to_string(bytes / kb) + "kb";
  return std::to_string(bytes) + "b";
}

}  // namespace spur::detail::pages
