#pragma once
// JSON in handlers: the definitions of Request::json<T>() and
// Response::json<T>() declared in request.hpp and response.hpp.
//
//   struct NewPost {
//     std::string title;
//     std::vector<std::string> tags;
//     std::optional<std::string> summary;   // may be absent or null
//   };
//   BOOST_DESCRIBE_STRUCT(NewPost, (), (title, tags, summary))
//
//   Response POST(Request& req) {
//     auto post = req.json<NewPost>();   // 400 "Invalid body: 'title' is required", …
//     return Response::json(post, 201);  // {"title":"…","tags":[…],"summary":null}
//   }
//
// A body that does not fit answers 400 listing every problem (validation.hpp);
// SPUR_RULES beside the struct adds rules: lengths, ranges, formats (rules.hpp).
// Decoding is Spur's own, so that an issue names the field; encoding is
// boost::json::value_from, which maps described structs, described enums,
// std::optional and the standard containers. This header brings
// BOOST_DESCRIBE_STRUCT and BOOST_DESCRIBE_ENUM along.
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/rules.hpp"
#include "spur/core/validation.hpp"

namespace spur {
namespace detail {

// These add an issue with a message for the client: "'title' must be a
// string" ("expected an object" for the whole body), "'title' is required",
// "'age' must be an integer from 0 to 255", "'status' must be one of 'draft',
// 'published'"; the first becomes the error, "Invalid body: …".
void note_json_mismatch(Issues& issues, const JsonPath& path, std::string_view expected);
void note_json_missing(Issues& issues, const JsonPath& path);
void note_json_integer_mismatch(Issues& issues, const JsonPath& path, const boost::json::value& v,
                                std::int64_t min, std::uint64_t max);
void note_json_not_one_of(Issues& issues, const JsonPath& path,
                          std::span<const std::string_view> names);
void note_json_unknown_key(Issues& issues, const JsonPath& path);

template <typename T, template <typename...> class Template>
inline constexpr bool is_instance_of = false;
template <template <typename...> class Template, typename... Args>
inline constexpr bool is_instance_of<Template<Args...>, Template> = true;

template <typename T>
concept described_struct = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;
template <typename T>
concept described_enum = std::is_enum_v<T> && boost::describe::has_describe_enumerators<T>::value;

template <typename>
inline constexpr bool unsupported_json_type = false;

template <typename T>
T decode_json(const boost::json::value& v, const JsonPath& path, Issues& issues);

template <described_struct T>
T decode_json_struct(const boost::json::value& v, const JsonPath& path, Issues& issues) {
  T out{};
  const boost::json::object* object = v.if_object();
  if (!object) {
    note_json_mismatch(issues, path, "an object");
    return out;
  }
  using members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                           boost::describe::mod_inherited>;
  // Members in declaration order, so the first issue reported is the first
  // member that is wrong; then the member's rules, once it decoded.
  boost::mp11::mp_for_each<members>([&](auto member) {
    using M = std::remove_cvref_t<decltype(out.*member.pointer)>;
    const JsonPath member_path{.parent = &path, .key = member.name};
    const boost::json::value* field = object->if_contains(member.name);
    if (!field) {
      if constexpr (!is_instance_of<M, std::optional>) note_json_missing(issues, member_path);
      return;  // an optional stays nullopt
    }
    const std::size_t before = issues.size();
    out.*member.pointer = decode_json<M>(*field, member_path, issues);
    if constexpr (has_rules<T>)
      if (issues.size() == before)
        spur_rules(rules_for<T>{}).check(member.pointer, out.*member.pointer, member_path, issues);
  });
  // Keys T does not describe are ignored, unless its rules refuse them.
  if constexpr (has_rules<T>) {
    using Set = std::remove_cvref_t<decltype(spur_rules(rules_for<T>{}))>;
    if constexpr (Set::refuses_unknown_keys) {
      for (const boost::json::key_value_pair& entry : *object) {
        bool known = false;
        boost::mp11::mp_for_each<members>(
            [&](auto member) { known = known || entry.key() == member.name; });
        if (!known) note_json_unknown_key(issues, JsonPath{.parent = &path, .key = entry.key()});
      }
    }
  }
  return out;
}

template <described_enum E>
E decode_json_enum(const boost::json::value& v, const JsonPath& path, Issues& issues) {
  using enumerators = boost::describe::describe_enumerators<E>;
  constexpr std::size_t count = boost::mp11::mp_size<enumerators>::value;
  std::array<std::string_view, count> names;
  std::array<E, count> values;
  std::size_t n = 0;
  boost::mp11::mp_for_each<enumerators>([&](auto e) {
    names[n] = e.name;
    values[n++] = e.value;
  });
  if (const boost::json::string* s = v.if_string())
    for (std::size_t i = 0; i < names.size(); ++i)
      if (std::string_view(*s) == names[i]) return values[i];
  note_json_not_one_of(issues, path, names);
  return E{};
}

// Converts `v` to T; what does not fit becomes an issue naming `path` (and a
// default T). One branch per supported kind of T; an unsupported T is a
// compile error that lists them.
template <typename T>
T decode_json(const boost::json::value& v, const JsonPath& path, Issues& issues) {
  namespace json = boost::json;
  if constexpr (std::is_same_v<T, json::value>) {
    return v;
  } else if constexpr (std::is_same_v<T, json::object>) {
    if (const json::object* o = v.if_object()) return *o;
    note_json_mismatch(issues, path, "an object");
    return T{};
  } else if constexpr (std::is_same_v<T, json::array>) {
    if (const json::array* a = v.if_array()) return *a;
    note_json_mismatch(issues, path, "an array");
    return T{};
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const bool* b = v.if_bool()) return *b;
    note_json_mismatch(issues, path, "a boolean");
    return T{};
  } else if constexpr (std::is_integral_v<T>) {
    // to_number accepts exactly the numbers T can hold: 3, 3.0 and 3e0 alike.
    json::error_code ec;
    T n = v.to_number<T>(ec);
    if (!ec) return n;
    note_json_integer_mismatch(issues, path, v, std::numeric_limits<T>::min(),
                               std::numeric_limits<T>::max());
    return T{};
  } else if constexpr (std::is_floating_point_v<T>) {
    if (v.is_number()) return v.to_number<T>();
    note_json_mismatch(issues, path, "a number");
    return T{};
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const json::string* s = v.if_string()) return std::string(s->data(), s->size());
    note_json_mismatch(issues, path, "a string");
    return T{};
  } else if constexpr (is_instance_of<T, std::optional>) {
    if (v.is_null()) return std::nullopt;
    return decode_json<typename T::value_type>(v, path, issues);
  } else if constexpr (is_instance_of<T, std::vector>) {
    const json::array* array = v.if_array();
    if (!array) {
      note_json_mismatch(issues, path, "an array");
      return T{};
    }
    T out;
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back(decode_json<typename T::value_type>(
          (*array)[i], JsonPath{.parent = &path, .index = i, .is_index = true}, issues));
    return out;
  } else if constexpr (is_instance_of<T, std::map> || is_instance_of<T, std::unordered_map>) {
    static_assert(std::is_same_v<typename T::key_type, std::string>,
                  "req.json<T>(): a map decoded from a JSON object needs std::string keys");
    const json::object* object = v.if_object();
    if (!object) {
      note_json_mismatch(issues, path, "an object");
      return T{};
    }
    T out;
    for (const json::key_value_pair& entry : *object) {
      std::string_view key = entry.key();
      out.emplace(std::string(key),
                  decode_json<typename T::mapped_type>(
                      entry.value(), JsonPath{.parent = &path, .key = key}, issues));
    }
    return out;
  } else if constexpr (described_enum<T>) {
    return decode_json_enum<T>(v, path, issues);
  } else if constexpr (described_struct<T>) {
    return decode_json_struct<T>(v, path, issues);
  } else {
    static_assert(unsupported_json_type<T>,
                  "req.json<T>(): T must be bool, an integer, a floating-point type, "
                  "std::string, std::optional, std::vector, std::map or std::unordered_map "
                  "with std::string keys, boost::json::value/object/array, or a struct or "
                  "enum described with BOOST_DESCRIBE_STRUCT/BOOST_DESCRIBE_ENUM");
  }
}

}  // namespace detail

template <typename T>
T Request::json() const {
  detail::Issues issues;
  T out = detail::decode_json<T>(json(), detail::JsonPath{}, issues);
  issues.raise_if_any();
  return out;
}

template <typename T>
Response Response::json(const T& value, int status) {
  return json(boost::json::value_from(value), status);
}

}  // namespace spur
