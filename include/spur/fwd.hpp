#pragma once
// Forward declarations of the types a route file names, for headers of an
// app's lib/ that only pass them along (`Response render(const Post&);`): a
// header that includes this instead of <spur/route.hpp> costs its includers
// nothing to parse.
#include <cstdint>

namespace spur {

template <typename T>
class Async;
class Request;
class Response;
class HttpError;
class Next;
class BodyStream;
class StreamWriter;
class WebSocket;
struct WebSocketMessage;
struct WebSocketOptions;
struct RouteConfig;
class SearchParams;
class RequestCookies;
struct CookieOptions;
class EventStream;
struct SseEvent;
class Room;
class FormData;
class MultipartReader;
struct UploadedFile;
class Logger;

namespace router {
class Params;
}
using Params = router::Params;

// The Pages Router (<spur/api.hpp>).
class ApiRequest;
class ApiResponse;
struct ApiConfig;

}  // namespace spur
