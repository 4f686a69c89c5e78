#include "clients/http/retry_policy.h"

#include <gtest/gtest.h>

namespace aq::http {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, RetriesThrottlingAndTransientServerErrorsOnly) {
  for (long status : {429L, 500L, 502L, 503L, 504L})
    EXPECT_TRUE(IsRetryableStatus(status)) << status;
  for (long status : {200L, 206L, 301L, 400L, 403L, 404L, 409L, 501L}) {
    EXPECT_FALSE(IsRetryableStatus(status)) << status;
  }
  EXPECT_TRUE(IsRejectedBeforeWork(503));
  EXPECT_FALSE(IsRejectedBeforeWork(500));  // the server may have acted before failing
}

TEST(RetryPolicyTest, CeilingDoublesFromTheBaseUpToTheMaximum) {
  RetryOptions options;
  options.base_delay = milliseconds(100);
  options.max_delay = milliseconds(1000);
  EXPECT_EQ(BackoffCeiling(options, 1), milliseconds(100));
  EXPECT_EQ(BackoffCeiling(options, 2), milliseconds(200));
  EXPECT_EQ(BackoffCeiling(options, 4), milliseconds(800));
  EXPECT_EQ(BackoffCeiling(options, 5), milliseconds(1000));
  EXPECT_EQ(BackoffCeiling(options, 200), milliseconds(1000));  // no overflow
}

TEST(RetryPolicyTest, FullJitterStaysWithinZeroAndTheCeiling) {
  RetryOptions options;
  options.base_delay = milliseconds(50);
  options.max_delay = milliseconds(3000);
  std::mt19937_64 rng(42);
  for (int retry = 1; retry <= 12; ++retry) {
    milliseconds low = milliseconds::max(), high = milliseconds(0);
    for (int i = 0; i < 500; ++i) {
      milliseconds d = BackoffDelay(options, retry, rng);
      ASSERT_GE(d, milliseconds(0));
      ASSERT_LE(d, BackoffCeiling(options, retry));
      low = std::min(low, d);
      high = std::max(high, d);
    }
    // Jitter spreads the waits over the whole range, not around one value.
    EXPECT_LT(low, BackoffCeiling(options, retry) / 4 + milliseconds(1)) << retry;
    EXPECT_GT(high, BackoffCeiling(options, retry) * 3 / 4) << retry;
  }
}

TEST(RetryPolicyTest, BudgetStopsAfterMaxAttempts) {
  RetryOptions options;
  options.max_attempts = 3;
  options.base_delay = milliseconds(1);
  RetryBudget budget(options);
  milliseconds wait;
  EXPECT_TRUE(budget.NextAttempt(&wait));
  EXPECT_EQ(wait, milliseconds(0));  // the first attempt does not wait
  EXPECT_TRUE(budget.NextAttempt(&wait));
  EXPECT_TRUE(budget.NextAttempt(&wait));
  EXPECT_FALSE(budget.NextAttempt(&wait));
  EXPECT_EQ(budget.attempts(), 3);
}

TEST(RetryPolicyTest, BudgetStopsWhenTotalTimeIsUsed) {
  RetryOptions options;
  options.max_attempts = 100;
  options.max_total_time = milliseconds(0);
  RetryBudget budget(options);
  milliseconds wait;
  EXPECT_TRUE(budget.NextAttempt(&wait));
  EXPECT_FALSE(budget.NextAttempt(&wait));
}

TEST(RetryPolicyTest, WaitNeverOutlastsTheTimeBudget) {
  RetryOptions options;
  options.max_attempts = 100;
  options.base_delay = milliseconds(60'000);
  options.max_delay = milliseconds(60'000);
  options.max_total_time = milliseconds(500);
  RetryBudget budget(options);
  milliseconds wait;
  ASSERT_TRUE(budget.NextAttempt(&wait));
  ASSERT_TRUE(budget.NextAttempt(&wait));
  EXPECT_LE(wait, milliseconds(500));
}

}  // namespace
}  // namespace aq::http
