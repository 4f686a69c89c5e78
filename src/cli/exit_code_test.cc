#include "cli/exit_code.h"

#include <gtest/gtest.h>

namespace aq::cli {
namespace {

TEST(ExitCodeFor, TransientFailuresAreDistinctFromPermanentOnes) {
  EXPECT_EQ(ExitCodeFor(Unavailable("connection refused")), kExitTransient);
  EXPECT_EQ(kExitTransient, 75);
  EXPECT_EQ(ExitCodeFor(Status(StatusCode::kUnauthenticated, "wrong password")), kExitFailure);
  EXPECT_EQ(ExitCodeFor(NotFound("no such table")), kExitFailure);
}

TEST(ExitCodeFor, UsageAndBadDataKeepTheirCodes) {
  EXPECT_EQ(ExitCodeFor(InvalidArgument("--threads")), kExitUsage);
  EXPECT_EQ(ExitCodeFor(Status(StatusCode::kDataError, "too many bad records")), kExitBadData);
  EXPECT_EQ(ExitCodeFor(Status::Ok()), kExitOk);
}

}  // namespace
}  // namespace aq::cli
