#pragma once
// A byte range of an open file as a Response body, so a large file is never
// read into memory: the socket server sends it straight from the file with
// sendfile(2); adapters without a socket (an in-process test client, tests)
// read it with read_file_body().
//
//   FileBody body{std::make_shared<FileHandle>(fd), 0, size};
//   Response r(200);
//   r.file_body(std::move(body));           // Content-Length: size
#include <cstdint>
#include <memory>
#include <string>

namespace spur {

// Owns a file descriptor opened for reading; closes it on destruction.
class FileHandle final {
 public:
  explicit FileHandle(int fd) noexcept : fd_(fd) {}
  ~FileHandle();
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;

  int fd() const noexcept { return fd_; }

 private:
  int fd_;
};

// `length` bytes of `file` from `offset`. Copies of a Response share the
// descriptor; it is closed when the last one is gone (or, in the server, when
// the range has been sent or the connection has died).
struct FileBody {
  std::shared_ptr<const FileHandle> file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// The range's bytes, read with pread(2). Throws std::system_error when a read
// fails or the file ends before the range does (it was truncated since).
std::string read_file_body(const FileBody& body);

}  // namespace spur
