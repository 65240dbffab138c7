// An LD_PRELOAD shim for fetch_test.py: names ending in ".slow.test" take
// two seconds to resolve, names ending in ".fast.test" none; both resolve to
// 127.0.0.1. Every other name goes to the real getaddrinfo.
#include <dlfcn.h>
#include <netdb.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

namespace {

using Getaddrinfo = int (*)(const char*, const char*, const addrinfo*, addrinfo**);

Getaddrinfo real() {
  static auto f = reinterpret_cast<Getaddrinfo>(dlsym(RTLD_NEXT, "getaddrinfo"));
  return f;
}

bool ends_with(const char* s, std::string_view suffix) {
  return s != nullptr && std::string_view(s).ends_with(suffix);
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** res) {
  if (ends_with(node, ".slow.test")) {
    ::sleep(2);
    return real()("127.0.0.1", service, hints, res);
  }
  if (ends_with(node, ".fast.test")) return real()("127.0.0.1", service, hints, res);
  return real()(node, service, hints, res);
}
