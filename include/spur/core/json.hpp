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
// Decoding is Spur's own, so that an error names the field; encoding is
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

namespace spur {
namespace detail {

// Where a value sits in the body: a chain of frames on the decoder's stack,
// free to build, turned into text ("meta.scores[0].value") only for an error.
struct JsonPath {
  const JsonPath* parent = nullptr;
  std::string_view key;  // a member name or map key, unless is_index
  std::size_t index = 0;
  bool is_index = false;
};

// These throw HttpError(400) with a message for the client:
// "Invalid body: 'title' must be a string" ("Invalid body: expected an
// object" for the whole body), "Invalid body: 'title' is required",
// "Invalid body: 'age' must be an integer from 0 to 255",
// "Invalid body: 'status' must be one of 'draft', 'published'".
[[noreturn]] void throw_json_mismatch(const JsonPath& path, std::string_view expected);
[[noreturn]] void throw_json_missing(const JsonPath& path);
[[noreturn]] void throw_json_integer_mismatch(const JsonPath& path, const boost::json::value& v,
                                              std::int64_t min, std::uint64_t max);
[[noreturn]] void throw_json_not_one_of(const JsonPath& path,
                                        std::span<const std::string_view> names);

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
T decode_json(const boost::json::value& v, const JsonPath& path);

template <described_struct T>
T decode_json_struct(const boost::json::value& v, const JsonPath& path) {
  const boost::json::object* object = v.if_object();
  if (!object) throw_json_mismatch(path, "an object");
  T out{};
  using members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                           boost::describe::mod_inherited>;
  // Members in declaration order, so the first error reported is the first
  // member that is wrong; members the body has and T does not are ignored.
  boost::mp11::mp_for_each<members>([&](auto member) {
    using M = std::remove_cvref_t<decltype(out.*member.pointer)>;
    const JsonPath member_path{.parent = &path, .key = member.name};
    const boost::json::value* field = object->if_contains(member.name);
    if (!field) {
      if constexpr (is_instance_of<M, std::optional>)
        return;  // absent: stays nullopt
      else
        throw_json_missing(member_path);
    }
    out.*member.pointer = decode_json<M>(*field, member_path);
  });
  return out;
}

template <described_enum E>
E decode_json_enum(const boost::json::value& v, const JsonPath& path) {
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
  throw_json_not_one_of(path, names);
}

// Converts `v` to T or throws HttpError(400) naming `path`. One branch per
// supported kind of T; an unsupported T is a compile error that lists them.
template <typename T>
T decode_json(const boost::json::value& v, const JsonPath& path) {
  namespace json = boost::json;
  if constexpr (std::is_same_v<T, json::value>) {
    return v;
  } else if constexpr (std::is_same_v<T, json::object>) {
    if (const json::object* o = v.if_object()) return *o;
    throw_json_mismatch(path, "an object");
  } else if constexpr (std::is_same_v<T, json::array>) {
    if (const json::array* a = v.if_array()) return *a;
    throw_json_mismatch(path, "an array");
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const bool* b = v.if_bool()) return *b;
    throw_json_mismatch(path, "a boolean");
  } else if constexpr (std::is_integral_v<T>) {
    // to_number accepts exactly the numbers T can hold: 3, 3.0 and 3e0 alike.
    json::error_code ec;
    T n = v.to_number<T>(ec);
    if (!ec) return n;
    throw_json_integer_mismatch(path, v, std::numeric_limits<T>::min(),
                                std::numeric_limits<T>::max());
  } else if constexpr (std::is_floating_point_v<T>) {
    if (v.is_number()) return v.to_number<T>();
    throw_json_mismatch(path, "a number");
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const json::string* s = v.if_string()) return std::string(s->data(), s->size());
    throw_json_mismatch(path, "a string");
  } else if constexpr (is_instance_of<T, std::optional>) {
    if (v.is_null()) return std::nullopt;
    return decode_json<typename T::value_type>(v, path);
  } else if constexpr (is_instance_of<T, std::vector>) {
    const json::array* array = v.if_array();
    if (!array) throw_json_mismatch(path, "an array");
    T out;
    out.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i)
      out.push_back(decode_json<typename T::value_type>(
          (*array)[i], JsonPath{.parent = &path, .index = i, .is_index = true}));
    return out;
  } else if constexpr (is_instance_of<T, std::map> || is_instance_of<T, std::unordered_map>) {
    static_assert(std::is_same_v<typename T::key_type, std::string>,
                  "req.json<T>(): a map decoded from a JSON object needs std::string keys");
    const json::object* object = v.if_object();
    if (!object) throw_json_mismatch(path, "an object");
    T out;
    for (const json::key_value_pair& entry : *object) {
      std::string_view key = entry.key();
      out.emplace(std::string(key), decode_json<typename T::mapped_type>(
                                        entry.value(), JsonPath{.parent = &path, .key = key}));
    }
    return out;
  } else if constexpr (described_enum<T>) {
    return decode_json_enum<T>(v, path);
  } else if constexpr (described_struct<T>) {
    return decode_json_struct<T>(v, path);
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
  return detail::decode_json<T>(json(), detail::JsonPath{});
}

template <typename T>
Response Response::json(const T& value, int status) {
  return json(boost::json::value_from(value), status);
}

}  // namespace spur
