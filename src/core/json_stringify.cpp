#include "spur/core/json_stringify.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "spur/text/json_escape.hpp"

namespace spur::detail {
namespace {

template <typename Int>
void append_integer(std::string& out, Int n) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, r.ptr);
}

}  // namespace

void append_js_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (d == 0) {  // -0 too
    out += '0';
    return;
  }
  // The shortest round-trip digits, as "-d.ddde±xx"; then laid out by the
  // rules of Number#toString (ECMA-262 Number::toString).
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.') digits += c;
  int exponent = 0;
  std::string_view exp_text = sci.substr(e_pos + 1);
  if (exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);

  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    append_integer(out, n - 1 >= 0 ? n - 1 : 1 - n);
  }
}

void stringify(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::null: out += "null"; return;
    case boost::json::kind::bool_: out += value.get_bool() ? "true" : "false"; return;
    case boost::json::kind::int64: append_integer(out, value.get_int64()); return;
    case boost::json::kind::uint64: append_integer(out, value.get_uint64()); return;
    case boost::json::kind::double_: append_js_number(out, value.get_double()); return;
    case boost::json::kind::string: {
      const boost::json::string& s = value.get_string();
      text::append_json_string(out, std::string_view(s.data(), s.size()));
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const boost::json::value& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        stringify(item, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const boost::json::key_value_pair& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        text::append_json_string(out, std::string_view(member.key().data(), member.key().size()));
        out += ':';
        stringify(member.value(), out);
      }
      out += '}';
      return;
    }
  }
}

std::string stringify(const boost::json::value& value) {
  std::string out;
  out.reserve(256);  // most bodies fit without regrowing
  stringify(value, out);
  return out;
}

}  // namespace spur::detail
