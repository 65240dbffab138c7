#pragma once
// Rules beside a described struct, checked whenever req.json<T>() decodes
// one (at the top or nested); every problem is reported at once
// (validation.hpp). Write them in the struct's namespace, after its
// BOOST_DESCRIBE_STRUCT:
//
//   struct NewPost {
//     std::string title;
//     std::vector<std::string> tags;
//     std::optional<std::string> email;
//     int stars = 0;
//   };
//   BOOST_DESCRIBE_STRUCT(NewPost, (), (title, tags, email, stars))
//   SPUR_RULES(NewPost,
//              field(&NewPost::title, length(1, 200)),
//              field(&NewPost::tags, max_size(10), each(length(1, 20), pattern("[a-z0-9-]+"))),
//              field(&NewPost::email, email()),          // checked when present
//              field(&NewPost::stars, range(0, 5)),
//              refuse_unknown_keys)                     // default: unknown keys ignored
//
// Rules: length/min_length/max_length (strings, in characters), size/
// min_size/max_size (arrays and maps), range/min/max (numbers), pattern (the
// whole value matches; linear time, so no pattern can be made slow), email(),
// uuid(), url() (http or https), one_of({...}), each(rules...) (every element
// of an array or value of a map), satisfies(predicate, "message"). A rule on a
// std::optional member applies to its value when there is one. The rules are
// built once, on first use.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "spur/core/validation.hpp"

namespace spur {

// The tag SPUR_RULES's function is found by (argument-dependent lookup).
template <typename T>
struct rules_for {};

namespace detail {
class LinearRegex;

std::size_t count_characters(std::string_view utf8) noexcept;
std::string number_text(double n);
std::string number_text(std::int64_t n);
std::string number_text(std::uint64_t n);
std::string quoted_list(const std::vector<std::string>& values);  // "'a', 'b'"
std::shared_ptr<const LinearRegex> compile_pattern(std::string_view pattern);
bool full_match(const LinearRegex& re, std::string_view text) noexcept;
bool is_email(std::string_view s) noexcept;
bool is_uuid(std::string_view s) noexcept;
bool is_http_url(std::string_view s) noexcept;

template <typename V>
concept string_like = std::is_convertible_v<const V&, std::string_view>;
template <typename V>
concept sized_range = requires(const V& v) {
  v.size();
  v.begin();
}
&&!string_like<V>;
template <typename V>
concept map_like = sized_range<V> && requires {
  typename V::mapped_type;
};

template <typename V>
std::string_view as_text(const V& v) {
  static_assert(string_like<V>, "this rule applies to strings");
  return std::string_view(v);
}

template <typename B>
std::string bound_text(B b) {
  if constexpr (std::is_floating_point_v<B>)
    return number_text(static_cast<double>(b));
  else if constexpr (std::is_signed_v<B>)
    return number_text(static_cast<std::int64_t>(b));
  else
    return number_text(static_cast<std::uint64_t>(b));
}

// a < b for any two arithmetic values, without sign or narrowing surprises.
template <typename A, typename B>
bool less(A a, B b) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B>)
    return std::cmp_less(a, b);
  else
    return static_cast<long double>(a) < static_cast<long double>(b);
}

}  // namespace detail

namespace rule {

struct Length {
  std::size_t min = 0;
  std::size_t max = static_cast<std::size_t>(-1);
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    const std::size_t n = detail::count_characters(detail::as_text(v));
    if (n < min)
      issues.add(path, "too_small",
                 "must be at least " + std::to_string(min) +
                     (min == 1 ? " character" : " characters") + " long");
    else if (n > max)
      issues.add(path, "too_big",
                 "must be at most " + std::to_string(max) +
                     (max == 1 ? " character" : " characters") + " long");
  }
};
inline Length length(std::size_t min, std::size_t max) { return {min, max}; }
inline Length min_length(std::size_t min) { return {.min = min}; }
inline Length max_length(std::size_t max) { return {.max = max}; }

struct Size {
  std::size_t min = 0;
  std::size_t max = static_cast<std::size_t>(-1);
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    static_assert(detail::sized_range<V>, "size rules apply to arrays and maps");
    const std::size_t n = v.size();
    if (n < min)
      issues.add(path, "too_small",
                 "must have at least " + std::to_string(min) + (min == 1 ? " item" : " items"));
    else if (n > max)
      issues.add(path, "too_big",
                 "must have at most " + std::to_string(max) + (max == 1 ? " item" : " items"));
  }
};
inline Size size(std::size_t min, std::size_t max) { return {min, max}; }
inline Size min_size(std::size_t min) { return {.min = min}; }
inline Size max_size(std::size_t max) { return {.max = max}; }

template <typename B>
struct Range {
  std::optional<B> min;
  std::optional<B> max;
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    static_assert(std::is_arithmetic_v<V> && !std::is_same_v<V, bool>,
                  "range rules apply to numbers");
    if (min && detail::less(v, *min))
      issues.add(path, "too_small", "must be at least " + detail::bound_text(*min));
    else if (max && detail::less(*max, v))
      issues.add(path, "too_big", "must be at most " + detail::bound_text(*max));
  }
};
template <typename B>
requires std::is_arithmetic_v<B> Range<B> range(B min, B max) { return {min, max}; }
template <typename B>
requires std::is_arithmetic_v<B> Range<B> min(B min) { return {.min = min}; }
template <typename B>
requires std::is_arithmetic_v<B> Range<B> max(B max) { return {.max = max}; }

struct Pattern {
  std::shared_ptr<const detail::LinearRegex> regex;
  std::string source;
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    if (!detail::full_match(*regex, detail::as_text(v)))
      issues.add(path, "invalid_format", "must match " + source);
  }
};
// Throws std::invalid_argument for a pattern the matcher does not support.
inline Pattern pattern(std::string_view source) {
  return {detail::compile_pattern(source), std::string(source)};
}

struct Format {
  bool (*accepts)(std::string_view) noexcept;
  const char* what;  // "an email address"
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    if (!accepts(detail::as_text(v)))
      issues.add(path, "invalid_format", std::string("must be ") + what);
  }
};
// A practical check (one '@', a dotted domain, no spaces), not RFC 5322's.
inline Format email() { return {detail::is_email, "an email address"}; }
inline Format uuid() { return {detail::is_uuid, "a UUID"}; }
inline Format url() { return {detail::is_http_url, "an http or https URL"}; }

struct OneOf {
  std::vector<std::string> values;
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    const std::string_view text = detail::as_text(v);
    for (const std::string& allowed : values)
      if (allowed == text) return;
    issues.add(path, "invalid_value", "must be one of " + detail::quoted_list(values));
  }
};
inline OneOf one_of(std::initializer_list<std::string_view> values) {
  OneOf r;
  for (std::string_view v : values) r.values.emplace_back(v);
  return r;
}

template <typename F>
struct Satisfies {
  F predicate;
  std::string message;  // "must be even"
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    if (!predicate(v)) issues.add(path, "custom", message);
  }
};
template <typename F>
Satisfies<F> satisfies(F predicate, std::string message) {
  return {std::move(predicate), std::move(message)};
}

// Applies `rule` to `v`, or to its value when `v` is a std::optional.
template <typename Rule, typename V>
void apply(const Rule& rule, const V& v, const detail::JsonPath& path, detail::Issues& issues) {
  if constexpr (requires {
                  v.has_value();
                  *v;
                }) {
    if (v.has_value()) rule(*v, path, issues);
  } else {
    rule(v, path, issues);
  }
}

template <typename... Rules>
struct Each {
  std::tuple<Rules...> rules;
  template <typename V>
  void operator()(const V& v, const detail::JsonPath& path, detail::Issues& issues) const {
    static_assert(detail::sized_range<V>, "each() applies to arrays and maps");
    std::size_t i = 0;
    for (const auto& element : v) {
      if constexpr (detail::map_like<V>) {
        const detail::JsonPath at{.parent = &path, .key = element.first};
        std::apply([&](const auto&... r) { (apply(r, element.second, at, issues), ...); }, rules);
      } else {
        const detail::JsonPath at{.parent = &path, .index = i, .is_index = true};
        std::apply([&](const auto&... r) { (apply(r, element, at, issues), ...); }, rules);
      }
      ++i;
    }
  }
};
template <typename... Rules>
Each<Rules...> each(Rules... rules) {
  return {{std::move(rules)...}};
}

// The rules of one member.
template <typename T, typename M, typename... Rules>
struct Field {
  M T::*member;
  std::tuple<Rules...> rules;
};
template <typename T, typename M, typename... Rules>
Field<T, M, Rules...> field(M T::*member, Rules... rules) {
  return {member, {std::move(rules)...}};
}

// Keys of the object that T does not describe answer "unrecognized_keys".
struct RefuseUnknownKeys {};
inline constexpr RefuseUnknownKeys refuse_unknown_keys{};

template <typename T, typename... Items>
class RuleSet {
 public:
  explicit RuleSet(Items... items) : items_(std::move(items)...) {}

  static constexpr bool refuses_unknown_keys = (std::is_same_v<Items, RefuseUnknownKeys> || ...);

  // Applies the rules written for `member` to its decoded value.
  template <typename P, typename V>
  void check(P member, const V& value, const detail::JsonPath& path, detail::Issues& issues) const {
    std::apply([&](const auto&... item) { (check_one(item, member, value, path, issues), ...); },
               items_);
  }

 private:
  template <typename Item, typename P, typename V>
  static void check_one(const Item& item, P member, const V& value, const detail::JsonPath& path,
                        detail::Issues& issues) {
    if constexpr (requires { item.member == member; }) {
      if constexpr (std::is_same_v<decltype(item.member), P>) {
        if (item.member != member) return;
        std::apply([&](const auto&... r) { (apply(r, value, path, issues), ...); }, item.rules);
      }
    }
  }

  std::tuple<Items...> items_;
};

template <typename T, typename Item>
inline constexpr bool is_rule_of = std::is_same_v<Item, RefuseUnknownKeys>;
template <typename T, typename M, typename... Rules>
inline constexpr bool is_rule_of<T, Field<T, M, Rules...>> = true;

template <typename T, typename... Items>
RuleSet<T, Items...> rules(Items... items) {
  static_assert((is_rule_of<T, Items> && ...),
                "SPUR_RULES(T, ...) takes field(&T::member, rules...) for members of T, and "
                "refuse_unknown_keys");
  return RuleSet<T, Items...>(std::move(items)...);
}

}  // namespace rule

namespace detail {
template <typename T>
concept has_rules = requires {
  spur_rules(rules_for<T>{});
};
}  // namespace detail

}  // namespace spur

// Defines the rules of T (a described struct), in T's namespace.
#define SPUR_RULES(T, ...)                                               \
  [[maybe_unused]] inline const auto& spur_rules(::spur::rules_for<T>) { \
    using namespace ::spur::rule;                                        \
    static const auto set = ::spur::rule::rules<T>(__VA_ARGS__);         \
    return set;                                                          \
  }
