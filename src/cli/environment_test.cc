#include "cli/environment.h"

#include <gtest/gtest.h>

namespace aq::cli {
namespace {

TEST(EnvironmentVariableFor, LongNamesBecomeUpperSnakeCase) {
  EXPECT_EQ(EnvironmentVariableFor("warehouse"), "AQPIPE_WAREHOUSE");
  EXPECT_EQ(EnvironmentVariableFor("max-bad-records"), "AQPIPE_MAX_BAD_RECORDS");
  EXPECT_EQ(EnvironmentVariableFor("snowflake-read-timeout"), "AQPIPE_SNOWFLAKE_READ_TIMEOUT");
}

}  // namespace
}  // namespace aq::cli
