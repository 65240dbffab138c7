#include "spur/http/serializer.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "spur/text/http_date.hpp"

namespace spur::http {
namespace {

TEST(Serializer, WritesStatusDateLengthAndFields) {
  std::string out;
  Fields fields;
  fields.append("Content-Type", "application/json");
  write_head(out, {.status = 201, .fields = &fields, .content_length = 7});
  std::string date(text::http_date_now());
  EXPECT_EQ(out, "HTTP/1.1 201 Created\r\nDate: " + date +
                     "\r\nContent-Length: 7\r\nContent-Type: application/json\r\n\r\n");
}

TEST(Serializer, DateIsImfFixdate) {
  std::regex imf(
      R"(^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$)");
  EXPECT_TRUE(std::regex_match(std::string(text::http_date_now()), imf)) << text::http_date_now();
}

TEST(Serializer, NoFramingFor204And304) {
  for (int status : {204, 304, 100}) {
    std::string out;
    write_head(out, {.status = status, .content_length = 10});
    EXPECT_EQ(out.find("Content-Length"), std::string::npos) << status;
    EXPECT_EQ(out.find("Transfer-Encoding"), std::string::npos) << status;
  }
}

TEST(Serializer, ChunkedAndConnectionHeaders) {
  std::string out;
  write_head(out, {.status = 200, .chunked = true, .keep_alive = false});
  EXPECT_NE(out.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_NE(out.find("Connection: close\r\n"), std::string::npos);
  out.clear();
  write_head(out, {.status = 200, .keep_alive = true, .version_minor = 0});
  EXPECT_NE(out.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(Serializer, CustomReasonPhrase) {
  std::string out;
  write_head(out, {.status = 400, .reason = "Invalid JSON"});
  EXPECT_EQ(out.rfind("HTTP/1.1 400 Invalid JSON\r\n", 0), 0u);
}

TEST(Serializer, Chunks) {
  std::string out;
  write_chunk(out, "hello world, this is 31 bytes!!");
  write_chunk(out, "");  // an empty chunk would end the body: written as nothing
  write_last_chunk(out);
  EXPECT_EQ(out, "1f\r\nhello world, this is 31 bytes!!\r\n0\r\n\r\n");
}

}  // namespace
}  // namespace spur::http
