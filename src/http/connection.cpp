#include "spur/http/connection.hpp"

#include "spur/http/status.hpp"

namespace spur::http {

ResponseFraming frame_response(const RequestHead& request, const ResponseFacts& r) noexcept {
  ResponseFraming f;
  f.send_body = !status_forbids_body(r.status) && request.method != Method::head;
  // A stream's length is unknown: chunked on HTTP/1.1, the connection's end on 1.0.
  f.chunked = r.streamed && request.version_minor >= 1;
  f.keep_alive = r.keep_alive && !r.draining && !r.body_unread && !(r.streamed && !f.chunked);
  return f;
}

DeadlineChoice read_deadline(RequestReader::Phase phase, Deadline armed) noexcept {
  using Phase = RequestReader::Phase;
  switch (phase) {
    case Phase::head:
      // Measured from the head's first byte (or from accept, for a new
      // connection): trickled bytes do not extend it.
      if (armed == Deadline::header) return {Deadline::header, false};
      return {Deadline::header, true};
    case Phase::body: return {Deadline::body, true};
    case Phase::idle:
      // A new connection's header deadline (from accept) stands.
      if (armed == Deadline::idle || armed == Deadline::header) return {armed, false};
      return {Deadline::idle, true};
    case Phase::ready: return {Deadline::none, true};
  }
  return {Deadline::none, true};
}

DeadlineAction on_deadline(Deadline expired, RequestReader::Phase phase, bool handler_running,
                           bool writing) noexcept {
  using Phase = RequestReader::Phase;
  if (handler_running && expired == Deadline::body) return DeadlineAction::fail_body_read;
  // A partial request gets its 408; an idle connection, one that never sent a
  // byte, or one lingering after its last answer is closed quietly.
  const bool partial = phase == Phase::head || phase == Phase::body;
  if (!partial || writing || (expired != Deadline::header && expired != Deadline::body))
    return DeadlineAction::close;
  return DeadlineAction::answer_timeout;
}

Error timeout_error(Deadline expired) noexcept {
  return expired == Deadline::body ? Error::body_timeout : Error::header_timeout;
}

}  // namespace spur::http
