#pragma once
// A thin table helper over db::query, in the spirit of Prisma's client: rows
// are a described struct, conditions and ordering name its members (a
// misspelled field is a compile error), and each call is one unit of work.
//   inline const db::Table<Post> posts{"posts"};
//   co_await posts.find_many({.where = {db::eq(&Post::published, true)},
//                             .order_by = db::desc(&Post::id), .take = 20, .skip = 40});
//   co_await posts.find_unique(id);                   // std::optional<Post>
//   co_await posts.create(NewPost{.title = "Hi"});    // the row, as stored (defaults, id)
//   co_await posts.update(id, PostPatch{.title = "New"});   // std::optional<Post>
//   co_await posts.remove(id);                        // rows removed: 0 or 1
//   co_await posts.count({db::like(&Post::title, "%C++%")});
// create() and update() take any described struct whose members are columns
// of the table: a std::optional member that is empty is left out (the
// column's default on create, unchanged on update).
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spur/db.hpp"

namespace spur::db {

namespace detail {

template <typename T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public |
                                                            boost::describe::mod_inherited>;

[[noreturn]] void throw_undescribed_member();

// The name of the member `pointer` points to; throws std::logic_error for a
// member BOOST_DESCRIBE_STRUCT does not list.
template <typename T, typename M>
std::string_view column_of(M T::*pointer) {
  std::string_view name;
  boost::mp11::mp_for_each<members_of<T>>([&](auto member) {
    if constexpr (std::is_same_v<std::remove_cv_t<decltype(member.pointer)>, M T::*>)
      if (member.pointer == pointer) name = member.name;
  });
  if (name.empty()) throw_undescribed_member();
  return name;
}

// "id", "title", … as a select list, quoted.
template <typename T>
std::string column_list() {
  std::string out;
  boost::mp11::mp_for_each<members_of<T>>([&](auto member) {
    if (!out.empty()) out += ", ";
    out += '"';
    out += member.name;
    out += '"';
  });
  return out;
}

std::string quoted(std::string_view name);

}  // namespace detail

// One condition on a column; conditions in a list must all hold.
struct Condition {
  std::string column;
  std::string op;  // "=", "<>", "<", "<=", ">", ">=", "LIKE", "IN", "IS NULL", "IS NOT NULL"
  std::vector<Value> values;
};

namespace detail {
template <typename T, typename M, typename V>
Condition compare(M T::*member, const char* op, const V& value) {
  return {std::string(column_of(member)), op, {to_value(value)}};
}
}  // namespace detail

template <typename T, typename M, typename V>
Condition eq(M T::*member, const V& value) {
  return detail::compare(member, "=", value);
}
template <typename T, typename M, typename V>
Condition ne(M T::*member, const V& value) {
  return detail::compare(member, "<>", value);
}
template <typename T, typename M, typename V>
Condition lt(M T::*member, const V& value) {
  return detail::compare(member, "<", value);
}
template <typename T, typename M, typename V>
Condition le(M T::*member, const V& value) {
  return detail::compare(member, "<=", value);
}
template <typename T, typename M, typename V>
Condition gt(M T::*member, const V& value) {
  return detail::compare(member, ">", value);
}
template <typename T, typename M, typename V>
Condition ge(M T::*member, const V& value) {
  return detail::compare(member, ">=", value);
}
// SQL LIKE: '%' any run, '_' one character (ASCII case-insensitive in SQLite).
template <typename T, typename M>
Condition like(M T::*member, std::string_view pattern) {
  return detail::compare(member, "LIKE", pattern);
}
template <typename T, typename M, typename Range>
Condition in(M T::*member, const Range& values) {
  Condition c{std::string(detail::column_of(member)), "IN", {}};
  for (const auto& v : values) c.values.push_back(to_value(v));
  return c;
}
template <typename T, typename M>
Condition is_null(M T::*member) {
  return {std::string(detail::column_of(member)), "IS NULL", {}};
}
template <typename T, typename M>
Condition is_not_null(M T::*member) {
  return {std::string(detail::column_of(member)), "IS NOT NULL", {}};
}

struct Order {
  std::string column;
  bool descending = false;
};
template <typename T, typename M>
Order asc(M T::*member) {
  return {std::string(detail::column_of(member)), false};
}
template <typename T, typename M>
Order desc(M T::*member) {
  return {std::string(detail::column_of(member)), true};
}

struct FindMany {
  std::vector<Condition> where;
  std::optional<Order> order_by;
  std::optional<std::int64_t> take;  // at most this many rows
  std::int64_t skip = 0;             // after skipping this many
};

namespace detail {
// " WHERE a = ? AND b IN (?, ?)" with its values appended to `params`.
std::string where_clause(const std::vector<Condition>& where, std::vector<Value>& params);
std::string order_clause(const std::optional<Order>& order);
}  // namespace detail

template <typename T>
requires boost::describe::has_describe_members<T>::value class Table {
 public:
  // `name`: the table; `key`: its primary key column (a member of T).
  explicit Table(std::string name, std::string key = "id")
      : name_(detail::quoted(name)),
        key_(detail::quoted(key)),
        columns_(detail::column_list<T>()) {}

  detail::Work<std::vector<T>> find_many(const FindMany& options = {}) const {
    std::vector<Value> params;
    std::string sql = "SELECT " + columns_ + " FROM " + name_ +
                      detail::where_clause(options.where, params) +
                      detail::order_clause(options.order_by);
    if (options.take || options.skip) {
      sql += " LIMIT ? OFFSET ?";
      params.push_back(options.take ? *options.take : std::int64_t{-1});
      params.push_back(options.skip);
    }
    return rows(Access::read, std::move(sql), std::move(params));
  }

  template <Bindable K>
  detail::Work<std::optional<T>> find_unique(const K& key) const {
    return first(Access::read, "SELECT " + columns_ + " FROM " + name_ + " WHERE " + key_ + " = ?",
                 {to_value(key)});
  }

  // INSERT … RETURNING: the row as stored, with its defaults and its key.
  template <typename Data>
  detail::Work<T> create(const Data& data) const {
    std::vector<Value> params;
    std::string names, marks;
    boost::mp11::mp_for_each<detail::members_of<Data>>([&](auto member) {
      const auto& value = data.*member.pointer;
      if constexpr (is_optional_member<decltype(value)>)
        if (!value) return;
      if (!names.empty()) {
        names += ", ";
        marks += ", ";
      }
      names += detail::quoted(member.name);
      marks += '?';
      params.push_back(to_value(value));
    });
    std::string sql = names.empty()
                          ? "INSERT INTO " + name_ + " DEFAULT VALUES"
                          : "INSERT INTO " + name_ + " (" + names + ") VALUES (" + marks + ")";
    sql += " RETURNING " + columns_;
    return {Access::write, [sql = std::move(sql), params = std::move(params)](Connection& c) {
              return std::move(read_rows<T>(c.run(sql, params)).front());
            }};
  }

  // UPDATE … RETURNING: the row as it is now, or nullopt when no row has `key`.
  template <Bindable K, typename Data>
  detail::Work<std::optional<T>> update(const K& key, const Data& data) const {
    std::vector<Value> params;
    std::string sets;
    boost::mp11::mp_for_each<detail::members_of<Data>>([&](auto member) {
      const auto& value = data.*member.pointer;
      if constexpr (is_optional_member<decltype(value)>)
        if (!value) return;
      if (!sets.empty()) sets += ", ";
      sets += detail::quoted(member.name) + " = ?";
      params.push_back(to_value(value));
    });
    if (sets.empty()) return find_unique(key);
    params.push_back(to_value(key));
    return first(
        Access::write,
        "UPDATE " + name_ + " SET " + sets + " WHERE " + key_ + " = ? RETURNING " + columns_,
        std::move(params));
  }

  // Rows removed: 0 or 1.
  template <Bindable K>
  detail::Work<std::int64_t> remove(const K& key) const {
    return {Access::write, [sql = "DELETE FROM " + name_ + " WHERE " + key_ + " = ?",
                            params = std::vector<Value>{to_value(key)}](Connection& c) {
              return c.run(sql, params).changes;
            }};
  }

  detail::Work<std::int64_t> count(const std::vector<Condition>& where = {}) const {
    std::vector<Value> params;
    std::string sql = "SELECT count(*) FROM " + name_ + detail::where_clause(where, params);
    return {Access::read, [sql = std::move(sql), params = std::move(params)](Connection& c) {
              return read_rows<std::int64_t>(c.run(sql, params)).front();
            }};
  }

 private:
  template <typename V>
  static constexpr bool is_optional_member = db::detail::is_optional<std::remove_cvref_t<V>>;

  detail::Work<std::vector<T>> rows(Access access, std::string sql,
                                    std::vector<Value> params) const {
    return {access, [sql = std::move(sql), params = std::move(params)](Connection& c) {
              return read_rows<T>(c.run(sql, params));
            }};
  }
  detail::Work<std::optional<T>> first(Access access, std::string sql,
                                       std::vector<Value> params) const {
    return {access, [sql = std::move(sql), params = std::move(params)](Connection& c) {
              return detail::first_row(read_rows<T>(c.run(sql, params)));
            }};
  }

  std::string name_, key_, columns_;
};

}  // namespace spur::db
