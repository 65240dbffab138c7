#include "spur/static/static_files.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "async_test_util.hpp"
#include "spur/app/app.hpp"
#include "spur/http/parser.hpp"
#include "spur/text/http_date.hpp"

namespace spur::detail {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// resolve_public_path: request path → file under public/, or refused.

struct ResolveCase {
  const char* name;
  const char* url_path;
  const char* relative;  // nullptr: refused (not a static file)
};

const ResolveCase resolve_cases[] = {
    {"file", "/logo.png", "logo.png"},
    {"nested", "/docs/a.txt", "docs/a.txt"},
    {"deep", "/a/b/c/d.css", "a/b/c/d.css"},
    {"no_extension", "/LICENSE", "LICENSE"},
    {"encoded_space", "/with%20space.txt", "with space.txt"},
    {"encoded_utf8", "/caf%C3%A9.txt", "caf\xC3\xA9.txt"},
    {"plus_is_literal", "/a+b.txt", "a+b.txt"},
    {"dot_inside_name", "/archive.tar.gz", "archive.tar.gz"},
    {"trailing_dots_in_name", "/a..b", "a..b"},
    {"root", "/", nullptr},
    {"empty", "", nullptr},
    {"relative", "logo.png", nullptr},
    {"trailing_slash", "/docs/", nullptr},
    {"empty_segment", "/docs//a.txt", nullptr},
    {"leading_double_slash", "//etc/passwd", nullptr},
    {"dot_dot", "/../etc/passwd", nullptr},
    {"dot_dot_inside", "/docs/../../etc/passwd", nullptr},
    {"dot", "/./logo.png", nullptr},
    {"encoded_dot_dot", "/%2e%2e/etc/passwd", nullptr},
    {"encoded_dot_dot_upper", "/%2E%2E/etc/passwd", nullptr},
    {"half_encoded_dot_dot", "/.%2e/etc/passwd", nullptr},
    {"encoded_slash", "/docs%2Fa.txt", nullptr},
    {"encoded_slash_lower", "/docs%2fa.txt", nullptr},
    {"encoded_slash_traversal", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", nullptr},
    {"backslash", "/docs\\a.txt", nullptr},
    {"backslash_traversal", "/..\\..\\etc\\passwd", nullptr},
    {"encoded_backslash", "/docs%5Ca.txt", nullptr},
    {"encoded_backslash_traversal", "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", nullptr},
    {"nul", "/logo.png%00.txt", nullptr},
    {"newline", "/a%0Ab", nullptr},
    {"delete_char", "/a%7Fb", nullptr},
    {"hidden_file", "/.env", nullptr},
    {"encoded_hidden_file", "/%2eenv", nullptr},
    {"hidden_folder", "/.git/config", nullptr},
    {"nested_hidden", "/docs/.secret/a.txt", nullptr},
    {"well_known", "/.well-known/security.txt", nullptr},
    {"lone_percent", "/a%", nullptr},
    {"bad_hex", "/a%zz", nullptr},
    {"invalid_utf8", "/%FF.txt", nullptr},
    {"overlong_utf8_slash", "/%C0%AFetc", nullptr},
};

class ResolvePublicPath : public testing::TestWithParam<ResolveCase> {};

TEST_P(ResolvePublicPath, Case) {
  const ResolveCase& c = GetParam();
  const std::optional<std::string> r = resolve_public_path(c.url_path);
  if (c.relative == nullptr) {
    EXPECT_FALSE(r.has_value()) << "resolved to " << *r;
  } else {
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(*r, c.relative);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, ResolvePublicPath, testing::ValuesIn(resolve_cases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// No file has a relative path over PATH_MAX (4096): a longer request path is
// refused before any of it is decoded.
TEST(ResolvePublicPathLength, UpToPathMaxResolvesLongerIsRefused) {
  std::string longest = "/";
  while (longest.size() + 2 <= 4096) longest += "a/";
  longest += std::string(4096 - longest.size(), 'b');
  ASSERT_EQ(longest.size(), 4096u);
  EXPECT_EQ(resolve_public_path(longest), longest.substr(1));
  EXPECT_EQ(resolve_public_path(longest + "b"), std::nullopt);
  EXPECT_EQ(resolve_public_path("/" + std::string(65536, 'a')), std::nullopt);
}

// ---------------------------------------------------------------------------
// Content types.

struct TypeCase {
  const char* file;
  const char* type;
};

const TypeCase type_cases[] = {
    {"index.html", "text/html; charset=utf-8"},
    {"style.css", "text/css; charset=utf-8"},
    {"app.js", "text/javascript; charset=utf-8"},
    {"mod.mjs", "text/javascript; charset=utf-8"},
    {"data.json", "application/json; charset=utf-8"},
    {"notes.txt", "text/plain; charset=utf-8"},
    {"logo.svg", "image/svg+xml"},
    {"logo.png", "image/png"},
    {"photo.jpg", "image/jpeg"},
    {"photo.jpeg", "image/jpeg"},
    {"anim.gif", "image/gif"},
    {"pic.webp", "image/webp"},
    {"pic.avif", "image/avif"},
    {"favicon.ico", "image/x-icon"},
    {"font.woff", "font/woff"},
    {"font.woff2", "font/woff2"},
    {"font.ttf", "font/ttf"},
    {"font.otf", "font/otf"},
    {"doc.pdf", "application/pdf"},
    {"module.wasm", "application/wasm"},
    {"app.js.map", "application/json; charset=utf-8"},
    {"feed.xml", "application/xml"},
    {"table.csv", "text/csv; charset=utf-8"},
    {"clip.mp4", "video/mp4"},
    {"clip.webm", "video/webm"},
    {"song.mp3", "audio/mpeg"},
    {"sound.wav", "audio/wav"},
    {"bundle.zip", "application/zip"},
    {"LOGO.PNG", "image/png"},
    {"Index.Html", "text/html; charset=utf-8"},
    {"docs/a.txt", "text/plain; charset=utf-8"},
    {"archive.tar.gz", "application/octet-stream"},
    {"data.bin", "application/octet-stream"},
    {"LICENSE", "application/octet-stream"},
    {"trailing.", "application/octet-stream"},
    {"v1.2/LICENSE", "application/octet-stream"},
};

TEST(ContentType, ByExtension) {
  for (const TypeCase& c : type_cases) EXPECT_EQ(content_type_for(c.file), c.type) << c.file;
}

// ---------------------------------------------------------------------------
// Validators.

TEST(Etag, StrongFromSizeAndMtime) {
  EXPECT_EQ(etag_for({.size = 0x1234, .mtime_seconds = 1, .mtime_nanoseconds = 5}),
            "\"1234-3b9aca05\"");
  const FileStat base{.size = 10, .mtime_seconds = 1700000000, .mtime_nanoseconds = 0};
  FileStat later = base;
  later.mtime_nanoseconds = 1;
  FileStat longer = base;
  longer.size = 11;
  EXPECT_NE(etag_for(base), etag_for(later));
  EXPECT_NE(etag_for(base), etag_for(longer));
  EXPECT_EQ(etag_for(base), etag_for(base));
}

// ---------------------------------------------------------------------------
// decide: conditionals and ranges, as a table over one 100-byte file.

constexpr FileStat file100{.size = 100, .mtime_seconds = 784111777, .mtime_nanoseconds = 0};
constexpr const char* etag100 = "\"64-ae1b981bc490a00\"";
constexpr const char* date100 = "Sun, 06 Nov 1994 08:49:37 GMT";      // == mtime
constexpr const char* date_before = "Sun, 06 Nov 1994 08:49:36 GMT";  // one second older
constexpr const char* date_after = "Mon, 07 Nov 1994 08:49:37 GMT";

using Kind = Decision::Kind;

struct DecideCase {
  const char* name;
  Preconditions request;
  Kind kind;
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

Preconditions with(std::initializer_list<std::pair<const char*, const char*>> fields,
                   bool get = true) {
  Preconditions p;
  p.get = get;
  for (const auto& [name, value] : fields) {
    const std::string_view n = name;
    if (n == "if-none-match") p.if_none_match = value;
    if (n == "if-modified-since") p.if_modified_since = value;
    if (n == "range") p.range = value;
    if (n == "if-range") p.if_range = value;
  }
  return p;
}

const DecideCase decide_cases[] = {
    {"no_fields", with({}), Kind::full},
    // If-None-Match (weak comparison; `*` matches any current file).
    {"inm_match", with({{"if-none-match", etag100}}), Kind::not_modified},
    {"inm_weak_form_matches", with({{"if-none-match", "W/\"64-ae1b981bc490a00\""}}),
     Kind::not_modified},
    {"inm_list", with({{"if-none-match", "\"x\", \"64-ae1b981bc490a00\""}}), Kind::not_modified},
    {"inm_list_no_space", with({{"if-none-match", "\"x\",\"64-ae1b981bc490a00\""}}),
     Kind::not_modified},
    {"inm_star", with({{"if-none-match", "*"}}), Kind::not_modified},
    {"inm_other", with({{"if-none-match", "\"64-0\""}}), Kind::full},
    {"inm_unquoted", with({{"if-none-match", "64-ae1b981bc490a00"}}), Kind::full},
    {"inm_comma_inside_tag", with({{"if-none-match", "\"a,\"64-ae1b981bc490a00\"\""}}), Kind::full},
    {"inm_head", with({{"if-none-match", etag100}}, false), Kind::not_modified},
    // If-Modified-Since, by the second.
    {"ims_equal", with({{"if-modified-since", date100}}), Kind::not_modified},
    {"ims_after", with({{"if-modified-since", date_after}}), Kind::not_modified},
    {"ims_before", with({{"if-modified-since", date_before}}), Kind::full},
    {"ims_malformed", with({{"if-modified-since", "yesterday"}}), Kind::full},
    {"ims_rfc850_ignored", with({{"if-modified-since", "Sunday, 06-Nov-94 08:49:37 GMT"}}),
     Kind::full},
    // If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2).
    {"inm_miss_beats_ims_hit",
     with({{"if-none-match", "\"other\""}, {"if-modified-since", date_after}}), Kind::full},
    {"inm_hit_with_ims_miss",
     with({{"if-none-match", etag100}, {"if-modified-since", date_before}}), Kind::not_modified},
    // Ranges.
    {"range_closed", with({{"range", "bytes=0-9"}}), Kind::partial, 0, 10},
    {"range_middle", with({{"range", "bytes=10-19"}}), Kind::partial, 10, 10},
    {"range_single_byte", with({{"range", "bytes=99-99"}}), Kind::partial, 99, 1},
    {"range_open", with({{"range", "bytes=90-"}}), Kind::partial, 90, 10},
    {"range_suffix", with({{"range", "bytes=-5"}}), Kind::partial, 95, 5},
    {"range_suffix_longer_than_file", with({{"range", "bytes=-500"}}), Kind::partial, 0, 100},
    {"range_last_past_end", with({{"range", "bytes=50-500"}}), Kind::partial, 50, 50},
    {"range_last_overflows", with({{"range", "bytes=50-999999999999999999999999"}}), Kind::partial,
     50, 50},
    {"range_unit_case", with({{"range", "Bytes=0-0"}}), Kind::partial, 0, 1},
    {"range_ows", with({{"range", " bytes= 0-9 "}}), Kind::partial, 0, 10},
    {"range_empty_members", with({{"range", "bytes=, 0-9 ,"}}), Kind::partial, 0, 10},
    {"range_first_at_end", with({{"range", "bytes=100-"}}), Kind::unsatisfiable},
    {"range_first_past_end", with({{"range", "bytes=200-300"}}), Kind::unsatisfiable},
    {"range_first_overflows", with({{"range", "bytes=999999999999999999999999-"}}),
     Kind::unsatisfiable},
    {"range_suffix_zero", with({{"range", "bytes=-0"}}), Kind::unsatisfiable},
    {"range_several", with({{"range", "bytes=0-1,5-6"}}), Kind::full},
    {"range_several_unsatisfiable", with({{"range", "bytes=200-,300-"}}), Kind::full},
    {"range_reversed", with({{"range", "bytes=9-5"}}), Kind::full},
    {"range_other_unit", with({{"range", "items=0-9"}}), Kind::full},
    {"range_no_dash", with({{"range", "bytes=5"}}), Kind::full},
    {"range_bare_dash", with({{"range", "bytes=-"}}), Kind::full},
    {"range_letters", with({{"range", "bytes=a-b"}}), Kind::full},
    {"range_negative", with({{"range", "bytes=-1-5"}}), Kind::full},
    {"range_plus_sign", with({{"range", "bytes=+1-5"}}), Kind::full},
    {"range_empty", with({{"range", "bytes="}}), Kind::full},
    {"range_head_ignored", with({{"range", "bytes=0-9"}}, false), Kind::full},
    // If-Range.
    {"if_range_etag", with({{"range", "bytes=0-9"}, {"if-range", etag100}}), Kind::partial, 0, 10},
    {"if_range_other_etag", with({{"range", "bytes=0-9"}, {"if-range", "\"64-0\""}}), Kind::full},
    {"if_range_weak_etag", with({{"range", "bytes=0-9"}, {"if-range", "W/\"64-ae1b981bc490a00\""}}),
     Kind::full},
    {"if_range_date", with({{"range", "bytes=0-9"}, {"if-range", date100}}), Kind::partial, 0, 10},
    {"if_range_other_date", with({{"range", "bytes=0-9"}, {"if-range", date_after}}), Kind::full},
    {"if_range_garbage", with({{"range", "bytes=0-9"}, {"if-range", "tomorrow"}}), Kind::full},
    {"if_range_without_range", with({{"if-range", etag100}}), Kind::full},
    {"if_range_failing_unsatisfiable", with({{"range", "bytes=500-"}, {"if-range", "\"x\""}}),
     Kind::full},
    // Conditionals come before ranges.
    {"inm_hit_with_range", with({{"if-none-match", etag100}, {"range", "bytes=0-9"}}),
     Kind::not_modified},
};

class Decide : public testing::TestWithParam<DecideCase> {};

TEST_P(Decide, Case) {
  const DecideCase& c = GetParam();
  ASSERT_EQ(etag_for(file100), etag100);
  const Decision d = decide(c.request, file100, etag100);
  EXPECT_EQ(d.kind, c.kind);
  if (c.kind == Kind::partial) {
    EXPECT_EQ(d.range.first, c.first);
    EXPECT_EQ(d.range.length, c.length);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, Decide, testing::ValuesIn(decide_cases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Decide, EmptyFile) {
  const FileStat empty{.size = 0, .mtime_seconds = 1, .mtime_nanoseconds = 0};
  const std::string etag = etag_for(empty);
  EXPECT_EQ(decide(with({{"range", "bytes=0-"}}), empty, etag).kind, Kind::unsatisfiable);
  EXPECT_EQ(decide(with({{"range", "bytes=0-0"}}), empty, etag).kind, Kind::unsatisfiable);
  // A suffix range is satisfiable on an empty file (RFC 9110 §14.1.1), but
  // there is no byte to send: the whole (empty) file.
  EXPECT_EQ(decide(with({{"range", "bytes=-5"}}), empty, etag).kind, Kind::full);
}

// ---------------------------------------------------------------------------
// The file system part, on real temporary folders.

class TempTree {
 public:
  TempTree() {
    std::string templ = (fs::temp_directory_path() / "spur-static-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = templ;
    fs::create_directories(public_dir());
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  fs::path public_dir() const { return root_ / "public"; }
  // Writes `content` at `relative` (under the tree's root), parents included.
  fs::path write(const std::string& relative, const std::string& content) const {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  fs::path root_;
};

std::string read_all(const OpenFile& f) { return read_file_body(f.body); }

TEST(StaticFilesOpen, RegularFiles) {
  TempTree t;
  t.write("public/hello.txt", "hello");
  t.write("public/docs/a.txt", "doc a");
  t.write("public/with space.txt", "spaced");
  StaticFiles files(t.public_dir().string());
  ASSERT_TRUE(files.enabled());
  EXPECT_EQ(files.root(), fs::canonical(t.public_dir()).string());

  std::optional<OpenFile> hello = files.open("hello.txt");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->stat.size, 5u);
  EXPECT_EQ(hello->body.offset, 0u);
  EXPECT_EQ(hello->body.length, 5u);
  EXPECT_EQ(read_all(*hello), "hello");
  ASSERT_TRUE(files.open("docs/a.txt"));
  EXPECT_EQ(read_all(*files.open("docs/a.txt")), "doc a");
  EXPECT_EQ(read_all(*files.open("with space.txt")), "spaced");
}

TEST(StaticFilesOpen, ModificationTimeFromTheFileSystem) {
  TempTree t;
  const fs::path p = t.write("public/a.txt", "a");
  const timespec times[2] = {{784111777, 123}, {784111777, 456}};
  ASSERT_EQ(::utimensat(AT_FDCWD, p.c_str(), times, 0), 0);
  StaticFiles files(t.public_dir().string());
  std::optional<OpenFile> f = files.open("a.txt");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->stat.mtime_seconds, 784111777);
  EXPECT_EQ(f->stat.mtime_nanoseconds, 456);
}

TEST(StaticFilesOpen, MissingFilesAndFolders) {
  TempTree t;
  t.write("public/docs/a.txt", "doc a");
  StaticFiles files(t.public_dir().string());
  EXPECT_FALSE(files.open("nope.txt"));
  EXPECT_FALSE(files.open("docs"));  // a folder is not a static file: no listings
  EXPECT_FALSE(files.open("docs/a.txt/x"));
  EXPECT_FALSE(files.open(""));
}

TEST(StaticFilesOpen, NoRootFolder) {
  TempTree t;
  StaticFiles missing((t.root() / "absent").string());
  EXPECT_FALSE(missing.enabled());
  EXPECT_FALSE(missing.open("a.txt"));
  const fs::path file = t.write("plain-file", "x");
  EXPECT_FALSE(StaticFiles(file.string()).enabled());
  EXPECT_FALSE(StaticFiles("").enabled());
}

TEST(StaticFilesOpen, SymlinksInsideAreFollowed) {
  TempTree t;
  t.write("public/real/a.txt", "inside");
  fs::create_symlink("real/a.txt", t.public_dir() / "alias.txt");
  fs::create_directory_symlink("real", t.public_dir() / "linked");
  fs::create_symlink(t.public_dir() / "real" / "a.txt", t.public_dir() / "absolute.txt");
  StaticFiles files(t.public_dir().string());
  ASSERT_TRUE(files.open("alias.txt"));
  EXPECT_EQ(read_all(*files.open("alias.txt")), "inside");
  EXPECT_EQ(read_all(*files.open("linked/a.txt")), "inside");
  EXPECT_EQ(read_all(*files.open("absolute.txt")), "inside");
}

TEST(StaticFilesOpen, SymlinksLeavingTheFolderAreRefused) {
  TempTree t;
  t.write("secret.txt", "SECRET");
  t.write("outside/b.txt", "SECRET");
  fs::create_symlink("../secret.txt", t.public_dir() / "escape.txt");
  fs::create_symlink(t.root() / "secret.txt", t.public_dir() / "absolute-escape.txt");
  fs::create_directory_symlink("../outside", t.public_dir() / "out");
  fs::create_symlink("/etc/passwd", t.public_dir() / "passwd");
  StaticFiles files(t.public_dir().string());
  EXPECT_FALSE(files.open("escape.txt"));
  EXPECT_FALSE(files.open("absolute-escape.txt"));
  EXPECT_FALSE(files.open("out/b.txt"));
  EXPECT_FALSE(files.open("passwd"));
}

TEST(StaticFilesOpen, SymlinkToAHiddenFileIsRefused) {
  TempTree t;
  t.write("public/.env", "SECRET=1");
  t.write("public/.private/key.txt", "KEY");
  fs::create_symlink(".env", t.public_dir() / "env.txt");
  fs::create_directory_symlink(".private", t.public_dir() / "private");
  StaticFiles files(t.public_dir().string());
  EXPECT_FALSE(files.open("env.txt"));
  EXPECT_FALSE(files.open("private/key.txt"));
}

TEST(StaticFilesOpen, PublicFolderItselfASymlink) {
  TempTree t;
  t.write("assets/a.txt", "asset");
  fs::remove(t.public_dir());
  fs::create_directory_symlink("assets", t.public_dir());
  StaticFiles files(t.public_dir().string());
  ASSERT_TRUE(files.enabled());
  EXPECT_EQ(read_all(*files.open("a.txt")), "asset");
}

TEST(StaticFilesOpen, SpecialFilesAreNotOpened) {
  TempTree t;
  ASSERT_EQ(::mkfifo((t.public_dir() / "pipe").c_str(), 0600), 0);
  StaticFiles files(t.public_dir().string());
  EXPECT_FALSE(files.open("pipe"));  // and does not block
}

TEST(FileBody, ReadsTheRange) {
  TempTree t;
  t.write("public/digits.txt", "0123456789");
  StaticFiles files(t.public_dir().string());
  std::optional<OpenFile> f = files.open("digits.txt");
  ASSERT_TRUE(f);
  FileBody middle = f->body;
  middle.offset = 3;
  middle.length = 4;
  EXPECT_EQ(read_file_body(middle), "3456");
  middle.length = 0;
  EXPECT_EQ(read_file_body(middle), "");
  middle.offset = 8;
  middle.length = 5;  // past the end: the file is shorter than promised
  EXPECT_THROW(read_file_body(middle), std::system_error);
}

TEST(FileBody, ResponseCarriesItsLength) {
  TempTree t;
  t.write("public/digits.txt", "0123456789");
  StaticFiles files(t.public_dir().string());
  std::optional<OpenFile> f = files.open("digits.txt");
  ASSERT_TRUE(f);
  Response r(200);
  r.body("text");
  r.file_body(f->body);
  EXPECT_EQ(r.body(), "");
  EXPECT_EQ(r.content_length(), 10u);
  ASSERT_TRUE(r.file_body());
  Response copy = r;  // copies share the descriptor
  EXPECT_EQ(read_file_body(*copy.file_body()), "0123456789");
  r.body("replaced");
  EXPECT_FALSE(r.file_body());
  EXPECT_EQ(r.content_length(), 8u);
}

// ---------------------------------------------------------------------------
// serve_static: the whole answer, from a parsed request.

class TestRequest {
 public:
  TestRequest(std::string_view method, std::string_view target,
              std::vector<std::pair<std::string, std::string>> headers = {})
      : fields_(32) {
    raw_ = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto& [name, value] : headers) raw_ += name + ": " + value + "\r\n";
    raw_ += "\r\n";
    const http::ParseResult r = http::parse_request_head(raw_, http::Limits{}, head_, fields_);
    EXPECT_EQ(r.status, http::ParseStatus::complete) << raw_;
    request_ = std::make_unique<Request>(head_, std::string_view{});
  }
  const Request& get() const { return *request_; }
  Request& get() { return *request_; }

 private:
  std::string raw_;
  std::vector<http::Header> fields_;
  http::RequestHead head_;
  std::unique_ptr<Request> request_;
};

std::optional<Response> serve(const StaticFiles& files, std::string_view method,
                              std::string_view target,
                              std::vector<std::pair<std::string, std::string>> headers = {}) {
  TestRequest req(method, target, std::move(headers));
  return serve_static(files, req.get());
}

std::string body_of(const Response& r) {
  return r.file_body() ? read_file_body(*r.file_body()) : r.body();
}

class ServeStatic : public testing::Test {
 protected:
  ServeStatic() {
    tree_.write("public/hello.txt", "hello, world");
    tree_.write("public/docs/page.html", "<p>hi</p>");
    const timespec times[2] = {{784111777, 0}, {784111777, 0}};
    ::utimensat(AT_FDCWD, (tree_.public_dir() / "hello.txt").c_str(), times, 0);
    files_ = std::make_unique<StaticFiles>(tree_.public_dir().string());
  }
  TempTree tree_;
  std::unique_ptr<StaticFiles> files_;
};

TEST_F(ServeStatic, WholeFile) {
  std::optional<Response> r = serve(*files_, "GET", "/hello.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 200);
  EXPECT_EQ(r->header("Content-Type").value_or(""), "text/plain; charset=utf-8");
  EXPECT_EQ(r->header("Accept-Ranges").value_or(""), "bytes");
  EXPECT_EQ(r->header("Cache-Control").value_or(""), "public, max-age=0");
  EXPECT_EQ(r->header("ETag").value_or(""), etag_for({12, 784111777, 0}));
  EXPECT_EQ(r->header("Last-Modified").value_or(""), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(r->content_length(), 12u);
  EXPECT_EQ(body_of(*r), "hello, world");
  EXPECT_EQ(r->body(), "");  // the bytes stay in the file until sent
}

TEST_F(ServeStatic, HeadHasTheLengthOfGet) {
  std::optional<Response> r = serve(*files_, "HEAD", "/hello.txt", {{"Range", "bytes=0-1"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 200);  // Range is defined for GET only
  EXPECT_EQ(r->content_length(), 12u);
}

TEST_F(ServeStatic, NestedAndNormalisedPaths) {
  std::optional<Response> r = serve(*files_, "GET", "/docs/page.html");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(body_of(*r), "<p>hi</p>");
}

TEST_F(ServeStatic, NotAStaticFile) {
  for (const char* target : {"/", "/nope.txt", "/docs", "/docs/", "/docs%2Fpage.html",
                             "/%2e%2e/hello.txt", "/..%5Chello.txt"})
    EXPECT_FALSE(serve(*files_, "GET", target)) << target;
  StaticFiles none("");
  EXPECT_FALSE(serve(none, "GET", "/hello.txt"));
}

TEST_F(ServeStatic, OtherMethodsAre405) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"}) {
    std::optional<Response> r = serve(*files_, method, "/hello.txt");
    ASSERT_TRUE(r) << method;
    EXPECT_EQ(r->status(), 405) << method;
    EXPECT_EQ(r->header("Allow").value_or(""), "GET, HEAD");
    EXPECT_FALSE(r->file_body());
  }
  EXPECT_FALSE(serve(*files_, "POST", "/nope.txt"));  // no file: the caller's 404
}

TEST_F(ServeStatic, NotModified) {
  const std::string etag = etag_for({12, 784111777, 0});
  std::optional<Response> r = serve(*files_, "GET", "/hello.txt", {{"If-None-Match", etag}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 304);
  EXPECT_EQ(r->header("ETag").value_or(""), etag);
  EXPECT_EQ(r->header("Cache-Control").value_or(""), "public, max-age=0");
  EXPECT_EQ(r->header("Last-Modified").value_or(""), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_FALSE(r->file_body());
  EXPECT_EQ(r->content_length(), 0u);

  r = serve(*files_, "HEAD", "/hello.txt",
            {{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 304);
}

TEST_F(ServeStatic, PartialContent) {
  std::optional<Response> r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=7-"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 206);
  EXPECT_EQ(r->header("Content-Range").value_or(""), "bytes 7-11/12");
  EXPECT_EQ(r->content_length(), 5u);
  EXPECT_EQ(body_of(*r), "world");

  r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=-5"}});
  EXPECT_EQ(r->header("Content-Range").value_or(""), "bytes 7-11/12");
  EXPECT_EQ(body_of(*r), "world");

  r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=0-4"}});
  EXPECT_EQ(r->header("Content-Range").value_or(""), "bytes 0-4/12");
  EXPECT_EQ(body_of(*r), "hello");
}

TEST_F(ServeStatic, RangeNotSatisfiable) {
  std::optional<Response> r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=12-"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 416);
  EXPECT_EQ(r->header("Content-Range").value_or(""), "bytes */12");
  EXPECT_EQ(r->content_length(), 0u);
}

TEST_F(ServeStatic, SeveralRangesServeTheWholeFile) {
  std::optional<Response> r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=0-1,3-4"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status(), 200);
  EXPECT_EQ(r->header("Content-Range").value_or(""), "");
  EXPECT_EQ(body_of(*r), "hello, world");
}

TEST_F(ServeStatic, IfRange) {
  const std::string etag = etag_for({12, 784111777, 0});
  std::optional<Response> r =
      serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=0-4"}, {"If-Range", etag}});
  EXPECT_EQ(r->status(), 206);
  r = serve(*files_, "GET", "/hello.txt", {{"Range", "bytes=0-4"}, {"If-Range", "\"stale\""}});
  EXPECT_EQ(r->status(), 200);
  EXPECT_EQ(body_of(*r), "hello, world");
}

// ---------------------------------------------------------------------------
// App: public files behind the routes, in process (no socket): the file body
// is read with read_file_body().

Response handle(const App& app, std::string_view method, std::string_view target) {
  TestRequest req(method, target);
  return test::run_now(app.handle(req.get()));
}

TEST(AppPublicDir, ServesFilesWhenNoRouteMatches) {
  TempTree t;
  t.write("public/hello.txt", "hello");
  const App app(std::span<const RouteModuleEntry>{}, {.public_dir = t.public_dir().string()});
  Response r = handle(app, "GET", "/hello.txt");
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(body_of(r), "hello");
  // The path is normalised first: dot segments resolve inside the URL space.
  EXPECT_EQ(body_of(handle(app, "GET", "/docs/../hello.txt")), "hello");
  EXPECT_EQ(handle(app, "GET", "/hello.txt/").status(), 308);
  r = handle(app, "GET", "/missing.txt");
  EXPECT_EQ(r.status(), 404);
  EXPECT_EQ(r.body(), R"({"error":"Not Found"})");
}

TEST(AppPublicDir, NoFolderNoFiles) {
  TempTree t;
  t.write("public/hello.txt", "hello");
  const App app(std::span<const RouteModuleEntry>{});
  EXPECT_EQ(handle(app, "GET", "/hello.txt").status(), 404);
}

}  // namespace
}  // namespace spur::detail
