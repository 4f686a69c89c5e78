// Retry policy of HttpClient: which failures are transient and how long to
// wait between attempts (exponential backoff with full jitter, as in the AWS
// SDKs' "standard" mode), within a bounded budget of attempts and total time.
//
// Thread safety: RetryOptions is a value. RetryBudget is used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace aq::http {

struct RetryOptions {
  int max_attempts = 5;  // including the first; 1 disables retries
  std::chrono::milliseconds base_delay{100};
  std::chrono::milliseconds max_delay{20'000};
  std::chrono::milliseconds max_total_time{120'000};  // no new attempt starts after this
};

// HTTP statuses worth another attempt: throttling and transient server failures.
bool IsRetryableStatus(long status);
// Statuses that reject a request before it has any effect, so even an unsafe
// request (a POST) may be resent after them.
bool IsRejectedBeforeWork(long status);

// The largest wait before retry number `retry` (1 for the first retry):
// min(max_delay, base_delay * 2^(retry-1)).
std::chrono::milliseconds BackoffCeiling(const RetryOptions& options, int retry);

// Full jitter: a uniformly random wait in [0, BackoffCeiling].
std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int retry,
                                       std::mt19937_64& rng);

// Counts attempts and elapsed time against RetryOptions.
class RetryBudget {
 public:
  explicit RetryBudget(const RetryOptions& options);

  // Whether another attempt may start; if so, the wait before it (already
  // shortened so it ends within the time budget). Counts the attempt.
  bool NextAttempt(std::chrono::milliseconds* wait);
  int attempts() const { return attempts_; }

 private:
  RetryOptions options_;
  std::chrono::steady_clock::time_point start_;
  int attempts_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace aq::http
