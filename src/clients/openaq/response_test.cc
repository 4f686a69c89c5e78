#include "clients/openaq/response.h"

#include <gtest/gtest.h>

namespace aq::openaq {
namespace {

TEST(ParsePageTest, FoundIsANumberALowerBoundOrUnknown) {
  auto exact = ParsePage(R"({"meta":{"found":2},"results":[{"id":1},{"id":2, "x": [1, 2]}]})");
  ASSERT_TRUE(exact.ok()) << exact.status().ToString();
  EXPECT_EQ(exact->found, 2u);
  EXPECT_FALSE(exact->found_is_lower_bound);
  EXPECT_EQ(exact->results, (std::vector<std::string>{R"({"id":1})", R"({"id":2,"x":[1,2]})"}));
  auto bound = ParsePage(R"({"meta":{"found":">1000"},"results":[]})");
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(bound->found, 1000u);
  EXPECT_TRUE(bound->found_is_lower_bound);
  auto unknown = ParsePage(R"({"meta":{"found":null},"results":[]})");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->found.has_value());
  EXPECT_TRUE(ParsePage(R"({"results":[]})").ok());
}

TEST(ParsePageTest, ACutOrForeignBodyIsTransient) {
  EXPECT_EQ(ParsePage(R"({"meta":{"found":2},"results":[{"id":1},{"i)").status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(ParsePage("").status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(ParsePage(R"({"meta":{}})").status().code(), StatusCode::kUnavailable);
}

TEST(ErrorForStatusTest, EachDocumentedErrorHasItsOwnStatus) {
  EXPECT_EQ(ErrorForStatus(401, "", "/v3/locations").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorForStatus(403, "", "/v3/locations").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorForStatus(404, "", "/v3/x").code(), StatusCode::kNotFound);
  Status gone = ErrorForStatus(410, R"({"detail":"Gone"})", "/v2/locations");
  EXPECT_EQ(gone.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(gone.message().find("API v1/v2 retired, aqpipe uses v3"), std::string::npos);
  Status bad = ErrorForStatus(422, R"({"detail":[{"loc":["query","limit"],"msg":"too big"}]})",
                              "/v3/locations?limit=5000");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("too big"), std::string::npos);
  EXPECT_EQ(ErrorForStatus(429, "", "/v3/x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorForStatus(503, "<html>", "/v3/x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(ErrorForStatus(418, "", "/v3/x").code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace aq::openaq
