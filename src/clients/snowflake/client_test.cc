#include "clients/snowflake/client.h"

#include <gtest/gtest.h>

namespace aq::snowflake {
namespace {

// Snowflake holds a query request for up to about 45 s before answering. With a 30 s read timeout
// the client gave up on statements that were still running and sent them again.
TEST(QueryHttpOptionsTest, DefaultReadTimeoutOutlastsSnowflakesFortyFiveSecondHold) {
  EXPECT_GT(QueryHttpOptions().read_timeout, std::chrono::seconds(45));
  EXPECT_EQ(ClientConfig().http.read_timeout, QueryHttpOptions().read_timeout);
}

}  // namespace
}  // namespace aq::snowflake
