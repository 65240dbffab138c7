#include "spur/pages/api_request.hpp"

#include <unordered_map>

#include "spur/text/percent.hpp"

namespace spur {

ApiQuery::ApiQuery(std::string_view encoded_query, const router::Params& params) {
  // Node's querystring: a repeated key becomes a list at its first position.
  // An index by name keeps a query of thousands of keys linear; reserving
  // first keeps the names it points into where they are.
  auto pairs = text::parse_urlencoded(encoded_query);
  entries_.reserve(pairs.size() + params.entries().size());
  if (pairs.size() <= 16) {  // a map would cost more than it saves
    for (auto& [name, value] : pairs) append(name, std::move(value));
  } else {
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(pairs.size());
    for (auto& [name, value] : pairs) {
      if (auto it = index.find(name); it != index.end()) {
        append_to(entries_[it->second], std::move(value));
        continue;
      }
      entries_.push_back({std::move(name), std::move(value)});
      index.emplace(entries_.back().name, entries_.size() - 1);
    }
  }
  // Then Next.js's `{...query, ...params}`: a param replaces a same-named key
  // where it stands, or is appended. An optional catch-all that matched
  // nothing is not in `params`, so the query's value stays.
  for (const router::Params::Entry& p : params.entries()) {
    if (const auto* s = std::get_if<std::string>(&p.value))
      set(p.name, *s);
    else
      set(p.name, std::get<router::Params::List>(p.value));
  }
}

const ApiQuery::Value* ApiQuery::find(std::string_view name) const noexcept {
  for (const Entry& e : entries_)
    if (e.name == name) return &e.value;
  return nullptr;
}

ApiQuery::Entry* ApiQuery::find_entry(std::string_view name) noexcept {
  for (Entry& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const std::string& ApiQuery::operator[](std::string_view name) const noexcept {
  static const std::string absent;
  const Value* v = find(name);
  if (!v) return absent;
  if (const auto* s = std::get_if<std::string>(v)) return *s;
  const List& list = std::get<List>(*v);
  return list.empty() ? absent : list.front();
}

std::optional<std::string_view> ApiQuery::get(std::string_view name) const noexcept {
  const Value* v = find(name);
  if (!v) return std::nullopt;
  if (const auto* s = std::get_if<std::string>(v)) return std::string_view(*s);
  const List& list = std::get<List>(*v);
  if (list.empty()) return std::nullopt;
  return std::string_view(list.front());
}

std::vector<std::string_view> ApiQuery::get_all(std::string_view name) const {
  std::vector<std::string_view> out;
  const Value* v = find(name);
  if (!v) return out;
  if (const auto* s = std::get_if<std::string>(v)) {
    out.emplace_back(*s);
  } else {
    for (const std::string& item : std::get<List>(*v)) out.emplace_back(item);
  }
  return out;
}

bool ApiQuery::is_list(std::string_view name) const noexcept {
  const Value* v = find(name);
  return v && std::holds_alternative<List>(*v);
}

void ApiQuery::set(std::string_view name, Value value) {
  if (Entry* e = find_entry(name))
    e->value = std::move(value);
  else
    entries_.push_back({std::string(name), std::move(value)});
}

void ApiQuery::append_to(Entry& e, std::string value) {
  if (auto* list = std::get_if<List>(&e.value)) {
    list->push_back(std::move(value));
  } else {
    List both;
    both.push_back(std::move(std::get<std::string>(e.value)));
    both.push_back(std::move(value));
    e.value = std::move(both);
  }
}

void ApiQuery::append(std::string_view name, std::string value) {
  if (Entry* e = find_entry(name))
    append_to(*e, std::move(value));
  else
    entries_.push_back({std::string(name), std::move(value)});
}

void ApiQuery::remove(std::string_view name) {
  std::erase_if(entries_, [&](const Entry& e) { return e.name == name; });
}

boost::json::object ApiQuery::to_json() const {
  boost::json::object out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) {
    if (const auto* s = std::get_if<std::string>(&e.value)) {
      out.emplace(e.name, boost::json::string(*s));
    } else {
      boost::json::array list;
      for (const std::string& item : std::get<List>(e.value))
        list.emplace_back(boost::json::string(item));
      out.emplace(e.name, std::move(list));
    }
  }
  return out;
}

ApiRequest::ApiRequest(const Request& request, const router::Params& params,
                       boost::json::value body)
    : query(request.query(), params),
      request_(&request),
      params_(&params),
      body_(std::move(body)) {}

}  // namespace spur
