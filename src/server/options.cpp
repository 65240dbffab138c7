#include "spur/server/options.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace spur {

const char* const server_options_help =
    "  --port N              port to listen on (env PORT; default 3000; 0 picks one)\n"
    "  --hostname H          address or name to bind (env HOSTNAME; default 0.0.0.0)\n"
    "  --workers N           worker threads (default: one per core)\n"
    "  --header-timeout-ms N time allowed for a request head\n"
    "  --body-timeout-ms N   longest pause while reading a body\n"
    "  --idle-timeout-ms N   keep-alive idle time\n"
    "  --write-timeout-ms N  longest pause while the client is not reading\n"
    "  --shutdown-grace-ms N time in-flight requests get on SIGTERM/SIGINT\n"
    "  --max-body-bytes N    largest request body\n";

const char* const app_options_help =
    "  --public-dir DIR      folder served as static files (default: the app's public/)\n";

namespace {

template <typename T>
bool to_number(std::string_view s, T& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

// Both parsers: `public_dir` is null where --public-dir is not a flag.
bool parse(int argc, char** argv, ServerOptions& o, std::optional<std::string>* public_dir,
           std::string& error) {
  if (const char* p = std::getenv("PORT"); p && !to_number(std::string_view(p), o.port)) {
    error = "PORT must be a number from 0 to 65535";
    return false;
  }
  if (const char* h = std::getenv("HOSTNAME"); h && *h) o.hostname = h;

  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    std::string_view value;
    if (auto eq = flag.find('='); eq != std::string_view::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      error = "missing value for " + std::string(flag);
      return false;
    }
    auto ms = [&](std::chrono::milliseconds& d) {
      long long n = 0;
      if (!to_number(value, n) || n <= 0) return false;
      d = std::chrono::milliseconds(n);
      return true;
    };
    bool ok = true;
    if (flag == "--port" || flag == "-p")
      ok = to_number(value, o.port);
    else if (flag == "--hostname" || flag == "-H")
      o.hostname = std::string(value);
    else if (flag == "--workers")
      ok = to_number(value, o.workers);
    else if (flag == "--header-timeout-ms")
      ok = ms(o.timeouts.header);
    else if (flag == "--body-timeout-ms")
      ok = ms(o.timeouts.body);
    else if (flag == "--idle-timeout-ms")
      ok = ms(o.timeouts.idle);
    else if (flag == "--write-timeout-ms")
      ok = ms(o.timeouts.write);
    else if (flag == "--shutdown-grace-ms")
      ok = ms(o.timeouts.shutdown_grace);
    else if (flag == "--max-body-bytes")
      ok = to_number(value, o.limits.max_body_bytes);
    else if (flag == "--public-dir" && public_dir) {
      ok = !value.empty();
      *public_dir = std::string(value);
    } else {
      error = "unknown option " + std::string(flag);
      return false;
    }
    if (!ok) {
      error = "bad value for " + std::string(flag) + ": " + std::string(value);
      return false;
    }
  }
  return true;
}

}  // namespace

bool parse_server_options(int argc, char** argv, ServerOptions& out, std::string& error) {
  return parse(argc, argv, out, nullptr, error);
}

bool parse_app_command_line(int argc, char** argv, AppCommandLine& out, std::string& error) {
  return parse(argc, argv, out.server, &out.public_dir, error);
}

}  // namespace spur
