// Server-Sent Events: three events `data: n`, 50 ms apart, then the stream ends.
#include <spur/route.hpp>
#include <string>
using namespace spur;

Response GET() {
  Response r = Response::stream(
      [](StreamWriter& out) -> Async<void> {
        for (int n = 1; n <= 3; ++n) {
          if (!co_await out.write("data: " + std::to_string(n) + "\n\n")) co_return;
          if (!co_await out.sleep(std::chrono::milliseconds(50))) co_return;
        }
      },
      "text/event-stream");
  r.set_header("Cache-Control", "no-cache");
  return r;
}
