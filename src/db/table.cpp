#include "spur/db/table.hpp"

#include <stdexcept>

namespace spur::db::detail {

void throw_undescribed_member() {
  throw std::logic_error("db: a condition names a member its BOOST_DESCRIBE_STRUCT does not list");
}

std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';  // "" inside a quoted name
    out += c;
  }
  return out + '"';
}

std::string where_clause(const std::vector<Condition>& where, std::vector<Value>& params) {
  std::string out;
  for (const Condition& c : where) {
    out += out.empty() ? " WHERE " : " AND ";
    if (c.op == "IN" && c.values.empty()) {  // in no value: no row (and `IN ()` is not SQL)
      out += "1 = 0";
      continue;
    }
    out += quoted(c.column);
    out += ' ';
    out += c.op;
    if (c.op == "IN") {
      out += " (";
      for (std::size_t i = 0; i < c.values.size(); ++i) out += i ? ", ?" : "?";
      out += ')';
    } else if (!c.values.empty()) {
      out += " ?";
    }
    params.insert(params.end(), c.values.begin(), c.values.end());
  }
  return out;
}

std::string order_clause(const std::optional<Order>& order) {
  if (!order) return {};
  return " ORDER BY " + quoted(order->column) + (order->descending ? " DESC" : " ASC");
}

}  // namespace spur::db::detail
