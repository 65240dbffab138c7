#pragma once
// The connection's pure decisions (RFC 9112 §6, §9), without I/O: how a
// response is framed and whether the connection stays open after it, which
// read deadline applies, and what an expired one means. The server's session
// asks these and only does the reading, writing and timing; the tests ask
// them without a socket.
#include <cstdint>

#include "spur/http/request_head.hpp"
#include "spur/http/request_reader.hpp"

namespace spur::http {

// How one response goes out.
struct ResponseFraming {
  bool send_body = true;   // false: a HEAD request, or a status without a body (1xx, 204, 304)
  bool chunked = false;    // a body of unknown length on HTTP/1.1
  bool keep_alive = true;  // the connection stays open for the next request
};

// What the connection knows when a response is ready.
struct ResponseFacts {
  int status = 200;
  bool streamed = false;     // the body's length is unknown (a producer writes it)
  bool keep_alive = true;    // the request allows it (head.keep_alive)
  bool draining = false;     // the server is shutting down
  bool body_unread = false;  // a streamed request body the handler left unread
};

// The framing of a response to `request`:
//  - no body for HEAD, 1xx, 204 and 304;
//  - a stream is chunked on HTTP/1.1, and on HTTP/1.0 ends with the connection;
//  - the connection closes after it when the request or the server's
//    draining says so, when the body is close-delimited, or when the handler
//    left a streamed request body unread (it is never read: a 413 costs no upload).
// Example: a streamed 200 to an HTTP/1.0 GET → {send_body, !chunked, !keep_alive}.
ResponseFraming frame_response(const RequestHead& request, const ResponseFacts& response) noexcept;

// Read deadlines (docs/http.md): for a head (measured from its first byte,
// or from accept), for a pause in a body, for an idle keep-alive connection,
// and for the wait for a client's FIN after our last answer.
enum class Deadline : std::uint8_t { none, header, body, idle, linger };

// The deadline the reader's phase calls for, given the one already armed: a
// head's deadline is not extended by trickled bytes, a body's is (progress
// resets the stall clock), and a request ready to run has none (the handler's
// time is not the client's).
struct DeadlineChoice {
  Deadline deadline = Deadline::none;
  bool restart = false;  // arm it from now (false: keep the one running)
};
DeadlineChoice read_deadline(RequestReader::Phase phase, Deadline armed) noexcept;

// What an expired read deadline means.
enum class DeadlineAction : std::uint8_t {
  close,           // quietly: an idle or never-used connection, a linger that ended
  answer_timeout,  // 408 for a partial request (timeout_error() says which), then close
  fail_body_read,  // the handler is reading a streamed body: its read() throws 408
};
DeadlineAction on_deadline(Deadline expired, RequestReader::Phase phase, bool handler_running,
                           bool writing) noexcept;
// The error a 408 answers for `expired` (header or body).
Error timeout_error(Deadline expired) noexcept;

}  // namespace spur::http
