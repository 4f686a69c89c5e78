// OpenAqClient: GET requests to the OpenAQ v3 API (docs.openaq.org), paced and retried.
//
// Every request first passes the RateLimiter (both windows), carries the key in X-API-Key, and
// is retried with exponential backoff and full jitter (clients/http/retry_policy.h) after 5xx,
// timeouts, resets and cut bodies. A 429 waits as long as x-ratelimit-reset says (or backs off
// when it says nothing) and retries; a wait longer than `max_server_wait` is not slept through but
// returned as kUnavailable, so a scheduler retries the job later instead of holding a worker for
// an hour. x-ratelimit-remaining: 0 on any answer pauses the limiter until the reset, before a
// 429 has to be sent. Other errors map to one Status each (response.h).
//
// The key never reaches a message: it is a Secret (common/redact.h) and URLs never carry it.
//
// Thread safety: Get and ForEachPage may be called from several threads at once; they share the
// rate limiter.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "clients/http/http_client.h"
#include "clients/http/url.h"
#include "clients/openaq/rate_limiter.h"
#include "clients/openaq/response.h"
#include "common/redact.h"

namespace aq::openaq {

inline constexpr const char* kDefaultApiUrl = "https://api.openaq.org";
inline constexpr size_t kMaxPageLimit = 1000;  // the v3 API's largest `limit`

struct ClientOptions {
  std::string base_url = kDefaultApiUrl;  // the API root; a trailing "/" or "/v3" is dropped
  Secret api_key;
  std::vector<RateWindow> rate_windows = DefaultRateWindows();
  std::chrono::seconds request_timeout{30};  // an attempt fails after this long without a byte
  int max_attempts = 6;                      // per request, including the first
  std::chrono::milliseconds base_delay{500};
  std::chrono::seconds max_server_wait{300};  // the longest 429 / remaining-0 pause slept through
};

struct ClientStats {
  uint64_t requests = 0;  // sent, retries included
  uint64_t retries = 0;
  uint64_t throttled = 0;     // 429 answers
  double waited_seconds = 0;  // held back by the limiter or a server pause
};

class OpenAqClient {
 public:
  using PageCallback = std::function<Status(const Page&)>;

  explicit OpenAqClient(ClientOptions options);

  // One page of `path` ("/v3/locations") with `query`.
  Result<Page> Get(const std::string& path, const http::QueryParams& query);
  // Pages 1, 2, ... of `path` with `limit` results each, until a short or empty page.
  Status ForEachPage(const std::string& path, http::QueryParams query, size_t limit,
                     const PageCallback& on_page);

  ClientStats stats() const;
  RateLimiter& limiter() { return limiter_; }

 private:
  // Reads x-ratelimit-remaining / -reset; returns the pause the server asks for, if any.
  std::chrono::seconds ServerPause(const http::Headers& headers, bool throttled) const;
  void Wait(std::chrono::milliseconds d);
  Status TooLongAWait(const std::string& what, std::chrono::seconds pause) const;

  ClientOptions options_;
  std::string base_url_;
  http::HttpClient http_;
  RateLimiter limiter_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> throttled_{0};
  std::atomic<int64_t> waited_ms_{0};
  std::mutex mu_;
  Clock::time_point blocked_until_{};  // a server pause longer than max_server_wait ends here
};

// The API root without a trailing "/" or "/v3" (paths carry "/v3/...").
std::string NormalizeBaseUrl(std::string url);

}  // namespace aq::openaq
