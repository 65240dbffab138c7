#pragma once
// The two halves of systemd's protocol a server needs, without libsystemd:
// socket activation (the listening socket passed as fd 3 with LISTEN_FDS and
// LISTEN_PID) and notifications (READY=1, STOPPING=1 sent as datagrams to
// NOTIFY_SOCKET) for Type=notify units. Both are inert when the variables
// are absent.
#include <optional>
#include <string_view>

namespace spur::server {

// The listening socket systemd passed to this process, if any (the first of
// LISTEN_FDS); the variables are then unset so that children do not take it.
std::optional<int> inherited_listener();

// Sends `state` ("READY=1", "STOPPING=1") to NOTIFY_SOCKET; false when there
// is no such socket or the datagram could not be sent.
bool notify_supervisor(std::string_view state);

}  // namespace spur::server
