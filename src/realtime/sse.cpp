#include "spur/realtime/sse.hpp"

namespace spur {
namespace {

// A field value on one line: SSE has no escaping, so line breaks go.
void append_line_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ");
  for (char c : value)
    if (c != '\r' && c != '\n') out += c;
  out += '\n';
}

}  // namespace

std::string format_event(const SseEvent& e) {
  std::string out;
  out.reserve(e.data.size() + e.event.size() + e.id.size() + 32);
  if (!e.event.empty()) append_line_field(out, "event", e.event);
  if (!e.id.empty()) append_line_field(out, "id", e.id);
  if (e.retry) out.append("retry: ").append(std::to_string(*e.retry)).append("\n");
  // Every line of the data is its own `data:` field (CRLF, CR and LF all end
  // a line, as the EventSource parser reads them).
  std::string_view rest = e.data;
  for (;;) {
    const std::size_t eol = rest.find_first_of("\r\n");
    out.append("data: ").append(rest.substr(0, eol)).append("\n");
    if (eol == std::string_view::npos) break;
    rest.remove_prefix(eol + (rest.substr(eol, 2) == "\r\n" ? 2 : 1));
  }
  out += '\n';
  return out;
}

StreamWriter::Awaiter EventStream::send(const SseEvent& event) {
  return out_.write(format_event(event));
}

StreamWriter::Awaiter EventStream::send(std::string_view data, std::string_view event,
                                        std::string_view id) {
  SseEvent e;
  e.data = data;
  e.event = event;
  e.id = id;
  return out_.write(format_event(e));
}

StreamWriter::Awaiter EventStream::comment(std::string_view text) {
  std::string line;
  append_line_field(line, "", text);  // ": text\n"
  line += '\n';
  return out_.write(line);
}

Async<bool> EventStream::sleep(std::chrono::milliseconds d) {
  const auto until = std::chrono::steady_clock::now() + d;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) co_return !out_.closed();
    const bool beat = options_.heartbeat.count() > 0 && left > options_.heartbeat;
    if (!co_await out_.sleep(beat ? options_.heartbeat : left)) co_return false;
    if (beat && !co_await comment("ping")) co_return false;
  }
}

Async<bool> EventStream::wait() {
  const bool beats = options_.heartbeat.count() > 0;
  const auto period =
      beats ? options_.heartbeat : std::chrono::milliseconds(std::chrono::minutes(1));
  const auto started = std::chrono::steady_clock::now();
  if (!co_await out_.sleep(period)) co_return false;
  // Woken early means something happened; a full period means a heartbeat.
  if (beats && std::chrono::steady_clock::now() - started >= period)
    co_return co_await comment("ping");
  co_return true;
}

Response sse(const Request& request, EventProducer producer, EventStreamOptions options) {
  std::string last_id(request.header("last-event-id").value_or(""));
  Response r = Response::stream(
      [producer = std::move(producer), last_id = std::move(last_id),
       options](StreamWriter& out) -> Async<void> {
        EventStream events(out, last_id, options);
        co_await producer(events);
      },
      "text/event-stream; charset=utf-8");
  r.set_header("Cache-Control", "no-cache");
  // Tells nginx not to buffer the stream.
  r.set_header("X-Accel-Buffering", "no");
  return r;
}

}  // namespace spur
