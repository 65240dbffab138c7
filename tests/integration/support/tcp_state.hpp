#pragma once
// What the kernel knows about a loopback connection, read from /proc/net/tcp
// and /proc/net/tcp6: used to wait until the server process has actually read
// a request, instead of guessing with a sleep.
#include <chrono>
#include <cstdint>

namespace spur::integration {

// Waits until every byte the client on `client_port` sent to `server_port`
// has been acknowledged and read by the server application (its socket's
// receive queue is empty). False on timeout, or if /proc cannot tell.
bool wait_until_server_read(std::uint16_t server_port, std::uint16_t client_port,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace spur::integration
