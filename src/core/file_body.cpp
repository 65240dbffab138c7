#include "spur/core/file_body.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace spur {

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

std::string read_file_body(const FileBody& body) {
  std::string out;
  if (body.length == 0) return out;
  if (!body.file) throw std::system_error(std::make_error_code(std::errc::bad_file_descriptor));
  out.resize(body.length);
  std::uint64_t done = 0;
  while (done < body.length) {
    const ssize_t n = ::pread(body.file->fd(), out.data() + done, body.length - done,
                              static_cast<off_t>(body.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "reading a file body");
    if (n == 0)
      throw std::system_error(std::make_error_code(std::errc::io_error),
                              "reading a file body: the file is shorter than the range");
    done += static_cast<std::uint64_t>(n);
  }
  return out;
}

}  // namespace spur
