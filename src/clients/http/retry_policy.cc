#include "clients/http/retry_policy.h"

#include <algorithm>

namespace aq::http {

bool IsRetryableStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool IsRejectedBeforeWork(long status) { return status == 429 || status == 503; }

std::chrono::milliseconds BackoffCeiling(const RetryOptions& options, int retry) {
  if (retry < 1) return std::chrono::milliseconds(0);
  // Cap the exponent: 2^30 times any base already exceeds every sane max_delay.
  int exponent = std::min(retry - 1, 30);
  int64_t base = std::max<int64_t>(options.base_delay.count(), 0);
  int64_t ceiling = base << exponent;
  if (exponent > 0 && (ceiling >> exponent) != base) ceiling = INT64_MAX;  // overflow
  return std::chrono::milliseconds(std::min<int64_t>(ceiling, options.max_delay.count()));
}

std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int retry,
                                       std::mt19937_64& rng) {
  int64_t ceiling = BackoffCeiling(options, retry).count();
  if (ceiling <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<int64_t> pick(0, ceiling);
  return std::chrono::milliseconds(pick(rng));
}

RetryBudget::RetryBudget(const RetryOptions& options)
    : options_(options), start_(std::chrono::steady_clock::now()), rng_(std::random_device{}()) {}

bool RetryBudget::NextAttempt(std::chrono::milliseconds* wait) {
  *wait = std::chrono::milliseconds(0);
  if (attempts_ == 0) {
    attempts_ = 1;
    return true;
  }
  if (attempts_ >= std::max(options_.max_attempts, 1)) return false;
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start_);
  auto left = options_.max_total_time - elapsed;
  if (left <= std::chrono::milliseconds(0)) return false;
  *wait = std::min(BackoffDelay(options_, attempts_, rng_), left);
  ++attempts_;
  return true;
}

}  // namespace aq::http
