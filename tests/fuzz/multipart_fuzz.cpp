// libFuzzer target: the multipart/form-data parser. The first input byte picks
// the configuration (bit 0: small limits; bit 1: boundary "x" instead of
// "AaB03x"), the rest is the body. Besides crashes and sanitizer reports it
// aborts when an invariant does not hold:
//  - every part_data view lies inside the bytes just fed (fed whole: inside
//    the input itself), or inside the parser's delimiter for held-back bytes;
//  - nothing follows done or error: done consumes the rest, error consumes
//    nothing, and both stay; need_more only once the input is used up;
//  - part_data only inside a part, never empty; part sizes, part count and
//    total bytes within the limits; the bytes handed out never exceed the input;
//  - the buffered state stays within a header section or a delimiter;
//  - the outcome does not depend on how the body is split into reads: fed
//    whole, in three hash-chosen pieces, and (for short inputs) byte by byte,
//    the same parts, bodies, final event and error.
// multipart_boundary() is also run on the input: what it returns is usable.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "uploads/multipart.hpp"

namespace {

using spur::fuzz::Copy;
using spur::fuzz::hash;

using namespace spur::detail;
using Event = MultipartParser::Event;

bool within(std::string_view v, std::string_view buf) {
  const auto b = reinterpret_cast<std::uintptr_t>(buf.data());
  const auto q = reinterpret_cast<std::uintptr_t>(v.data());
  return q >= b && q + v.size() <= b + buf.size();
}

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::size_t header_count = 0;
  std::string body;
  bool ended = false;
};

struct Outcome {
  std::vector<Part> parts;
  Event last = Event::need_more;
  MultipartError error = MultipartError::none;
};

Outcome run(std::string_view body, const std::vector<std::size_t>& cuts, std::string_view boundary,
            const MultipartLimits& limits, bool whole) {
  MultipartParser p{std::string(boundary), limits};
  Outcome out;
  const std::size_t buffer_bound = std::max(limits.max_part_header_bytes, p.delimiter().size() - 1);
  std::uint64_t handed_out = 0;
  bool open = false, finished = false;
  std::size_t fed = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(body.size());
  for (std::size_t end : ends) {
    if (end < fed) continue;
    Copy piece(body.substr(fed, end - fed));
    fed = end;
    std::string_view in = piece.view();
    while (!finished) {
      const std::size_t before = in.size();
      const Event e = p.next(in);
      FUZZ_CHECK(in.size() <= before);
      FUZZ_CHECK(in.empty() || within(in, piece.view()));
      FUZZ_CHECK(p.buffered_bytes() <= buffer_bound);
      FUZZ_CHECK(p.total_bytes() <= limits.max_total_bytes && p.total_bytes() <= fed);
      FUZZ_CHECK(p.parts() <= limits.max_parts);
      FUZZ_CHECK((e == Event::error) == (p.error() != MultipartError::none));
      if (e != Event::part_data) FUZZ_CHECK(p.data().empty());
      switch (e) {
        case Event::need_more: FUZZ_CHECK(in.empty()); break;
        case Event::part_begin: {
          FUZZ_CHECK(!open);
          open = true;
          const PartInfo& info = p.part();
          FUZZ_CHECK(!info.content_type.empty());
          FUZZ_CHECK(!info.headers.empty());
          out.parts.push_back(
              {info.name, info.filename, info.content_type, info.headers.size(), {}, false});
          break;
        }
        case Event::part_data: {
          FUZZ_CHECK(open && !p.data().empty());
          FUZZ_CHECK(within(p.data(), piece.view()) || (!whole && within(p.data(), p.delimiter())));
          handed_out += p.data().size();
          FUZZ_CHECK(handed_out <= fed);
          Part& part = out.parts.back();
          part.body += p.data();
          FUZZ_CHECK(part.body.size() <= (part.filename ? limits.max_file_bytes
                                                        : std::uint64_t{limits.max_field_bytes}));
          break;
        }
        case Event::part_end:
          FUZZ_CHECK(open);
          open = false;
          out.parts.back().ended = true;
          break;
        case Event::done:
        case Event::error: {
          FUZZ_CHECK(e == Event::error || !open);
          FUZZ_CHECK(e == Event::error || in.empty());
          out.last = e;
          out.error = p.error();
          finished = true;
          // Nothing follows: the same event again, the rest consumed after
          // done and left alone after error.
          std::string_view rest = in;
          FUZZ_CHECK(p.next(rest) == e);
          FUZZ_CHECK(e == Event::done ? rest.empty() : rest.size() == in.size());
          FUZZ_CHECK(p.finish() == e);
          break;
        }
      }
      if (e == Event::need_more) break;
    }
    if (finished) break;
  }
  if (!finished) {
    out.last = p.finish();
    out.error = p.error();
    FUZZ_CHECK(out.last == Event::error && out.error == MultipartError::malformed);
  }
  if (out.error == MultipartError::malformed) FUZZ_CHECK(multipart_status(out.error) == 400);
  if (out.last == Event::error && out.error != MultipartError::malformed)
    FUZZ_CHECK(multipart_status(out.error) == 413);
  FUZZ_CHECK(handed_out <= body.size());
  return out;
}

bool same_info(const Part& a, const Part& b) {
  return a.name == b.name && a.filename == b.filename && a.content_type == b.content_type &&
         a.header_count == b.header_count;
}

// Everything but the body of a part cut short by an error is the same; that
// body went out in different pieces, so one is a prefix of the other.
void check_same(const Outcome& a, const Outcome& b) {
  FUZZ_CHECK(a.last == b.last && a.error == b.error);
  FUZZ_CHECK(a.parts.size() == b.parts.size());
  for (std::size_t i = 0; i < a.parts.size(); ++i) {
    const Part& x = a.parts[i];
    const Part& y = b.parts[i];
    FUZZ_CHECK(same_info(x, y) && x.ended == y.ended);
    if (x.ended || a.last != Event::error) {
      FUZZ_CHECK(x.body == y.body);
    } else {
      const std::size_t n = std::min(x.body.size(), y.body.size());
      FUZZ_CHECK(x.body.compare(0, n, y.body, 0, n) == 0);
    }
  }
}

MultipartLimits small_limits() {
  MultipartLimits l;
  l.max_part_header_bytes = 64;
  l.max_parts = 3;
  l.max_file_bytes = 32;
  l.max_total_bytes = 256;
  l.max_field_bytes = 16;
  return l;
}

void check_boundary(std::string_view in) {
  const std::optional<std::string> b = multipart_boundary(in);
  if (!b) return;
  FUZZ_CHECK(!b->empty() && b->size() <= 70 && b->back() != ' ');
  for (char c : *b) FUZZ_CHECK(c != '\r' && c != '\n' && c != '"' && c != ';');
  MultipartParser p(*b, {});
  std::string_view empty;
  FUZZ_CHECK(p.next(empty) == Event::need_more);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  check_boundary(all);
  if (size == 0) return 0;
  static const MultipartLimits default_limits{};
  static const MultipartLimits small = small_limits();
  const MultipartLimits& limits = (data[0] & 1) ? small : default_limits;
  const std::string_view boundary = (data[0] & 2) ? "x" : "AaB03x";
  const std::string_view body = all.substr(1);

  Copy whole_copy(body);
  const Outcome whole = run(whole_copy.view(), {}, boundary, limits, true);

  const std::uint64_t h = hash(body);
  const std::size_t n = body.size() + 1;
  std::size_t a = static_cast<std::size_t>(h % n), b = static_cast<std::size_t>((h >> 32) % n);
  if (a > b) std::swap(a, b);
  check_same(whole, run(body, {a, b}, boundary, limits, false));
  // A piece of a few bytes that may fall inside a delimiter.
  const std::size_t c = static_cast<std::size_t>((h >> 16) % n);
  check_same(whole,
             run(body, {c, std::min(body.size(), c + 1 + (h >> 48) % 8)}, boundary, limits, false));
  if (body.size() <= 512) {
    std::vector<std::size_t> every(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) every[i] = i;
    check_same(whole, run(body, every, boundary, limits, false));
  }
  return 0;
}
