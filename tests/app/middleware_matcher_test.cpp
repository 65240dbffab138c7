// Which requests run the middleware: `config.matcher` patterns compiled the way
// Next.js compiles them (path-to-regexp 6: anchored, case-sensitive, `:name`
// one segment, `*` `+` `?` modifiers, `(regex)` groups, `{…}` optional parts)
// and the `has` / `missing` conditions over headers, query, cookies and host.
#include "app/middleware_matcher.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/core/access.hpp"
#include "spur/text/ascii.hpp"
#include "test_request.hpp"

namespace spur::detail {
namespace {

using test::TestRequest;

// Whether the middleware with these matchers runs for a request whose
// normalised path (what the App hands the matcher) is `path`.
bool runs_for_path(const std::vector<Matcher>& matchers, std::string_view path) {
  TestRequest r("/");
  spur::detail::RequestAccess::set_path(r.get(), std::string(path));
  return MiddlewareMatcher(matchers).matches(r.get());
}

bool matches(std::string_view pattern, std::string_view path) {
  const bool by_matcher = runs_for_path({Matcher(std::string(pattern))}, path);
  // The regular expression on its own says the same.
  const bool by_regex = std::regex_match(
      std::string(path), std::regex(matcher_regex(pattern), std::regex::ECMAScript));
  EXPECT_EQ(by_matcher, by_regex) << pattern << " on " << path;
  return by_matcher;
}

bool runs(const Matcher& matcher, std::string_view target,
          const std::vector<std::string>& header_lines = {}) {
  TestRequest r(target, header_lines);
  return MiddlewareMatcher({matcher}).matches(r.get());
}

struct Case {
  const char* pattern;
  const char* path;
  bool expected;
};

void check(const std::vector<Case>& cases) {
  for (const Case& c : cases)
    EXPECT_EQ(matches(c.pattern, c.path), c.expected) << c.pattern << " on " << c.path;
}

// ---- path patterns ----------------------------------------------------------------

TEST(MatcherPattern, StaticPath) {
  check({
      {"/about", "/about", true},
      {"/about", "/about/x", false},
      {"/about", "/aboutx", false},
      {"/about", "/", false},
      {"/", "/", true},
      {"/", "/a", false},
      {"/api/hello", "/api/hello", true},
      {"/api/hello", "/v1/api/hello", false},  // anchored at the start
  });
}

TEST(MatcherPattern, ZeroOrMoreSegments) {
  check({
      {"/api/:path*", "/api", true},
      {"/api/:path*", "/api/a", true},
      {"/api/:path*", "/api/a/b/c", true},
      {"/api/:path*", "/apiX", false},
      {"/api/:path*", "/api-x", false},
      {"/api/:path*", "/ap", false},
      {"/api/:path*", "/", false},
      {"/api/:path*", "/v2/api/a", false},
      {"/api/v2/protected/:path*", "/api/v2/protected", true},
      {"/api/v2/protected/:path*", "/api/v2/protected/data", true},
      {"/api/v2/protected/:path*", "/api/v2/protectedX", false},
  });
}

TEST(MatcherPattern, OneOrMoreSegments) {
  check({
      {"/about/:path+", "/about/a", true},
      {"/about/:path+", "/about/a/b", true},
      {"/about/:path+", "/about", false},
      {"/about/:path+", "/aboutus", false},
  });
}

TEST(MatcherPattern, OptionalSegment) {
  check({
      {"/shop/:id?", "/shop", true},
      {"/shop/:id?", "/shop/1", true},
      {"/shop/:id?", "/shop/1/2", false},
      {"/shop/:id?", "/shopping", false},
  });
}

TEST(MatcherPattern, OneSegment) {
  check({
      {"/blog/:slug", "/blog/hello-world", true},
      {"/blog/:slug", "/blog", false},
      {"/blog/:slug", "/blog/a/b", false},
      {"/blog/:slug/edit", "/blog/a/edit", true},
      {"/blog/:slug/edit", "/blog/edit", false},
      {"/:a/:b", "/x/y", true},
      {"/:a/:b", "/x", false},
  });
}

TEST(MatcherPattern, ParameterWithItsOwnPattern) {
  check({
      {"/user/:id(\\d+)", "/user/12", true},
      {"/user/:id(\\d+)", "/user/ab", false},
      {"/user/:id(\\d+)", "/user/12a", false},
      {"/user/:id(\\d+)", "/user", false},
      {"/user/:id(\\d+)?", "/user", true},
      {"/lang/:code(en|fr)/:rest*", "/lang/fr/a/b", true},
      {"/lang/:code(en|fr)/:rest*", "/lang/de/a", false},
      {"/:path((?!api).*)", "/about/x", true},
      {"/:path((?!api).*)", "/api/x", false},
  });
}

TEST(MatcherPattern, UnnamedGroup) {
  // The usual "everything but" matcher of Next.js's documentation.
  check({
      {"/((?!api|_next).*)", "/about", true},
      {"/((?!api|_next).*)", "/about/team", true},
      {"/((?!api|_next).*)", "/", true},
      {"/((?!api|_next).*)", "/api/x", false},
      {"/((?!api|_next).*)", "/api", false},
      {"/((?!api|_next).*)", "/apix", false},  // the lookahead sees a prefix
      {"/((?!api|_next).*)", "/_next/static/a.js", false},
      {"/((?!api/|_next/).*)", "/apix", true},
      {"/files/(.*)", "/files/a/b.txt", true},
      {"/files/(.*)", "/files/", true},
      {"/files/(.*)", "/files", false},
  });
}

TEST(MatcherPattern, BracedParts) {
  check({
      {"/docs{/:page}?", "/docs", true},
      {"/docs{/:page}?", "/docs/intro", true},
      {"/docs{/:page}?", "/docs/a/b", false},
      {"/docs{/:page}?", "/docsx", false},
      {"/:locale{-:region}?/docs", "/en/docs", true},
      {"/:locale{-:region}?/docs", "/en-gb/docs", true},
      {"/:locale{-:region}?/docs", "/docs", false},
      {"/files{-:kind}?", "/files", true},
      {"/files{-:kind}?", "/files-raw", true},
      {"/files{-:kind}?", "/files-", false},
      {"/a{/b}?", "/a", true},
      {"/a{/b}?", "/a/b", true},
      {"/a{/b}?", "/a/c", false},
      {"/a{/b}", "/a/b", true},
      {"/a{/b}", "/a", false},
  });
}

TEST(MatcherPattern, DotBeforeAParameterIsItsPrefix) {
  // path-to-regexp takes '/' and '.' as a parameter's prefix, so an optional
  // extension leaves no dangling '.'.
  check({
      {"/file.:ext?", "/file", true},
      {"/file.:ext?", "/file.json", true},
      {"/file.:ext?", "/file.", false},
      {"/:name.:ext", "/report.pdf", true},
      {"/:name.:ext", "/report", false},
      // Escaped, the '.' is only a character.
      {"/file\\.:ext?", "/file.", true},
      {"/file\\.:ext?", "/file.json", true},
      {"/file\\.:ext?", "/file", false},
  });
}

TEST(MatcherPattern, LiteralCharactersAreEscaped) {
  check({
      {"/robots.txt", "/robots.txt", true},
      {"/robots.txt", "/robotsXtxt", false},
      {"/v1.0/status", "/v1.0/status", true},
      {"/v1.0/status", "/v1x0/status", false},
      {"/c\\+\\+", "/c++", true},
      {"/c\\+\\+", "/c", false},
      {"/c\\+\\+", "/cc", false},
      {"/price$", "/price$", true},
      {"/a|b", "/a|b", true},
      {"/a|b", "/a", false},
      {"/a|b", "/b", false},
      {"/[x]", "/[x]", true},
      {"/[x]", "/x", false},
      {"/^a", "/^a", true},
      {"/\\(x\\)", "/(x)", true},
      {"/\\:id", "/:id", true},
      {"/\\:id", "/7", false},
      {"/caf%C3%A9", "/caf%C3%A9", true},
  });
}

TEST(MatcherPattern, CaseSensitiveAsNextJs) {
  // Next.js compiles the matcher to a RegExp without the `i` flag.
  check({
      {"/api/:path*", "/API/x", false},
      {"/api/:path*", "/Api", false},
      {"/about", "/About", false},
      {"/user/:id([a-z]+)", "/user/ABC", false},
      // So a lookahead exclusion does not exclude another case: the
      // middleware still runs there.
      {"/((?!api).*)", "/API/x", true},
      {"/((?!admin).*)", "/Admin", true},
  });
}

TEST(MatcherPattern, RegexIsAnchored) {
  for (const char* pattern : {"/about", "/api/:path*", "/((?!api).*)", "/docs{/:page}?"}) {
    const std::string re = matcher_regex(pattern);
    EXPECT_EQ(re.front(), '^') << pattern;
    EXPECT_EQ(re.back(), '$') << pattern;
  }
}

TEST(MatcherPattern, MalformedPatternsThrowNamingThePattern) {
  for (const char* pattern : {
           "",                  // empty
           "api/:path*",        // no leading '/'
           "about",             // no leading '/'
           "{/:locale}?/docs",  // no leading '/', as Next.js requires
           "/:",                // ':' without a name
           "/api/:/x",          // same, mid-path
           "/:*",               // a modifier without a parameter name
           "/user/:id(\\d+",    // unbalanced '('
           "/((?!api).*",       // unbalanced '('
           "/user/:id(a(b)c)",  // capturing group inside a group
           "/:id()",            // empty group
           "/a*",               // stray modifier
           "/*",                // stray modifier
           "/a/+",              // stray modifier
           "/a?",               // stray modifier
           "/a)",               // stray ')'
           "/{a",               // unbalanced '{'
           "/a}",               // stray '}'
           "/user/:id([)",      // not a regular expression
           "/((?<=a)b)",        // lookbehind: refused, not silently misread
       }) {
    try {
      MiddlewareMatcher m({Matcher(std::string(pattern))});
      ADD_FAILURE() << "no exception for \"" << pattern << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("\"" + std::string(pattern) + "\""), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(matcher_regex("api"), std::invalid_argument);
  EXPECT_THROW(matcher_regex("/:"), std::invalid_argument);
}

// ---- which matchers, and none -----------------------------------------------------

TEST(MiddlewareMatcher, NoMatchersMeansEveryPath) {
  for (const char* path : {"/", "/api/x", "/_next/static/a.js", "/favicon.ico", "/a/b/c/d"})
    EXPECT_TRUE(runs_for_path({}, path)) << path;
}

TEST(MiddlewareMatcher, AnyMatcherSelects) {
  const std::vector<Matcher> matchers{"/about/:path*", "/dashboard/:path*", "/api/:path+"};
  EXPECT_TRUE(runs_for_path(matchers, "/about"));
  EXPECT_TRUE(runs_for_path(matchers, "/dashboard/a/b"));
  EXPECT_TRUE(runs_for_path(matchers, "/api/x"));
  EXPECT_FALSE(runs_for_path(matchers, "/api"));
  EXPECT_FALSE(runs_for_path(matchers, "/"));
  EXPECT_FALSE(runs_for_path(matchers, "/blog"));
}

TEST(MiddlewareMatcher, MatchesTheNormalisedPath) {
  // The App strips the base path and normalises before the matcher runs.
  TestRequest r("/v1/api/x");
  spur::detail::RequestAccess::set_path(r.get(), "/api/x");
  EXPECT_TRUE(MiddlewareMatcher({"/api/:path*"}).matches(r.get()));
  EXPECT_FALSE(MiddlewareMatcher({"/v1/api/:path*"}).matches(r.get()));
}

TEST(MiddlewareMatcher, QueryIsNotPartOfThePath) {
  EXPECT_TRUE(runs("/about", "/about?x=1"));
  EXPECT_TRUE(runs("/api/:path*", "/api/a?b=/c"));
}

// ---- has / missing ----------------------------------------------------------------

TEST(MatcherConditions, HeaderPresent) {
  const Matcher m("/api/:path*", {{RouteHas::header, "x-api-key"}});
  EXPECT_TRUE(runs(m, "/api/a", {"X-Api-Key: abc"}));  // names are case-insensitive
  EXPECT_TRUE(runs(m, "/api/a", {"x-api-key: abc"}));
  EXPECT_FALSE(runs(m, "/api/a"));
  EXPECT_FALSE(runs(m, "/api/a", {"X-Api-Keys: abc"}));
  // An empty value counts as absent, as in Next.js.
  EXPECT_FALSE(runs(m, "/api/a", {"X-Api-Key:"}));
  // The path must match too.
  EXPECT_FALSE(runs(m, "/other", {"X-Api-Key: abc"}));
}

TEST(MatcherConditions, HeaderValueIsAWholeMatch) {
  const Matcher m("/admin/:path*", {{RouteHas::header, "x-role", "admin|root"}});
  EXPECT_TRUE(runs(m, "/admin", {"X-Role: admin"}));
  EXPECT_TRUE(runs(m, "/admin", {"X-Role: root"}));
  EXPECT_FALSE(runs(m, "/admin", {"X-Role: administrator"}));
  EXPECT_FALSE(runs(m, "/admin", {"X-Role: xroot"}));
  EXPECT_FALSE(runs(m, "/admin", {"X-Role: Admin"}));  // values are case-sensitive
  EXPECT_FALSE(runs(m, "/admin"));
  const Matcher prefix("/x", {{RouteHas::header, "accept", "text/html.*"}});
  EXPECT_TRUE(runs(prefix, "/x", {"Accept: text/html,application/xhtml+xml"}));
  EXPECT_FALSE(runs(prefix, "/x", {"Accept: application/json, text/html"}));
}

TEST(MatcherConditions, HeaderSetByTheFramework) {
  // A header set on the Request (e.g. X-Request-Id) is what the matcher sees.
  TestRequest r("/api/a");
  const MiddlewareMatcher m({Matcher("/api/:path*", {{RouteHas::header, "x-request-id"}})});
  EXPECT_FALSE(m.matches(r.get()));
  r.get().set_header("x-request-id", "abc");
  EXPECT_TRUE(m.matches(r.get()));
}

TEST(MatcherConditions, Query) {
  const Matcher present("/blog/:slug", {{RouteHas::query, "preview"}});
  EXPECT_TRUE(runs(present, "/blog/a?preview=1"));
  EXPECT_TRUE(runs(present, "/blog/a?x=2&preview=yes"));
  EXPECT_FALSE(runs(present, "/blog/a"));
  EXPECT_FALSE(runs(present, "/blog/a?previews=1"));
  EXPECT_FALSE(runs(present, "/blog/a?preview="));  // empty: absent
  EXPECT_FALSE(runs(present, "/blog/a?preview"));

  const Matcher valued("/blog/:slug", {{RouteHas::query, "preview", "1|true"}});
  EXPECT_TRUE(runs(valued, "/blog/a?preview=true"));
  EXPECT_FALSE(runs(valued, "/blog/a?preview=yes"));
  EXPECT_FALSE(runs(valued, "/blog/a?preview=11"));
  // Decoded before matching.
  const Matcher spaced("/s", {{RouteHas::query, "q", "hello world"}});
  EXPECT_TRUE(runs(spaced, "/s?q=hello+world"));
  EXPECT_TRUE(runs(spaced, "/s?q=hello%20world"));
  // A repeated name: its last value, as Next.js reads it.
  const Matcher repeated("/s", {{RouteHas::query, "v", "2"}});
  EXPECT_TRUE(runs(repeated, "/s?v=1&v=2"));
  EXPECT_FALSE(runs(repeated, "/s?v=2&v=1"));
}

TEST(MatcherConditions, Cookie) {
  const Matcher present("/app/:path*", {{RouteHas::cookie, "session"}});
  EXPECT_TRUE(runs(present, "/app", {"Cookie: session=abc"}));
  EXPECT_TRUE(runs(present, "/app/x", {"Cookie: a=1; session=abc; b=2"}));
  EXPECT_FALSE(runs(present, "/app", {"Cookie: other=1"}));
  EXPECT_FALSE(runs(present, "/app", {"Cookie: Session=abc"}));  // names are case-sensitive
  EXPECT_FALSE(runs(present, "/app", {"Cookie: session="}));
  EXPECT_FALSE(runs(present, "/app"));

  const Matcher valued("/app/:path*", {{RouteHas::cookie, "theme", "dark|light"}});
  EXPECT_TRUE(runs(valued, "/app", {"Cookie: theme=dark"}));
  EXPECT_FALSE(runs(valued, "/app", {"Cookie: theme=darker"}));
  EXPECT_FALSE(runs(valued, "/app", {"Cookie: theme=Dark"}));
}

TEST(MatcherConditions, Host) {
  const Matcher m("/:path*", {{RouteHas::host, "", "api\\.example\\.com"}});
  EXPECT_TRUE(runs(m, "/x", {"Host: api.example.com"}));
  EXPECT_TRUE(runs(m, "/x", {"Host: api.example.com:8080"}));  // without the port
  EXPECT_TRUE(runs(m, "/x", {"Host: API.Example.COM"}));       // host names have no case
  EXPECT_FALSE(runs(m, "/x", {"Host: www.example.com"}));
  EXPECT_FALSE(runs(m, "/x", {"Host: api.example.com.evil.net"}));
  const Matcher sub("/", {{RouteHas::host, "", "(?:[a-z0-9-]+\\.)?example\\.com"}});
  EXPECT_TRUE(runs(sub, "/", {"Host: shop.example.com"}));
  EXPECT_TRUE(runs(sub, "/", {"Host: example.com"}));
  EXPECT_FALSE(runs(sub, "/", {"Host: example.org"}));
  const Matcher v6("/", {{RouteHas::host, "", "\\[::1\\]"}});
  EXPECT_TRUE(runs(v6, "/", {"Host: [::1]:3000"}));
}

TEST(MatcherConditions, Missing) {
  const Matcher no_prefetch("/((?!api).*)", {}, {{RouteHas::header, "next-router-prefetch"}});
  EXPECT_TRUE(runs(no_prefetch, "/about"));
  EXPECT_FALSE(runs(no_prefetch, "/about", {"Next-Router-Prefetch: 1"}));
  EXPECT_FALSE(runs(no_prefetch, "/api/x"));

  const Matcher not_preview("/x", {}, {{RouteHas::cookie, "mode", "preview"}});
  EXPECT_TRUE(runs(not_preview, "/x"));
  EXPECT_TRUE(runs(not_preview, "/x", {"Cookie: mode=live"}));
  EXPECT_FALSE(runs(not_preview, "/x", {"Cookie: mode=preview"}));
  // An empty value is missing.
  EXPECT_TRUE(runs(Matcher("/x", {}, {{RouteHas::query, "q"}}), "/x?q="));
}

TEST(MatcherConditions, EveryConditionMustHold) {
  const Matcher m("/x", {{RouteHas::header, "x-a"}, {RouteHas::query, "b", "\\d+"}},
                  {{RouteHas::cookie, "c"}, {RouteHas::header, "x-d", "yes"}});
  EXPECT_TRUE(runs(m, "/x?b=1", {"X-A: 1"}));
  EXPECT_TRUE(runs(m, "/x?b=1", {"X-A: 1", "X-D: no"}));
  EXPECT_FALSE(runs(m, "/x?b=1"));                             // has x-a fails
  EXPECT_FALSE(runs(m, "/x?b=z", {"X-A: 1"}));                 // has b fails
  EXPECT_FALSE(runs(m, "/x?b=1", {"X-A: 1", "Cookie: c=1"}));  // missing c fails
  EXPECT_FALSE(runs(m, "/x?b=1", {"X-A: 1", "X-D: yes"}));     // missing x-d fails
}

TEST(MatcherConditions, ConditionsBelongToTheirMatcher) {
  const std::vector<Matcher> matchers{
      Matcher("/a", {{RouteHas::header, "x-go"}}),
      Matcher("/b"),
  };
  const auto run = [&](std::string_view target, const std::vector<std::string>& headers) {
    TestRequest r(target, headers);
    return MiddlewareMatcher(matchers).matches(r.get());
  };
  EXPECT_FALSE(run("/a", {}));
  EXPECT_TRUE(run("/a", {"X-Go: 1"}));
  EXPECT_TRUE(run("/b", {}));
  EXPECT_FALSE(run("/c", {"X-Go: 1"}));
}

TEST(MatcherConditions, MalformedConditionsThrowNamingThePattern) {
  const auto throws_naming = [](const Matcher& m) {
    try {
      MiddlewareMatcher matcher({m});
      return false;
    } catch (const std::invalid_argument& e) {
      return std::string(e.what()).find("\"" + m.source + "\"") != std::string::npos;
    }
  };
  EXPECT_TRUE(throws_naming(Matcher("/x", {{RouteHas::header, "x-a", "("}})));
  EXPECT_TRUE(throws_naming(Matcher("/y", {}, {{RouteHas::cookie, "c", "[a-"}})));
  EXPECT_TRUE(throws_naming(Matcher("/z", {{RouteHas::header, ""}})));  // no key
  EXPECT_TRUE(throws_naming(Matcher("/w", {{RouteHas::host, ""}})));    // host without a value
}

}  // namespace
}  // namespace spur::detail
