#pragma once
// The header fields of a response as data: (name, value) pairs in the order
// they were added, names as given, compared case-insensitively. Kept in one
// buffer with an index, so a typical response costs two allocations, and
// written to the wire once, by write_head() (serializer.hpp).
//   http::Fields f;
//   f.append("Content-Type", "application/json");
//   f.set("Cache-Control", "no-store");   // replaces any Cache-Control
//   f.get("content-type") == "application/json"
// A field whose name is not a token (RFC 9110 §5.6.2) or whose value holds a
// control character other than HTAB (NUL, CR, LF, DEL…) is refused: it is not
// stored, and refused() says which and why, so that the app can fail loudly in
// development and log in production. A header can never inject another.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spur/http/header.hpp"

namespace spur::http {

class Fields final {
  struct Entry {
    std::uint32_t at;         // the name's first byte in text_
    std::uint32_t name_size;  // the value follows the name directly
    std::uint32_t value_size;
  };

 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Header;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Header;

    const_iterator() = default;
    Header operator*() const noexcept { return fields_->at(index_); }
    const_iterator& operator++() noexcept {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) noexcept {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    friend bool operator==(const const_iterator&, const const_iterator&) = default;

   private:
    friend class Fields;
    const_iterator(const Fields* f, std::size_t i) noexcept : fields_(f), index_(i) {}
    const Fields* fields_ = nullptr;
    std::size_t index_ = 0;
  };

  // The first value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  bool contains(std::string_view name) const noexcept { return get(name).has_value(); }
  // Adds a field after the others, keeping any of the same name.
  void append(std::string_view name, std::string_view value);
  // Removes every field named `name`, then appends this one.
  void set(std::string_view name, std::string_view value);
  // Removes every field named `name`; how many there were.
  std::size_t erase(std::string_view name) noexcept;
  // Every field of `other`, appended in order.
  void append(const Fields& other);

  Header at(std::size_t i) const noexcept {
    const Entry& e = entries_[i];
    return {std::string_view(text_).substr(e.at, e.name_size),
            std::string_view(text_).substr(e.at + e.name_size, e.value_size)};
  }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const_iterator begin() const noexcept { return {this, 0}; }
  const_iterator end() const noexcept { return {this, entries_.size()}; }

  // Bytes the fields take on the wire ("Name: value\r\n" each).
  std::size_t wire_size() const noexcept;

  // Why the first refused field was refused (naming it), or empty.
  const std::string& refused() const noexcept { return refused_; }

 private:
  bool refuse_invalid(std::string_view name, std::string_view value);

  std::string text_;  // names and values, back to back
  std::vector<Entry> entries_;
  std::string refused_;
};

}  // namespace spur::http
