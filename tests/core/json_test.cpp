// JSON in handlers: Request::json() parsing, Request::json<T>() decoding with
// the exact client-facing error for each mismatch, and Response::json()
// encoding, including round trips through both.
#include "spur/core/json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "posted_request.hpp"
#include "spur/core/http_error.hpp"

namespace spur {
namespace {

namespace json = boost::json;

using test::Posted;

template <typename T>
T decode(std::string body) {
  Posted posted(std::move(body));
  return posted.request().json<T>();
}

// The message of the HttpError that decoding `body` as T throws; fails the
// test if it throws nothing or a status other than 400.
template <typename T>
std::string decode_error(std::string body) {
  try {
    decode<T>(body);
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400) << body;
    return e.what();
  }
  ADD_FAILURE() << "decoded without an error: " << body;
  return {};
}

struct Author {
  std::string name;
  std::optional<std::string> email;
  bool operator==(const Author&) const = default;
};
BOOST_DESCRIBE_STRUCT(Author, (), (name, email))

struct Score {
  int value = 0;
  std::optional<double> weight;
  bool operator==(const Score&) const = default;
};
BOOST_DESCRIBE_STRUCT(Score, (), (value, weight))

struct Meta {
  std::vector<Score> scores;
  std::map<std::string, std::string> labels;
  bool operator==(const Meta&) const = default;
};
BOOST_DESCRIBE_STRUCT(Meta, (), (scores, labels))

enum class Status { draft, published };
BOOST_DESCRIBE_ENUM(Status, draft, published)

struct Post {
  std::string title;
  bool published = false;
  std::int8_t priority = 0;
  double rating = 0;
  std::vector<std::string> tags;
  Author author;
  std::optional<Meta> meta;
  Status status = Status::draft;
  std::optional<int> likes;
  bool operator==(const Post&) const = default;
};
BOOST_DESCRIBE_STRUCT(Post, (),
                      (title, published, priority, rating, tags, author, meta, status, likes))

// Every member present; the error cases below each change one of them.
constexpr std::string_view valid_post = R"({
  "title": "Hello",
  "published": true,
  "priority": -3,
  "rating": 4.5,
  "tags": ["a", "b"],
  "author": {"name": "Ada", "email": "ada@example.com"},
  "meta": {"scores": [{"value": 1}, {"value": 2, "weight": 0.5}], "labels": {"env": "prod"}},
  "status": "published",
  "likes": 7
})";

// ---- Request::json(): the body as a JSON value -------------------------------

TEST(RequestJson, ParsesAnyJsonValueWhateverTheContentType) {
  struct Case {
    std::string body;
    const char* content_type;
    json::value expected;
  };
  const Case cases[] = {
      {"42", "text/plain", 42},
      {R"("str")", "application/octet-stream", "str"},
      {"null", "application/json", nullptr},
      {"true", "text/plain", true},
      {" [1, 2.5, \"x\"] \n", "application/x-www-form-urlencoded", {1, 2.5, "x"}},
      {R"({"a": {"b": []}})", "application/json", {{"a", {{"b", json::array{}}}}}},
  };
  for (const Case& c : cases) {
    Posted posted(c.body, c.content_type);
    EXPECT_EQ(posted.request().json(), c.expected) << c.body;
  }
}

TEST(RequestJson, SkipsAByteOrderMarkAsFetchDoes) {
  Posted posted("\xEF\xBB\xBF{\"a\":1}");
  EXPECT_EQ(posted.request().json(), (json::value{{"a", 1}}));
}

TEST(RequestJson, MalformedOrEmptyBodyIsHttpError400) {
  const std::string bodies[] = {
      "",     "{",          "[1,",           " ",        "{'a':1}",   "nul",       "1 2",
      "[1,]", "{\"a\":1,}", "// comment\n1", "\"\xFF\"", "undefined", "{\"a\" 1}",
  };
  for (const std::string& body : bodies) {
    Posted posted(body);
    try {
      (void)posted.request().json();
      ADD_FAILURE() << "parsed: " << body;
    } catch (const HttpError& e) {
      EXPECT_EQ(e.status(), 400) << body;
      EXPECT_STREQ(e.what(), "Invalid JSON") << body;
    }
  }
}

TEST(RequestJson, NestingDeeperThan32LevelsIsMalformed) {
  // Boost.JSON's default max_depth bounds the parser's stack.
  auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  Posted ok(nested(32));
  EXPECT_NO_THROW((void)ok.request().json());
  Posted deep(nested(33));
  EXPECT_THROW((void)deep.request().json(), HttpError);
}

TEST(RequestJson, TypedDecodingOfMalformedBodyIsInvalidJson) {
  EXPECT_EQ(decode_error<Post>(""), "Invalid JSON");
  EXPECT_EQ(decode_error<Post>("{\"title\":"), "Invalid JSON");
  EXPECT_EQ(decode_error<int>("[1,"), "Invalid JSON");
}

// ---- Request::json<T>(): described structs -----------------------------------

TEST(RequestJsonT, DecodesADescribedStructWithNestedMembers) {
  Post post = decode<Post>(std::string(valid_post));
  EXPECT_EQ(post.title, "Hello");
  EXPECT_TRUE(post.published);
  EXPECT_EQ(post.priority, -3);
  EXPECT_EQ(post.rating, 4.5);
  EXPECT_EQ(post.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(post.author, (Author{"Ada", "ada@example.com"}));
  ASSERT_TRUE(post.meta);
  EXPECT_EQ(post.meta->scores, (std::vector<Score>{{1, std::nullopt}, {2, 0.5}}));
  EXPECT_EQ(post.meta->labels, (std::map<std::string, std::string>{{"env", "prod"}}));
  EXPECT_EQ(post.status, Status::published);
  EXPECT_EQ(post.likes, 7);
}

TEST(RequestJsonT, OptionalMembersMayBeAbsentOrNull) {
  const std::string absent = R"({"title":"t","published":false,"priority":0,"rating":0,"tags":[],)"
                             R"("author":{"name":"Ada"},"status":"draft"})";
  Post a = decode<Post>(absent);
  EXPECT_EQ(a.author.email, std::nullopt);
  EXPECT_EQ(a.meta, std::nullopt);
  EXPECT_EQ(a.likes, std::nullopt);

  const std::string null =
      R"({"title":"t","published":false,"priority":0,"rating":0,"tags":[],)"
      R"("author":{"name":"Ada","email":null},"meta":null,"status":"draft","likes":null})";
  Post n = decode<Post>(null);
  EXPECT_EQ(n.author.email, std::nullopt);
  EXPECT_EQ(n.meta, std::nullopt);
  EXPECT_EQ(n.likes, std::nullopt);
}

TEST(RequestJsonT, UnknownMembersAreIgnored) {
  Author a = decode<Author>(R"({"name":"Ada","role":"admin","extra":{"deep":[1,2]}})");
  EXPECT_EQ(a, (Author{"Ada", std::nullopt}));
}

// One line per way a body can be wrong: the member replaced in valid_post (or
// removed, when `value` is null), and the message the client receives.
struct ErrorCase {
  const char* name;
  const char* member;
  const char* value;
  const char* message;
};

const ErrorCase error_cases[] = {
    {"title_missing", "title", nullptr, "Invalid body: 'title' is required"},
    {"title_number", "title", "1", "Invalid body: 'title' must be a string"},
    {"title_null", "title", "null", "Invalid body: 'title' must be a string"},
    {"title_array", "title", R"(["Hello"])", "Invalid body: 'title' must be a string"},
    {"published_missing", "published", nullptr, "Invalid body: 'published' is required"},
    {"published_string", "published", R"("true")", "Invalid body: 'published' must be a boolean"},
    {"published_number", "published", "1", "Invalid body: 'published' must be a boolean"},
    {"priority_fraction", "priority", "1.5", "Invalid body: 'priority' must be an integer"},
    {"priority_string", "priority", R"("1")", "Invalid body: 'priority' must be an integer"},
    {"priority_bool", "priority", "true", "Invalid body: 'priority' must be an integer"},
    {"priority_above_range", "priority", "128",
     "Invalid body: 'priority' must be an integer from -128 to 127"},
    {"priority_below_range", "priority", "-129",
     "Invalid body: 'priority' must be an integer from -128 to 127"},
    {"priority_huge_double", "priority", "1e300",
     "Invalid body: 'priority' must be an integer from -128 to 127"},
    {"rating_string", "rating", R"("4.5")", "Invalid body: 'rating' must be a number"},
    {"rating_null", "rating", "null", "Invalid body: 'rating' must be a number"},
    {"tags_object", "tags", "{}", "Invalid body: 'tags' must be an array"},
    {"tags_string", "tags", R"("a,b")", "Invalid body: 'tags' must be an array"},
    {"tags_element", "tags", R"(["a", "b", 3])", "Invalid body: 'tags[2]' must be a string"},
    {"tags_null_element", "tags", R"([null])", "Invalid body: 'tags[0]' must be a string"},
    {"author_missing", "author", nullptr, "Invalid body: 'author' is required"},
    {"author_string", "author", R"("Ada")", "Invalid body: 'author' must be an object"},
    {"author_name_missing", "author", "{}", "Invalid body: 'author.name' is required"},
    {"author_name_number", "author", R"({"name": 1})",
     "Invalid body: 'author.name' must be a string"},
    {"author_email_number", "author", R"({"name": "Ada", "email": 1})",
     "Invalid body: 'author.email' must be a string"},
    {"meta_array", "meta", "[]", "Invalid body: 'meta' must be an object"},
    {"meta_scores_missing", "meta", R"({"labels": {}})", "Invalid body: 'meta.scores' is required"},
    {"meta_score_value_string", "meta", R"({"scores": [{"value": "1"}], "labels": {}})",
     "Invalid body: 'meta.scores[0].value' must be an integer"},
    {"meta_score_value_missing", "meta", R"({"scores": [{"value": 1}, {}], "labels": {}})",
     "Invalid body: 'meta.scores[1].value' is required"},
    {"meta_score_weight_string", "meta",
     R"({"scores": [{"value": 1}, {"value": 2, "weight": "x"}], "labels": {}})",
     "Invalid body: 'meta.scores[1].weight' must be a number"},
    {"meta_score_not_object", "meta", R"({"scores": [1], "labels": {}})",
     "Invalid body: 'meta.scores[0]' must be an object"},
    {"meta_labels_array", "meta", R"({"scores": [], "labels": []})",
     "Invalid body: 'meta.labels' must be an object"},
    {"meta_label_number", "meta", R"({"scores": [], "labels": {"env": 1}})",
     "Invalid body: 'meta.labels.env' must be a string"},
    {"status_unknown", "status", R"("archived")",
     "Invalid body: 'status' must be one of 'draft', 'published'"},
    {"status_case", "status", R"("Draft")",
     "Invalid body: 'status' must be one of 'draft', 'published'"},
    {"status_number", "status", "0", "Invalid body: 'status' must be one of 'draft', 'published'"},
    {"likes_string", "likes", R"("7")", "Invalid body: 'likes' must be an integer"},
    {"likes_above_int", "likes", "2147483648",
     "Invalid body: 'likes' must be an integer from -2147483648 to 2147483647"},
};

TEST(RequestJsonT, EachMismatchHasItsMessage) {
  for (const ErrorCase& c : error_cases) {
    json::object body = json::parse(valid_post).as_object();
    if (c.value)
      body[c.member] = json::parse(c.value);
    else
      body.erase(c.member);
    EXPECT_EQ(decode_error<Post>(json::serialize(body)), c.message) << c.name;
  }
}

TEST(RequestJsonT, BodyOfTheWrongKindExpectsAnObject) {
  for (const char* body : {"[]", R"("Hello")", "null", "42", "true"})
    EXPECT_EQ(decode_error<Post>(body), "Invalid body: expected an object") << body;
}

TEST(RequestJsonT, FirstErrorInDeclarationOrderWins) {
  // Members are checked in declaration order, whatever order the body has.
  EXPECT_EQ(decode_error<Post>(R"({"published": "yes", "title": 1})"),
            "Invalid body: 'title' must be a string");
  EXPECT_EQ(decode_error<Post>(R"({"tags": [1, 2], "title": "t", "published": true,
                                   "priority": 0, "rating": 0})"),
            "Invalid body: 'tags[0]' must be a string");
}

// ---- Request::json<T>(): other types, top level and nested --------------------

TEST(RequestJsonT, DecodesScalarsAtTopLevel) {
  EXPECT_EQ(decode<int>("42"), 42);
  EXPECT_EQ(decode<bool>("true"), true);
  EXPECT_EQ(decode<double>("2.5"), 2.5);
  EXPECT_EQ(decode<double>("2"), 2.0);
  EXPECT_EQ(decode<float>("-0.5"), -0.5f);
  EXPECT_EQ(decode<std::string>(R"("str")"), "str");
  EXPECT_EQ(decode<std::string>(R"("caf\u00e9 \"q\"")"), "caf\xC3\xA9 \"q\"");
  EXPECT_EQ(decode<std::optional<int>>("null"), std::nullopt);
  EXPECT_EQ(decode<std::optional<int>>("3"), 3);
  EXPECT_EQ(decode<Status>(R"("draft")"), Status::draft);
}

TEST(RequestJsonT, TopLevelMismatchSaysWhatWasExpected) {
  EXPECT_EQ(decode_error<int>(R"("42")"), "Invalid body: expected an integer");
  EXPECT_EQ(decode_error<bool>("0"), "Invalid body: expected a boolean");
  EXPECT_EQ(decode_error<double>("null"), "Invalid body: expected a number");
  EXPECT_EQ(decode_error<std::string>("42"), "Invalid body: expected a string");
  EXPECT_EQ(decode_error<std::vector<int>>("{}"), "Invalid body: expected an array");
  EXPECT_EQ((decode_error<std::map<std::string, int>>("[]")), "Invalid body: expected an object");
  EXPECT_EQ(decode_error<std::uint8_t>("256"), "Invalid body: expected an integer from 0 to 255");
  EXPECT_EQ(decode_error<Status>("null"), "Invalid body: expected one of 'draft', 'published'");
}

TEST(RequestJsonT, IntegersAreRangeChecked) {
  EXPECT_EQ(decode<std::uint8_t>("255"), 255);
  EXPECT_EQ(decode<std::uint8_t>("0"), 0);
  EXPECT_EQ(decode_error<std::uint8_t>("-1"), "Invalid body: expected an integer from 0 to 255");
  EXPECT_EQ(decode<std::int64_t>("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(decode<std::int64_t>("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(decode_error<std::int64_t>("9223372036854775808"),
            "Invalid body: expected an integer from -9223372036854775808 to 9223372036854775807");
  EXPECT_EQ(decode<std::uint64_t>("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(decode_error<std::uint64_t>("-1"),
            "Invalid body: expected an integer from 0 to 18446744073709551615");
  EXPECT_EQ(decode<std::int16_t>("-32768"), -32768);
  EXPECT_EQ(decode_error<std::int16_t>("32768"),
            "Invalid body: expected an integer from -32768 to 32767");
}

TEST(RequestJsonT, WholeNumbersWrittenAsDecimalsAreIntegers) {
  // As JavaScript's Number.isInteger(3.0): the value counts, not the spelling.
  EXPECT_EQ(decode<int>("3.0"), 3);
  EXPECT_EQ(decode<int>("1e2"), 100);
  EXPECT_EQ(decode<int>("-0.0"), 0);
  EXPECT_EQ(decode_error<int>("3.5"), "Invalid body: expected an integer");
  EXPECT_EQ(decode_error<int>("1e-1"), "Invalid body: expected an integer");
  EXPECT_EQ(decode_error<int>("1e10"),
            "Invalid body: expected an integer from -2147483648 to 2147483647");
}

TEST(RequestJsonT, PathsIndexTopLevelArrays) {
  EXPECT_EQ(decode<std::vector<int>>("[1, 2, 3]"), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(decode<std::vector<int>>("[]"), std::vector<int>{});
  EXPECT_EQ(decode_error<std::vector<int>>("[1, 2, true]"),
            "Invalid body: '[2]' must be an integer");
  EXPECT_EQ(decode_error<std::vector<Score>>(R"([{"value": 1}, {"value": false}])"),
            "Invalid body: '[1].value' must be an integer");
  EXPECT_EQ(decode_error<std::vector<std::vector<int>>>("[[1], [2, null]]"),
            "Invalid body: '[1][1]' must be an integer");
  EXPECT_EQ((decode<std::vector<std::optional<bool>>>("[true, null, false]")),
            (std::vector<std::optional<bool>>{true, std::nullopt, false}));
}

TEST(RequestJsonT, DecodesStringKeyedMaps) {
  using Ordered = std::map<std::string, int>;
  using Unordered = std::unordered_map<std::string, std::vector<int>>;
  EXPECT_EQ(decode<Ordered>(R"({"b": 2, "a": 1})"), (Ordered{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(decode<Unordered>(R"({"x": [1], "": []})"), (Unordered{{"x", {1}}, {"", {}}}));
  EXPECT_EQ(decode_error<Ordered>(R"({"a": 1, "b": "2"})"), "Invalid body: 'b' must be an integer");
  EXPECT_EQ(decode_error<Unordered>(R"({"x": [1, "2"]})"),
            "Invalid body: 'x[1]' must be an integer");
  EXPECT_EQ(decode_error<Ordered>(R"({"": "2"})"), "Invalid body: '' must be an integer");
}

struct Envelope {
  std::string type;
  json::value data;
  json::object headers;
  json::array items;
  std::optional<json::value> trace;
};
BOOST_DESCRIBE_STRUCT(Envelope, (), (type, data, headers, items, trace))

TEST(RequestJsonT, JsonValuesAreTakenAsIs) {
  Envelope e = decode<Envelope>(
      R"({"type": "t", "data": [1, {"x": null}], "headers": {"a": "b"}, "items": [true]})");
  EXPECT_EQ(e.data, json::parse(R"([1, {"x": null}])"));
  EXPECT_EQ(e.headers, (json::object{{"a", "b"}}));
  EXPECT_EQ(e.items, (json::array{true}));
  EXPECT_EQ(e.trace, std::nullopt);

  // A json::value member accepts null but, not being optional, not absence.
  EXPECT_EQ(decode<Envelope>(R"({"type":"t","data":null,"headers":{},"items":[]})").data, nullptr);
  EXPECT_EQ(decode_error<Envelope>(R"({"type":"t","headers":{},"items":[]})"),
            "Invalid body: 'data' is required");
  EXPECT_EQ(decode_error<Envelope>(R"({"type":"t","data":1,"headers":[],"items":[]})"),
            "Invalid body: 'headers' must be an object");
  EXPECT_EQ(decode_error<Envelope>(R"({"type":"t","data":1,"headers":{},"items":{}})"),
            "Invalid body: 'items' must be an array");
  EXPECT_EQ(decode<json::value>(R"({"any": ["thing"]})"), json::parse(R"({"any": ["thing"]})"));
}

struct Base {
  std::string id;
};
struct Derived : Base {
  int n = 0;
};
BOOST_DESCRIBE_STRUCT(Base, (), (id))
BOOST_DESCRIBE_STRUCT(Derived, (Base), (n))

TEST(RequestJsonT, DescribedBasesAreDecodedToo) {
  Derived d = decode<Derived>(R"({"id": "x", "n": 2})");
  EXPECT_EQ(d.id, "x");
  EXPECT_EQ(d.n, 2);
  EXPECT_EQ(decode_error<Derived>(R"({"n": 2})"), "Invalid body: 'id' is required");
}

// ---- Response::json ----------------------------------------------------------

TEST(ResponseJson, BracedInitializerListIsAnObject) {
  Response r = Response::json({{"error", "Post not found"}}, 404);
  EXPECT_EQ(r.status(), 404);
  EXPECT_EQ(r.header("Content-Type").value_or(""), "application/json");
  EXPECT_EQ(r.body(), R"({"error":"Post not found"})");

  Response list = Response::json({1, 2, 3});
  EXPECT_EQ(list.status(), 200);
  EXPECT_EQ(list.body(), "[1,2,3]");
}

TEST(ResponseJson, JsonValues) {
  json::value v = {{"ok", true}, {"n", nullptr}};
  EXPECT_EQ(Response::json(v).body(), R"({"ok":true,"n":null})");
  EXPECT_EQ(Response::json(json::object{{"a", 1}}, 201).body(), R"({"a":1})");
  EXPECT_EQ(Response::json(json::object{{"a", 1}}, 201).status(), 201);
}

TEST(ResponseJson, DescribedStructInDeclarationOrder) {
  Post post = decode<Post>(std::string(valid_post));
  post.likes.reset();
  Response r = Response::json(post);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.header("content-type").value_or(""), "application/json");
  EXPECT_EQ(r.body(),
            R"({"title":"Hello","published":true,"priority":-3,"rating":4.5,"tags":["a","b"],)"
            R"("author":{"name":"Ada","email":"ada@example.com"},)"
            R"("meta":{"scores":[{"value":1,"weight":null},{"value":2,"weight":0.5}],)"
            R"("labels":{"env":"prod"}},"status":"published","likes":null})");
}

TEST(ResponseJson, ContainersAndScalars) {
  std::vector<Author> authors{{"Ada", std::nullopt}, {"Grace", "g@example.com"}};
  EXPECT_EQ(Response::json(authors).body(),
            R"([{"name":"Ada","email":null},{"name":"Grace","email":"g@example.com"}])");
  EXPECT_EQ(Response::json(std::map<std::string, int>{{"b", 2}, {"a", 1}}).body(),
            R"({"a":1,"b":2})");
  EXPECT_EQ(Response::json(std::optional<int>{}).body(), "null");
  EXPECT_EQ(Response::json(std::string("hi")).body(), R"("hi")");
  // Already serialized JSON is a string to Response::json; json_text sends it as is.
  EXPECT_EQ(Response::json(R"({"ok":true})").body(), R"("{\"ok\":true}")");
  EXPECT_EQ(Response::json_text(R"({"ok":true})").body(), R"({"ok":true})");
  EXPECT_EQ(Response::json(Status::draft, 202).body(), R"("draft")");
  EXPECT_EQ(Response::json(Status::draft, 202).status(), 202);
  // Numbers are written as JSON.stringify writes them (Boost.JSON alone
  // would write 2.5E0 and 3E0).
  EXPECT_EQ(Response::json(2.5).body(), "2.5");
  EXPECT_EQ(Response::json(3.0).body(), "3");
  EXPECT_EQ(Response::json(1e21).body(), "1e+21");
}

TEST(ResponseJson, VectorOfStructsRoundTrips) {
  Post first = decode<Post>(std::string(valid_post));
  Post second = first;
  second.title = "Second \"post\"\n";
  second.meta.reset();
  second.status = Status::draft;
  second.rating = 0.1;
  std::vector<Post> posts{first, second};
  Response r = Response::json(posts);
  EXPECT_EQ(decode<std::vector<Post>>(r.body()), posts);
}

TEST(ResponseJson, StructRoundTripsWithEveryOptionalEmpty) {
  Post post;
  post.title = "t";
  post.author.name = "Ada";
  post.priority = -128;
  EXPECT_EQ(decode<Post>(Response::json(post).body()), post);
}

// ---- The handler docs/json.md shows --------------------------------------------

struct NewPost {
  std::string title;
  std::vector<std::string> tags;
  std::optional<std::string> summary;
};
BOOST_DESCRIBE_STRUCT(NewPost, (), (title, tags, summary))

Response POST(Request& req) {
  auto post = req.json<NewPost>();
  if (post.title.empty()) return Response::json({{"error", "Title is empty"}}, 422);
  return Response::json(post, 201);
}

Response answer(std::string body) {
  Posted posted(std::move(body), "application/json");
  Request req = posted.request();
  return POST(req);
}

TEST(JsonDocs, HandlerFromTheDocs) {
  Response created = answer(R"({"title": "Hello", "tags": ["news"], "draft": true})");
  EXPECT_EQ(created.status(), 201);
  EXPECT_EQ(created.body(), R"({"title":"Hello","tags":["news"],"summary":null})");

  EXPECT_EQ(answer(R"({"title": "", "tags": []})").body(), R"({"error":"Title is empty"})");
  EXPECT_EQ(answer(R"({"title": "", "tags": []})").status(), 422);

  auto message_of = [](std::string body) -> std::string {
    try {
      answer(std::move(body));
    } catch (const HttpError& e) {
      return std::to_string(e.status()) + " " + e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message_of(R"({"tags": []})"), "400 Invalid body: 'title' is required");
  EXPECT_EQ(message_of(R"({"title": "Hello", "tags": ["a", 2]})"),
            "400 Invalid body: 'tags[1]' must be a string");
  EXPECT_EQ(message_of(R"({"title": "Hello", "tags": [], "summary": 3})"),
            "400 Invalid body: 'summary' must be a string");
  EXPECT_EQ(message_of("[]"), "400 Invalid body: expected an object");
  EXPECT_EQ(message_of("{"), "400 Invalid JSON");
}

}  // namespace
}  // namespace spur
