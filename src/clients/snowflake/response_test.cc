#include "clients/snowflake/response.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clients/snowflake/arrow_values.h"
#include "clients/snowflake/client.h"
#include "clients/snowflake/error_hints.h"
#include "testing/test_util.h"

namespace aq::snowflake {
namespace {

std::string ReadTestData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/src/clients/snowflake/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Captured from fakesnow 0.12.1's server: SELECT ... 1 AS I, 'x' AS S, TRUE AS B, 1.5::FLOAT AS F,
// '2024-01-02 03:04:05.5'::TIMESTAMP_TZ AS T, PARSE_JSON('[1,2]') AS J, and a row of
// -12345678901 with NULLs (rowsetBase64: an Arrow IPC stream).
TEST(SnowflakeResponse, DecodesArrowRowsetCapturedFromFakesnow) {
  auto parsed = ParseQueryResponse(ReadTestData("fakesnow_select.json"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const QueryResult& r = parsed->result;
  ASSERT_EQ(r.columns.size(), 6u);
  EXPECT_EQ(r.columns[4].name, "T");
  EXPECT_EQ(r.columns[4].type, "timestamp_tz");
  ASSERT_EQ(r.rows.size(), 2u);
  TextRow first = {"1", "x", "true", "1.5", "1704164645.500000000 1440", "[1,2]"};
  EXPECT_EQ(r.rows[0], first);
  TextRow second = {"-12345678901", std::nullopt, "false",
                    std::nullopt,   std::nullopt, std::nullopt};
  EXPECT_EQ(r.rows[1], second);
}

TEST(SnowflakeResponse, DecodesJsonRowsetAndRowsAffected) {
  auto parsed = ParseQueryResponse(
      R"({"data":{"rowtype":[{"name":"number of rows inserted","type":"fixed","scale":0}],)"
      R"("rowset":[["3700"]],"queryId":"01b","statementTypeId":12544,"queryResultFormat":"json"},)"
      R"("code":null,"message":null,"success":true})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->result.RowsAffected(), 3700u);
  EXPECT_EQ(parsed->result.query_id, "01b");
  auto mixed = ParseQueryResponse(
      R"({"data":{"rowtype":[],"rowset":[["a",null],["b","c"]]},"success":true})");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->result.rows[0][1], std::nullopt);
  EXPECT_EQ(mixed->result.rows[1][1], "c");
  auto empty = ParseQueryResponse(R"({"data":{"rowtype":[],"rowsetBase64":""},"success":true})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->result.rows.empty());
}

TEST(SnowflakeResponse, QueryInProgressGivesTheResultUrl) {
  auto parsed = ParseQueryResponse(
      R"({"data":{"getResultUrl":"/queries/01b/result"},"code":"333334","success":true})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->in_progress);
  EXPECT_EQ(parsed->result_url, "/queries/01b/result");
}

TEST(SnowflakeResponse, ErrorsCarryCodeAndMessage) {
  auto login = ParseLoginResponse(
      R"({"data":{"nextAction":"RETRY_LOGIN"},"code":"390100",)"
      R"("message":"Incorrect username or password was specified.","success":false})");
  ASSERT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(login.status().message(),
            "Snowflake error 390100: Incorrect username or password was specified. (" +
                std::string(ErrorHint("390100")) + ")");
  auto missing = ParseQueryResponse(
      R"({"data":{"errorCode":"002003","sqlState":"42S02"},"code":"002003",)"
      R"("message":"Object 'T' does not exist or not authorized.","success":false})");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(SnowflakeError("003001", "Insufficient privileges").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(SnowflakeError("390189", "Role not granted").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(SnowflakeError("390144", "JWT token is invalid").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(SnowflakeError("100038", "Numeric value 'x' is not recognized").code(),
            StatusCode::kDataError);
  EXPECT_EQ(SnowflakeError("001003", "syntax error").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseQueryResponse("not json").status().code(), StatusCode::kCorruptInput);
}

TEST(SnowflakeResponse, ChunkedResultsAreRefused) {
  auto parsed = ParseQueryResponse(
      R"({"data":{"rowtype":[],"rowset":[],"chunks":[{"url":"https://x","rowCount":9}]},)"
      R"("success":true})");
  EXPECT_FALSE(parsed.ok());
}

TEST(SnowflakeArrow, RejectsCorruptStreams) {
  std::string bytes = ReadTestData("fakesnow_select.json");
  EXPECT_FALSE(DecodeArrowStream("").ok());
  EXPECT_FALSE(DecodeArrowStream(std::string("\xff\xff\xff\xff\x10\x00\x00\x00", 8)).ok());
  EXPECT_FALSE(DecodeArrowStream(std::string(64, '\x07')).ok());
}

TEST(SnowflakeArrow, FormatsScaledNumbers) {
  EXPECT_EQ(arrow::FormatScaled(-150, 2), "-1.50");
  EXPECT_EQ(arrow::FormatScaled(5, 3), "0.005");
  EXPECT_EQ(arrow::FormatScaled(0, 0), "0");
  EXPECT_EQ(arrow::FormatScaled(-9223372036854775807LL - 1, 0), "-9223372036854775808");
}

TEST(SnowflakeUrl, OriginAndAccountName) {
  EXPECT_EQ(*AccountOrigin("xy12345.eu-west-1.snowflakecomputing.com"),
            "https://xy12345.eu-west-1.snowflakecomputing.com");
  EXPECT_EQ(*AccountOrigin("https://xy12345.snowflakecomputing.com/"),
            "https://xy12345.snowflakecomputing.com");
  EXPECT_EQ(*AccountOrigin("http://127.0.0.1:8123"), "http://127.0.0.1:8123");
  EXPECT_FALSE(AccountOrigin("").ok());
  EXPECT_EQ(AccountFromHost("xy12345.eu-west-1.snowflakecomputing.com"), "XY12345");
  EXPECT_EQ(AccountFromHost("myorg-myaccount.snowflakecomputing.com"), "MYORG-MYACCOUNT");
  EXPECT_EQ(AccountFromHost("127.0.0.1"), "LOCAL");
  EXPECT_EQ(AccountFromHost("localhost"), "LOCAL");
}

}  // namespace
}  // namespace aq::snowflake
