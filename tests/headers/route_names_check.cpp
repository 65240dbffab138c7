// What `using namespace spur;` brings into a route file must not take the
// words apps use for their own types: this unit is compiled as a generated
// route unit is (the glue, then <spur/route.hpp>), declares those words, and
// uses them unqualified. A clash is an "ambiguous" compile error here.
// Regression: `struct Task` in an app failed with only "template argument 1
// is invalid", because the coroutine type was spur::Task.
#include <optional>
#include <spur/detail/route_glue.hpp>
#include <spur/route.hpp>
#include <vector>

struct Task {};
struct Field {};
struct Event {};
struct Condition {};
struct Handler {};
struct App {};
struct Server {};
struct Client {};
struct Config {};
struct Options {};
struct Status {};
struct Method {};
struct Header {};
struct Message {};
struct Post {};
struct User {};
struct Order {};
struct Item {};
struct Session {};
struct File {};
struct Route {};
struct Error {};
struct Result {};
struct Value {};
struct Entry {};
struct Record {};
struct Query {};
struct Filter {};
struct Job {};
struct Store {};
struct Cache {};
struct Token {};
struct Comment {};
struct Product {};
struct Account {};
struct Payment {};
struct Notification {};
struct Attachment {};

using namespace spur;

std::optional<Task> task;
std::vector<Field> fields;
Event event;
Condition condition;
Handler handler;
App app;
Server server;
Client client;
Config config_value;
Options options;
Status status;
Method method;
Header header;
Message message;
Post post;
User user;
Order order;
Item item;
Session session;
File file;
Route route;
Error error;
Result result;
Value value;
Entry entry;
Record record;
Query query;
Filter filter;
Job job;
Store store;
Cache cache;
Token token;
Comment comment;
Product product;
Account account;
Payment payment;
Notification notification;
Attachment attachment;

// And the framework's own names still resolve.
Async<Response> GET(Request&) { co_return Response::text("ok"); }
