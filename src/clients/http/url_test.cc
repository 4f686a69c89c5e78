#include "clients/http/url.h"

#include <gtest/gtest.h>

namespace aq::http {
namespace {

TEST(UrlTest, ParsesHostPortPathAndQuery) {
  auto url = ParseUrl("http://127.0.0.1:5000/bucket/key?list-type=2");
  ASSERT_TRUE(url.ok()) << url.status().message();
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "5000");
  EXPECT_EQ(url->path, "/bucket/key");
  EXPECT_EQ(url->query, "list-type=2");
  EXPECT_EQ(url->HostHeader(), "127.0.0.1:5000");
}

TEST(UrlTest, DefaultPortIsLeftOutOfTheHostHeader) {
  auto url = ParseUrl("HTTPS://S3.eu-west-1.amazonaws.com:443");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->path, "/");
  EXPECT_EQ(url->HostHeader(), "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(url->Origin(), "https://s3.eu-west-1.amazonaws.com");
}

TEST(UrlTest, ParsesBracketedIpv6) {
  auto url = ParseUrl("http://[fd00:ec2::254]/latest");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "fd00:ec2::254");
  EXPECT_EQ(url->HostHeader(), "[fd00:ec2::254]");
}

TEST(UrlTest, RejectsWhatIsNotAnHttpUrl) {
  EXPECT_FALSE(ParseUrl("localhost:5000").ok());
  EXPECT_FALSE(ParseUrl("ftp://host/").ok());
  EXPECT_FALSE(ParseUrl("http:///path").ok());
  EXPECT_FALSE(ParseUrl("http://host:port/").ok());
}

TEST(UrlTest, EncodesEverythingButUnreserved) {
  EXPECT_EQ(UriEncode("a b/c+d~e_f.g-h"), "a%20b%2Fc%2Bd~e_f.g-h");
  EXPECT_EQ(UriEncode("raw/open aq/é", /*keep_slash=*/true), "raw/open%20aq/%C3%A9");
  EXPECT_EQ(UriDecode("raw%2Fx%20y+z%zz%4"), "raw/x y+z%zz%4");
}

TEST(UrlTest, QueryRoundTrips) {
  QueryParams params = {{"prefix", "raw/open aq/"}, {"continuation-token", "a+b=="}};
  std::string query = BuildQuery(params);
  EXPECT_EQ(query, "prefix=raw%2Fopen%20aq%2F&continuation-token=a%2Bb%3D%3D");
  EXPECT_EQ(ParseQuery(query), params);
  EXPECT_EQ(ParseQuery("uploads"), (QueryParams{{"uploads", ""}}));
}

}  // namespace
}  // namespace aq::http
