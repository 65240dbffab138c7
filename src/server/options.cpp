#include "spur/server/options.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

namespace spur {
namespace {

// A duration flag in milliseconds, e.g. --body-timeout-ms 5000.
void add_ms(CLI::App& cli, const std::string& name, std::chrono::milliseconds& target,
            const std::string& description) {
  cli.add_option_function<long long>(
         name, [&target](long long ms) { target = std::chrono::milliseconds(ms); },
         description + " (now " + std::to_string(target.count()) + ")")
      ->check(CLI::PositiveNumber);
}

}  // namespace

std::string_view spur_version() noexcept { return SPUR_VERSION; }

ParseOutcome parse_command_line(int argc, char** argv, std::string_view description,
                                CommandLineFlags flags, CommandLine& out) {
  CLI::App cli{std::string(description)};
  cli.set_version_flag("--version", std::string("spur ") + SPUR_VERSION);
  ServerOptions& o = out.server;
  cli.add_option("-p,--port", o.port, "port to listen on; 0 picks one")
      ->envname("PORT")
      ->capture_default_str();
  cli.add_option("-H,--hostname", o.hostname, "address or name to bind")
      ->envname("HOSTNAME")
      ->capture_default_str();
  cli.add_option("--workers", o.workers, "worker threads; 0: one per core")->capture_default_str();
  cli.add_option("--offload-threads", o.offload_threads,
                 "threads for spur::offload's blocking work; 0: one per core, at least two")
      ->capture_default_str();
  cli.add_option("--offload-queue", o.offload_queue,
                 "blocking jobs that may wait for an offload thread; more answer 503")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cli.add_option("--max-connections", o.max_connections,
                 "connections held at once; at the limit, accepting pauses")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  add_ms(cli, "--header-timeout-ms", o.timeouts.header, "time allowed for a request head");
  add_ms(cli, "--body-timeout-ms", o.timeouts.body, "longest pause while reading a body");
  add_ms(cli, "--idle-timeout-ms", o.timeouts.idle, "keep-alive idle time");
  add_ms(cli, "--write-timeout-ms", o.timeouts.write,
         "longest pause while the client is not reading");
  add_ms(cli, "--shutdown-grace-ms", o.timeouts.shutdown_grace,
         "time in-flight requests get on SIGTERM/SIGINT");
  cli.add_option_function<long long>(
         "--drain-delay-ms", [&o](long long ms) { o.drain_delay = std::chrono::milliseconds(ms); },
         "after SIGTERM/SIGINT, time to keep serving while /_spur/ready answers 503 (now " +
             std::to_string(o.drain_delay.count()) + ")")
      ->envname("SPUR_DRAIN_DELAY_MS")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--max-body-bytes", o.limits.max_body_bytes, "largest request body")
      ->capture_default_str();
  cli.add_option("--max-body-memory", o.max_body_memory,
                 "bytes all buffered request bodies may hold together; more answer 503")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cli.add_option("--max-unsent-output-bytes", o.limits.max_unsent_output_bytes,
                 "answers a connection may hold unsent before its next requests wait")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cli.add_option("--max-target-bytes", o.limits.max_target_bytes, "longest request target")
      ->capture_default_str();
  cli.add_option("--max-header-bytes", o.limits.max_header_bytes, "largest request head")
      ->capture_default_str();
  const std::map<std::string, LogFormat> formats{{"dev", LogFormat::dev},
                                                 {"json", LogFormat::json}};
  const std::map<std::string, LogLevel> levels{{"debug", LogLevel::debug},
                                               {"info", LogLevel::info},
                                               {"warn", LogLevel::warn},
                                               {"error", LogLevel::error}};
  cli.add_option_function<LogFormat>(
         "--log-format", [&out](LogFormat f) { out.log_format = f; },
         "dev (readable lines) or json (one object a line); default: the app's config")
      ->transform(CLI::CheckedTransformer(formats))
      ->envname("SPUR_LOG_FORMAT");
  cli.add_option_function<LogLevel>(
         "--log-level", [&out](LogLevel l) { out.log_level = l; },
         "lowest level written: debug, info, warn or error; default: the app's config")
      ->transform(CLI::CheckedTransformer(levels))
      ->envname("SPUR_LOG_LEVEL");
  if (flags.public_dir)
    cli.add_option_function<std::string>(
        "--public-dir", [&out](const std::string& dir) { out.public_dir = dir; },
        "folder served as static files (default: the app's public/)");
  if (flags.print_routes)
    cli.add_flag("--routes", out.print_routes, "print the route table and exit");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    cli.exit(e);
    return ParseOutcome::exit_ok;
  } catch (const CLI::CallForVersion& e) {
    cli.exit(e);
    return ParseOutcome::exit_ok;
  } catch (const CLI::ParseError& e) {
    cli.exit(e, std::cerr, std::cerr);
    return ParseOutcome::exit_error;
  }
  return ParseOutcome::run;
}

}  // namespace spur
