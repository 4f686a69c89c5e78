#include "clients/openaq/rate_limiter.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <thread>

namespace aq::openaq {
namespace {

// Requests reach the server a little after they leave, and not all equally late: a margin of 5%
// of the window (at most 2 s) keeps a burst admitted at the very edge of our window inside the
// server's window too.
Clock::duration Margin(std::chrono::milliseconds window) {
  return std::min<Clock::duration>(window / 20, std::chrono::seconds(2));
}

bool ParseNumber(std::string_view text, double* out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

std::vector<RateWindow> DefaultRateWindows() {
  return {{60, std::chrono::minutes(1)}, {2000, std::chrono::hours(1)}};
}

Result<std::vector<RateWindow>> ParseRateWindows(std::string_view text) {
  std::vector<RateWindow> windows;
  const std::string usage = "expected LIMIT/SECONDS[,LIMIT/SECONDS...] such as 60/60,2000/3600";
  if (!text.empty() && (text.front() == ',' || text.back() == ',')) {
    return InvalidArgument("rate limits '" + std::string(text) + "' have an empty item: " + usage);
  }
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    size_t slash = item.find('/');
    double limit = 0;
    double seconds = 0;
    if (slash == std::string_view::npos || !ParseNumber(item.substr(0, slash), &limit) ||
        !ParseNumber(item.substr(slash + 1), &seconds) || limit < 1 || seconds <= 0 ||
        limit != static_cast<double>(static_cast<size_t>(limit))) {
      return InvalidArgument("rate limits '" + std::string(item) + "': " + usage);
    }
    windows.push_back({static_cast<size_t>(limit),
                       std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000))});
  }
  if (windows.empty()) return InvalidArgument("rate limits are empty: " + usage);
  return windows;
}

RateLimiter::RateLimiter(std::vector<RateWindow> windows, Now now, Sleep sleep)
    : windows_(std::move(windows)), now_(std::move(now)), sleep_(std::move(sleep)) {
  for (const RateWindow& w : windows_) logs_.push_back({w, w.window + Margin(w.window), {}});
}

void RateLimiter::DefaultSleep(Clock::duration d) { std::this_thread::sleep_for(d); }

Clock::duration RateLimiter::DelayLocked(Clock::time_point now) {
  Clock::duration delay = paused_until_ > now ? paused_until_ - now : Clock::duration::zero();
  for (Log& log : logs_) {
    while (!log.starts.empty() && log.starts.front() + log.span <= now) log.starts.pop_front();
    if (log.starts.size() >= log.window.limit) {
      // The request may start once the oldest that still counts leaves the window.
      Clock::time_point free_at = log.starts[log.starts.size() - log.window.limit] + log.span;
      delay = std::max(delay, free_at - now);
    }
  }
  return delay;
}

Clock::duration RateLimiter::Delay() {
  std::lock_guard lock(mu_);
  return DelayLocked(now_());
}

Clock::duration RateLimiter::Acquire() {
  Clock::duration waited = Clock::duration::zero();
  std::unique_lock lock(mu_);
  for (;;) {
    Clock::time_point now = now_();
    Clock::duration delay = DelayLocked(now);
    if (delay <= Clock::duration::zero()) {
      for (Log& log : logs_) log.starts.push_back(now);
      return waited;
    }
    lock.unlock();
    sleep_(delay);
    waited += delay;
    lock.lock();
  }
}

size_t RateLimiter::LeftInLongestWindow() {
  std::lock_guard lock(mu_);
  DelayLocked(now_());  // drops the starts that left their window
  const Log* longest = nullptr;
  for (const Log& log : logs_) {
    if (longest == nullptr || log.window.window > longest->window.window) longest = &log;
  }
  if (longest == nullptr) return SIZE_MAX;
  return longest->window.limit - std::min(longest->window.limit, longest->starts.size());
}

void RateLimiter::PauseFor(Clock::duration pause) {
  std::lock_guard lock(mu_);
  paused_until_ = std::max(paused_until_, now_() + pause);
}

}  // namespace aq::openaq
