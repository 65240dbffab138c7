#pragma once
// Helpers shared by the HTTP parser tests.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "spur/http/parser.hpp"

namespace spur::http::test {

// Owns the field storage a RequestHead's views point at, so a test can keep
// the head while it looks at it.
class HeadParser {
 public:
  explicit HeadParser(std::size_t storage = 128) : fields_(storage) {}

  ParseResult parse(std::string_view in, const Limits& limits = {}) {
    head = RequestHead{};
    return parse_request_head(in, limits, head, fields_);
  }

  RequestHead head;

 private:
  std::vector<Header> fields_;
};

// True when `v` lies wholly inside `buf`: the parser copied nothing.
inline bool within(std::string_view v, std::string_view buf) {
  const auto b = reinterpret_cast<std::uintptr_t>(buf.data());
  const auto p = reinterpret_cast<std::uintptr_t>(v.data());
  return p >= b && p + v.size() <= b + buf.size();
}

// A heap copy of exactly `s.size()` bytes, so that a read one past the end is
// a heap overflow under AddressSanitizer instead of a read of a NUL.
class ExactCopy {
 public:
  explicit ExactCopy(std::string_view s)
      : size_(s.size()), data_(new char[s.size() ? s.size() : 1]) {
    if (!s.empty()) std::memcpy(data_.get(), s.data(), s.size());
  }
  std::string_view view() const { return {data_.get(), size_}; }
  char* data() { return data_.get(); }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> data_;
};

// Two pages, the second PROT_NONE: bytes placed with place() end exactly at
// the guard page, so any read past their end faults.
class GuardedBuffer {
 public:
  GuardedBuffer() : page_(static_cast<std::size_t>(sysconf(_SC_PAGESIZE))) {
    void* p = mmap(nullptr, 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("mmap failed");
    base_ = static_cast<char*>(p);
    if (mprotect(base_ + page_, page_, PROT_NONE) != 0) throw std::runtime_error("mprotect failed");
  }
  ~GuardedBuffer() { munmap(base_, 2 * page_); }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;

  // Copies `s` so that its last byte is the last readable byte.
  std::string_view place(std::string_view s) {
    if (s.size() > page_) throw std::length_error("does not fit in a page");
    char* dst = base_ + page_ - s.size();
    if (!s.empty()) std::memcpy(dst, s.data(), s.size());
    return {dst, s.size()};
  }
  std::size_t page_size() const { return page_; }

 private:
  std::size_t page_;
  char* base_ = nullptr;
};

}  // namespace spur::http::test
