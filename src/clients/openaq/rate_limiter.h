// RateLimiter: keeps a client under several request quotas at once (OpenAQ v3: 60 a minute and
// 2,000 an hour per key) before the server has to refuse anything.
//
// Each window is a sliding log of the start times of the requests it admitted: a request may start
// when fewer than `limit` requests started in the last `window` (plus a small margin, so that
// requests which reach the server later than they left still fit the server's own count). The
// server can also ask for a pause (x-ratelimit-remaining: 0, or a 429 with x-ratelimit-reset):
// PauseFor holds every request back until then.
//
// The clock and the sleep are injected so that tests run the hour window in microseconds.
//
// Thread safety: all methods may be called from several threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace aq::openaq {

using Clock = std::chrono::steady_clock;

struct RateWindow {
  size_t limit = 0;
  std::chrono::milliseconds window{0};
};

// The documented free-tier quotas: 60 a minute, 2,000 an hour.
std::vector<RateWindow> DefaultRateWindows();

// "60/60,2000/3600": `limit/seconds` pairs separated by commas (seconds may have a fraction).
Result<std::vector<RateWindow>> ParseRateWindows(std::string_view text);

class RateLimiter {
 public:
  using Now = std::function<Clock::time_point()>;
  using Sleep = std::function<void(Clock::duration)>;

  explicit RateLimiter(std::vector<RateWindow> windows, Now now = Clock::now,
                       Sleep sleep = DefaultSleep);

  // How long the next request would have to wait now; zero when it may start.
  Clock::duration Delay();
  // Waits (through the injected sleep) until a request may start, then counts it as started.
  // Returns how long it waited.
  Clock::duration Acquire();
  // Requests the longest window still admits now (for progress: with the default windows, the
  // requests left in the hour).
  size_t LeftInLongestWindow();
  // Holds every request back for `pause` from now (a longer pause already asked for wins).
  void PauseFor(Clock::duration pause);

  const std::vector<RateWindow>& windows() const { return windows_; }

 private:
  static void DefaultSleep(Clock::duration d);
  Clock::duration DelayLocked(Clock::time_point now);

  struct Log {
    RateWindow window;
    Clock::duration span;  // the window plus the margin
    std::deque<Clock::time_point> starts;
  };

  std::vector<RateWindow> windows_;
  Now now_;
  Sleep sleep_;
  std::mutex mu_;
  std::vector<Log> logs_;
  Clock::time_point paused_until_{};
};

}  // namespace aq::openaq
