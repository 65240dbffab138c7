#include "support/tcp_state.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace spur::integration {
namespace {

struct Queues {
  unsigned long tx = 0;  // bytes sent and not yet acknowledged
  unsigned long rx = 0;  // bytes received and not yet read
};

// The queues of the socket whose local port is `local` and remote port `remote`.
std::optional<Queues> find_socket(std::uint16_t local, std::uint16_t remote) {
  for (const char* file : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // column titles
    while (std::getline(in, line)) {
      // sl local_address rem_address st tx_queue:rx_queue ...
      std::istringstream fields(line);
      std::string sl, local_address, rem_address, st, queues;
      if (!(fields >> sl >> local_address >> rem_address >> st >> queues)) continue;
      auto port_of = [](const std::string& address) {
        return static_cast<std::uint16_t>(
            std::stoul(address.substr(address.rfind(':') + 1), nullptr, 16));
      };
      if (port_of(local_address) != local || port_of(rem_address) != remote) continue;
      std::size_t colon = queues.find(':');
      Queues q;
      q.tx = std::stoul(queues.substr(0, colon), nullptr, 16);
      q.rx = std::stoul(queues.substr(colon + 1), nullptr, 16);
      return q;
    }
  }
  return std::nullopt;
}

}  // namespace

bool wait_until_server_read(std::uint16_t server_port, std::uint16_t client_port,
                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto client = find_socket(client_port, server_port);
    auto server = find_socket(server_port, client_port);
    if (client && server && client->tx == 0 && server->rx == 0) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace spur::integration
