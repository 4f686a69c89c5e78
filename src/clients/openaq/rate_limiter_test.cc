#include "clients/openaq/rate_limiter.h"

#include <gtest/gtest.h>

namespace aq::openaq {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A clock that only moves when the limiter sleeps.
struct FakeTime {
  Clock::time_point now{};
  RateLimiter Limiter(std::vector<RateWindow> windows) {
    return RateLimiter(
        std::move(windows), [this] { return now; }, [this](Clock::duration d) { now += d; });
  }
};

// The most requests that started in any span of `span` (a window without the margin).
size_t MostIn(const std::vector<Clock::time_point>& starts, Clock::duration span) {
  size_t most = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t n = 0;
    for (size_t j = i; j < starts.size() && starts[j] - starts[i] < span; ++j) ++n;
    most = std::max(most, n);
  }
  return most;
}

TEST(RateLimiterTest, NeverAdmitsMoreThanEitherWindowAllows) {
  FakeTime time;
  RateLimiter limiter = time.Limiter(DefaultRateWindows());
  std::vector<Clock::time_point> starts;
  for (int i = 0; i < 2500; ++i) {
    limiter.Acquire();
    starts.push_back(time.now);
  }
  EXPECT_LE(MostIn(starts, std::chrono::minutes(1)), 60u);
  EXPECT_LE(MostIn(starts, std::chrono::hours(1)), 2000u);
  // The hour window, not the minute window, sets the pace: 2,500 requests need more than an hour.
  EXPECT_GT(time.now - starts.front(), std::chrono::hours(1));
}

TEST(RateLimiterTest, ABurstUpToTheLimitDoesNotWait) {
  FakeTime time;
  RateLimiter limiter = time.Limiter({{5, seconds(10)}});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Acquire(), Clock::duration::zero());
  EXPECT_GT(limiter.Delay(), seconds(10));  // the window plus its margin
  EXPECT_GT(limiter.Acquire(), seconds(10));
}

TEST(RateLimiterTest, CountsWhatIsLeftInTheLongestWindow) {
  FakeTime time;
  RateLimiter limiter = time.Limiter(DefaultRateWindows());
  for (int i = 0; i < 70; ++i) limiter.Acquire();
  EXPECT_EQ(limiter.LeftInLongestWindow(), 2000u - 70u);
  time.now += std::chrono::hours(2);
  EXPECT_EQ(limiter.LeftInLongestWindow(), 2000u);
}

TEST(RateLimiterTest, ServerPauseHoldsRequestsBack) {
  FakeTime time;
  RateLimiter limiter = time.Limiter({{100, seconds(60)}});
  limiter.PauseFor(seconds(7));
  limiter.PauseFor(seconds(3));  // a shorter pause does not shorten the longer one
  EXPECT_EQ(limiter.Acquire(), seconds(7));
  EXPECT_EQ(limiter.Delay(), Clock::duration::zero());
}

TEST(RateLimiterTest, ParsesWindowsAndRejectsMalformedOnes) {
  auto windows = ParseRateWindows("60/60,2000/3600,5/0.5");
  ASSERT_TRUE(windows.ok()) << windows.status().ToString();
  ASSERT_EQ(windows->size(), 3u);
  EXPECT_EQ((*windows)[1].limit, 2000u);
  EXPECT_EQ((*windows)[1].window, seconds(3600));
  EXPECT_EQ((*windows)[2].window, milliseconds(500));
  for (const char* bad : {"", "60", "60/", "0/60", "1.5/60", "60/-1", "60/60,"}) {
    EXPECT_EQ(ParseRateWindows(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace aq::openaq
