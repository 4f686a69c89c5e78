#include "sinks/snowflake/bulk_stager.h"

#include <gtest/gtest.h>

#include "io/local/filesystem.h"
#include "sinks/snowflake/sink.h"
#include "sinks/snowflake/spec.h"
#include "sinks/snowflake/staging_table.h"

namespace aq::snowflake {
namespace {

TEST(ValidateStageName, AcceptsOneToThreeIdentifiers) {
  for (const char* name : {"STG", "loading.stg", "MY_DB.LOADING.OPENAQ_STAGE", "s$1.a_b"})
    EXPECT_TRUE(ValidateStageName(name).ok()) << name;
}

TEST(ValidateStageName, RefusesAnythingThatCouldEndTheStatement) {
  for (const char* name : {"", "a.b.c.d", "a..b", ".a", "a.", "stg/x", "stg; DROP TABLE t",
                           "\"quoted\"", "a b", "stg'"}) {
    Status status = ValidateStageName(name);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << name;
    EXPECT_NE(status.message().find("--snowflake-stage"), std::string::npos);
  }
}

TEST(BulkStagerMake, RefusesAStageThatIsNotS3AndCopyWithoutAnyCredentials) {
  LocalFileSystem fs;
  StagingTable table(nullptr);
  BulkStagerOptions options;
  options.fs = &fs;
  options.location = "/tmp/stage/";
  options.credentials = [] { return Result<aws::AwsCredentials>(aws::AwsCredentials{}); };
  auto local = BulkStager::Make(nullptr, &table, options);
  ASSERT_FALSE(local.ok());
  EXPECT_NE(local.status().message().find("must be an s3:// location"), std::string::npos);

  options.location = "s3://bucket/stage";
  options.credentials = nullptr;
  auto keyless = BulkStager::Make(nullptr, &table, options);
  ASSERT_FALSE(keyless.ok());
  EXPECT_NE(keyless.status().message().find("--snowflake-stage"), std::string::npos);
}

TEST(StagingTable, ColumnListStartsWithTheOrdinal) {
  EXPECT_EQ(StagingTable::ColumnList(0), "(\"AQPIPE_ORDINAL\")");
  EXPECT_EQ(StagingTable::ColumnList(3), "(\"AQPIPE_ORDINAL\", C0, C1, C2)");
}

TEST(StageLocation, GivenStageWinsElseTheFirstS3SourcesBucket) {
  EXPECT_EQ(StageLocation("s3://b/stage", {"s3://raw/x/"}), "s3://b/stage/");
  EXPECT_EQ(StageLocation("", {"data/", "s3://raw/openaq/2024/", "s3://other/"}),
            "s3://raw/_aqpipe_stage/");
  EXPECT_EQ(StageLocation("", {"s3://raw"}), "s3://raw/_aqpipe_stage/");
  EXPECT_EQ(StageLocation("", {"data/", "/tmp/x.json"}), "");
}

TEST(ParseSnowflakeLoadMethod, KnowsTheThreeMethods) {
  EXPECT_EQ(*ParseSnowflakeLoadMethod("auto"), SnowflakeLoadMethod::kAuto);
  EXPECT_EQ(*ParseSnowflakeLoadMethod("direct"), SnowflakeLoadMethod::kDirect);
  EXPECT_EQ(*ParseSnowflakeLoadMethod("bulk"), SnowflakeLoadMethod::kBulk);
  EXPECT_FALSE(ParseSnowflakeLoadMethod("copy").ok());
}

}  // namespace
}  // namespace aq::snowflake
